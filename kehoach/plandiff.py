"""Semantic diff of plans: what changed for reviewers (items moved, deadlines shifted), not which YAML lines.

Both sides are parsed with the fast safe loader (never round-trip) and built with ``model.build_plan``;
items are matched by id, and an id change with the same text is a rename.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kehoach.errors import PlanDataError, UsageError
from kehoach.loader import decode, parse_text
from kehoach.model import TASK, Item, Plan, ReportRule, as_date, as_list, build_plan
from kehoach.spec import KEY_ORDER
from kehoach.status import PLANNED, normalize_status
from kehoach.text import nfc

ADDED, REMOVED, MODIFIED, RENAMED = "added", "removed", "modified", "renamed"
LATER, EARLIER, GAINED, LOST = "later", "earlier", "gained", "lost"
SHIFT_LABELS = {LATER: "lùi hạn", EARLIER: "đẩy sớm", GAINED: "có hạn mới", LOST: "bỏ hạn"}
DATE_KEYS = {"due", "done_on", "date", "issued", "effective"}
LIST_KEYS = {"lead", "support", "from", "to"}


# -- values ---------------------------------------------------------------------------------------
def normalize(key: str, value: Any) -> Any:
    """A value as compared and shown: dates ISO, statuses canonical, agency lists as lists, text NFC."""
    if value is None:
        return None
    if key in LIST_KEYS:
        return as_list(value)
    if key == "status":
        return normalize_status(value) or nfc(str(value))
    if isinstance(value, dt.date) or key in DATE_KEYS:
        day = as_date(value)
        return day.isoformat() if day else nfc(str(value))
    if isinstance(value, dict):
        return {str(k): normalize(str(k), v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize(key, v) for v in value]
    if isinstance(value, str):
        return nfc(value)
    return value


@dataclass
class FieldChange:
    field: str
    old: Any
    new: Any

    @property
    def is_list(self) -> bool:
        return isinstance(self.old, list) or isinstance(self.new, list)

    @property
    def added(self) -> list:
        """For list values: the entries only in the new value."""
        old, new = self.old or [], self.new or []
        return [v for v in new if v not in old] if self.is_list else []

    @property
    def removed(self) -> list:
        old, new = self.old or [], self.new or []
        return [v for v in old if v not in new] if self.is_list else []

    def to_dict(self) -> dict:
        out = {"field": self.field, "old": self.old, "new": self.new}
        if self.is_list:
            out["added"], out["removed"] = self.added, self.removed
        return out


@dataclass
class DeadlineShift:
    old: dt.date | None
    new: dt.date | None

    @property
    def days(self) -> int | None:
        return (self.new - self.old).days if self.old and self.new else None

    @property
    def direction(self) -> str:
        if self.old and self.new:
            return LATER if self.new > self.old else EARLIER
        return GAINED if self.new else LOST

    @property
    def label(self) -> str:
        """'lùi hạn 92 ngày', 'đẩy sớm 30 ngày', 'có hạn mới', 'bỏ hạn'."""
        days = self.days
        return f"{SHIFT_LABELS[self.direction]} {abs(days)} ngày" if days is not None else SHIFT_LABELS[self.direction]

    def to_dict(self) -> dict:
        return {"old": self.old, "new": self.new, "days": self.days, "direction": self.direction, "label": self.label}


def _shift(old: dt.date | None, new: dt.date | None) -> DeadlineShift | None:
    return DeadlineShift(old, new) if old != new else None


def field_changes(old: dict, new: dict, order: list[str], skip: tuple = ()) -> list[FieldChange]:
    """Field-by-field changes between two mappings, in the documented key order, then unknown keys."""
    keys = [k for k in order if k in old or k in new]
    keys += sorted((set(old) | set(new)) - set(order), key=str)
    out = []
    for key in keys:
        if key in skip:
            continue
        a, b = normalize(key, old.get(key)), normalize(key, new.get(key))
        if key == "status":  # no status means planned
            a, b = a or PLANNED, b or PLANNED
        if a != b:
            out.append(FieldChange(str(key), a, b))
    return out


# -- diffs ----------------------------------------------------------------------------------------
@dataclass
class ItemChange:
    id: str
    kind: str  # task | delegation
    change: str  # added | removed | modified | renamed
    text: str
    when: str | None = None
    old_id: str | None = None
    section: str = ""  # the section id (new side; old side for a removed item)
    section_title: str = ""
    moved_from: tuple[str, str] | None = None  # (section id, title) on the old side when moved
    fields: list[FieldChange] = field(default_factory=list)
    deadline: DeadlineShift | None = None
    line: int = 0

    @property
    def moved(self) -> bool:
        return self.moved_from is not None

    @property
    def status_change(self) -> FieldChange | None:
        return next((f for f in self.fields if f.field == "status"), None)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "change": self.change,
            "text": self.text,
            "when": self.when,
            "old_id": self.old_id,
            "section": self.section,
            "section_title": self.section_title,
            "moved": self.moved,
            "moved_from": ({"section": self.moved_from[0], "title": self.moved_from[1]} if self.moved_from else None),
            "fields": [f.to_dict() for f in self.fields],
            "deadline": self.deadline.to_dict() if self.deadline else None,
            "line": self.line,
        }


@dataclass
class EntryChange:
    """A reporting rule or a section: added, removed or changed field by field."""

    id: str
    change: str
    title: str
    fields: list[FieldChange] = field(default_factory=list)
    deadline: DeadlineShift | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "change": self.change,
            "title": self.title,
            "fields": [f.to_dict() for f in self.fields],
            "deadline": self.deadline.to_dict() if self.deadline else None,
        }


@dataclass
class PlanDiff:
    plan_id: str
    label: str  # the plan number, or its id
    title: str
    change: str  # added | removed | modified
    path: str
    old_path: str | None = None
    meta: list[FieldChange] = field(default_factory=list)
    rules: list[FieldChange] = field(default_factory=list)
    reporting: list[EntryChange] = field(default_factory=list)
    sections: list[EntryChange] = field(default_factory=list)
    items: list[ItemChange] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # for an added/removed plan: what it holds
    error: str | None = None

    @property
    def changed(self) -> bool:
        return bool(
            self.change != MODIFIED
            or self.old_path != self.path
            or self.meta
            or self.rules
            or self.reporting
            or self.sections
            or self.items
            or self.error
        )

    def to_dict(self) -> dict:
        return {
            "plan": self.plan_id,
            "label": self.label,
            "title": self.title,
            "change": self.change,
            "path": self.path,
            "old_path": self.old_path,
            "error": self.error,
            "counts": self.counts,
            "meta": [f.to_dict() for f in self.meta],
            "rules": [f.to_dict() for f in self.rules],
            "reporting": [r.to_dict() for r in self.reporting],
            "sections": [s.to_dict() for s in self.sections],
            "items": [i.to_dict() for i in self.items],
        }


def _match_key(item: Item) -> tuple:
    return item.kind, " ".join(item.text.split()).casefold()


def item_change(old: Item, new: Item) -> ItemChange | None:
    """What changed in one item (matched by id or renamed); None when nothing did."""
    order = KEY_ORDER["item" if new.kind == TASK else "delegation"]
    fields = field_changes(old.data, new.data, order, skip=("id",))
    old_deadline = old.timeframe.deadline if old.timeframe else None
    new_deadline = new.timeframe.deadline if new.timeframe else None
    moved = (old.section[-1] if old.section else ("", "")) if old.section_id != new.section_id else None
    renamed = old.id != new.id
    if not (fields or moved or renamed or old_deadline != new_deadline):
        return None
    return ItemChange(
        id=new.id,
        kind=new.kind,
        change=RENAMED if renamed else MODIFIED,
        text=new.text,
        when=new.when,
        old_id=old.id if renamed else None,
        section=new.section_id,
        section_title=new.section[-1][1] if new.section else "",
        moved_from=moved,
        fields=fields,
        deadline=_shift(old_deadline, new_deadline),
        line=new.line,
    )


def _lone(item: Item, change: str) -> ItemChange:
    return ItemChange(
        id=item.id,
        kind=item.kind,
        change=change,
        text=item.text,
        when=item.when,
        section=item.section_id,
        section_title=item.section[-1][1] if item.section else "",
        deadline=None,
        line=item.line,
    )


def diff_items(old_items: list[Item], new_items: list[Item]) -> list[ItemChange]:
    """Item changes in the new plan's order, removed items after the others, renames detected by text."""
    old_by_id = {i.id: i for i in old_items}
    new_by_id = {i.id: i for i in new_items}
    removed = [i for i in old_items if i.id not in new_by_id]
    added = [i for i in new_items if i.id not in old_by_id]
    renamed_from: dict[str, Item] = {}
    pool: dict[tuple, list[Item]] = {}
    for item in removed:
        pool.setdefault(_match_key(item), []).append(item)
    for item in added:
        candidates = pool.get(_match_key(item))
        if candidates and item.text.strip():
            renamed_from[item.id] = candidates.pop(0)
    gone = {i.id for i in renamed_from.values()}
    out: list[ItemChange] = []
    for item in new_items:
        if item.id in old_by_id:
            change = item_change(old_by_id[item.id], item)
        elif item.id in renamed_from:
            change = item_change(renamed_from[item.id], item)
        else:
            change = _lone(item, ADDED)
        if change:
            out.append(change)
    out.extend(_lone(i, REMOVED) for i in removed if i.id not in gone)
    return out


def _rule_deadline(rule: ReportRule, year: int) -> dt.date | None:
    return rule.deadline_in(rule.date.year if rule.date else year)


def _entries(data: dict, key: str) -> list[dict]:
    value = data.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def diff_reporting(old: Version, new: Version) -> list[EntryChange]:
    old_raw = {r.id: d for r, d in zip(old.plan.reporting, _entries(old.data, "reporting"), strict=False)}
    new_raw = {r.id: d for r, d in zip(new.plan.reporting, _entries(new.data, "reporting"), strict=False)}
    old_rules = {r.id: r for r in old.plan.reporting}
    out = []
    for rule in new.plan.reporting:
        if rule.id not in old_rules:
            out.append(EntryChange(rule.id, ADDED, rule.title))
            continue
        fields = field_changes(old_raw.get(rule.id, {}), new_raw.get(rule.id, {}), KEY_ORDER["reporting"], ("id",))
        if fields:
            shift = _shift(_rule_deadline(old_rules[rule.id], old.plan.year), _rule_deadline(rule, new.plan.year))
            out.append(EntryChange(rule.id, MODIFIED, rule.title, fields, shift))
    new_ids = {r.id for r in new.plan.reporting}
    out.extend(EntryChange(r.id, REMOVED, r.title) for r in old.plan.reporting if r.id not in new_ids)
    return out


def _sections(data: dict) -> dict[str, dict]:
    """section id → its own keys (not items or sub-sections), for every section at any depth."""
    out: dict[str, dict] = {}

    def walk(raw: list[dict]) -> None:
        for sec in raw:
            out.setdefault(str(sec.get("id") or ""), {k: v for k, v in sec.items() if k not in ("items", "sections")})
            walk(_entries(sec, "sections"))

    walk(_entries(data, "sections"))
    return out


def diff_sections(old: Version, new: Version) -> list[EntryChange]:
    a, b = _sections(old.data), _sections(new.data)
    out = []
    for sid, data in b.items():
        if sid not in a:
            out.append(EntryChange(sid, ADDED, nfc(str(data.get("title") or ""))))
            continue
        fields = field_changes(a[sid], data, KEY_ORDER["section"], ("id",))
        if fields:
            out.append(EntryChange(sid, MODIFIED, nfc(str(data.get("title") or "")), fields))
    out.extend(EntryChange(sid, REMOVED, nfc(str(d.get("title") or ""))) for sid, d in a.items() if sid not in b)
    return out


def _counts(plan: Plan) -> dict[str, int]:
    return {"tasks": len(plan.tasks), "delegations": len(plan.delegations), "reporting": len(plan.reporting)}


@dataclass
class Version:
    """One side of a plan: the model and the raw mapping it was built from."""

    plan: Plan
    data: dict


def diff_plans(old: Version | None, new: Version | None) -> PlanDiff:
    """The semantic diff of two versions of a plan (either may be None: the plan was added or removed)."""
    ref = (new or old).plan
    change = ADDED if old is None else REMOVED if new is None else MODIFIED
    out = PlanDiff(
        plan_id=ref.id,
        label=ref.label,
        title=ref.title,
        change=change,
        path=ref.path,
        old_path=old.plan.path if old else None,
    )
    if old is None or new is None:
        out.counts = _counts(ref)
        return out
    out.meta = field_changes(old.plan.meta, new.plan.meta, KEY_ORDER["plan"])
    out.rules = field_changes(old.plan.rules, new.plan.rules, KEY_ORDER["rules"])
    out.reporting = diff_reporting(old, new)
    out.sections = diff_sections(old, new)
    out.items = diff_items(old.plan.items, new.plan.items)
    return out


# -- reading both sides -----------------------------------------------------------------------------
def read_plan(raw: bytes, path: str) -> Version | None:
    """A plan from file bytes; None when the file is YAML but not a plan (e.g. the agency registry).

    Raises PlanDataError when the file cannot be parsed, or is over the plan size limit (KH110, as for every
    other read: kehoach.limits).
    """
    from kehoach.loader import check_size

    check_size(raw, path)
    doc = parse_text(decode(raw, path), path)
    if not isinstance(doc.data, dict) or not isinstance(doc.data.get("plan"), dict):
        return None
    return Version(build_plan(doc.data, path, doc.marks), doc.data)


def _error_text(exc: PlanDataError) -> str:
    if exc.diagnostics:
        d = exc.diagnostics[0]
        return f"{d.location}: {d.code} {d.message}"
    return exc.message


def compare_files(old: dict[str, bytes], new: dict[str, bytes], scope_plans: bool = True) -> list[PlanDiff]:
    """Diff two sets of files (path → bytes). Plans are matched by plan id, then by path.

    A file that cannot be parsed is reported (``error``) when the other side is a plan or, with
    ``scope_plans``, whenever it is in scope; other YAML files (the agency registry, CI files) are skipped.
    """
    sides: list[dict[str, Version]] = [{}, {}]
    errors: list[dict[str, str]] = [{}, {}]
    for n, files in enumerate((old, new)):
        for path in sorted(files):
            try:
                version = read_plan(files[path], path)
            except PlanDataError as exc:
                errors[n][path] = _error_text(exc)
                continue
            if version is not None:
                sides[n][path] = version
    old_plans, new_plans = sides
    pairs: dict[str, str] = {}  # new path → old path
    old_by_id: dict[str, str] = {}
    for path, v in old_plans.items():
        old_by_id.setdefault(v.plan.id, path)
    for path, v in new_plans.items():  # first by plan id: a renamed file is the same plan
        old_path = old_by_id.get(v.plan.id) if v.plan.id else None
        if old_path and old_path not in pairs.values():
            pairs[path] = old_path
    for path in new_plans:  # then by path: the plan id itself changed
        if path not in pairs and path in old_plans and path not in pairs.values():
            pairs[path] = path
    out: list[PlanDiff] = []
    for path, version in new_plans.items():
        if path in pairs:
            diff = diff_plans(old_plans[pairs[path]], version)
        elif path in errors[0]:
            diff = PlanDiff(
                version.plan.id,
                version.plan.label,
                version.plan.title,
                MODIFIED,
                path,
                path,
                error=f"the old version cannot be read: {errors[0][path]}",
            )
        else:
            diff = diff_plans(None, version)
        if diff.changed:
            out.append(diff)
    for path, version in old_plans.items():
        if path in pairs.values():
            continue
        if path in errors[1]:
            out.append(
                PlanDiff(
                    version.plan.id,
                    version.plan.label,
                    version.plan.title,
                    MODIFIED,
                    path,
                    path,
                    error=f"the new version cannot be read: {errors[1][path]}",
                )
            )
        else:
            out.append(diff_plans(version, None))
    if scope_plans:
        for path, message in errors[1].items():
            if path not in old_plans:
                out.append(
                    PlanDiff(
                        "", path, "", MODIFIED if path in errors[0] else ADDED, path, error=f"cannot be read: {message}"
                    )
                )
    return sorted(out, key=lambda d: (d.path, d.plan_id))


# -- git --------------------------------------------------------------------------------------------
@dataclass
class Side:
    rev: str | None  # as the user wrote it; None: the working tree
    sha: str | None
    label: str

    def to_dict(self) -> dict:
        return {"rev": self.rev, "sha": self.sha, "label": self.label}


@dataclass
class DiffResult:
    base: Side
    head: Side
    paths: list[str]
    plans: list[PlanDiff]

    @property
    def changed(self) -> bool:
        return any(p.changed for p in self.plans)

    def to_dict(self) -> dict:
        return {
            "base": self.base.to_dict(),
            "head": self.head.to_dict(),
            "paths": self.paths,
            "changed": self.changed,
            "plans": [p.to_dict() for p in self.plans],
        }


WORKTREE_LABEL = "working tree"


def resolve_sides(git, revs: list[str]) -> tuple[Side, Side]:
    """git's conventions: none → HEAD vs working tree; A → A vs working tree; A B; A..B; A...B (merge base)."""
    from kehoach.gitrepo import check_rev

    for rev in revs:
        check_rev(rev)
    if len(revs) > 2:
        raise UsageError(
            f"at most two revisions, got {len(revs)}: {' '.join(revs)}",
            hint="put paths after '--': kehoach diff main -- plans/x.yaml",
        )
    if not revs:
        return Side("HEAD", git.resolve("HEAD"), "HEAD"), Side(None, None, WORKTREE_LABEL)
    if len(revs) == 1 and "..." in revs[0]:
        a, b = revs[0].split("...", 1)
        a, b = a or "HEAD", b or "HEAD"
        return Side(revs[0], git.merge_base(a, b), f"{a} (merge base with {b})"), Side(b, git.resolve(b), b)
    if len(revs) == 1 and ".." in revs[0]:
        a, b = revs[0].split("..", 1)
        a, b = a or "HEAD", b or "HEAD"
        return Side(a, git.resolve(a), a), Side(b, git.resolve(b), b)
    if len(revs) == 1:
        return Side(revs[0], git.resolve(revs[0]), revs[0]), Side(None, None, WORKTREE_LABEL)
    return (Side(revs[0], git.resolve(revs[0]), revs[0]), Side(revs[1], git.resolve(revs[1]), revs[1]))


def _is_yaml(path: str) -> bool:
    return path.endswith((".yaml", ".yml"))


def read_side(git, side: Side, paths: list[str]) -> dict[str, bytes]:
    """path → bytes of every YAML file under ``paths`` at one side."""
    if side.sha is None:
        return {p: git.read_worktree(p) for p in git.ls_worktree(paths) if _is_yaml(p)}
    tree = {p: b for p, b in git.ls_tree(side.sha, paths).items() if _is_yaml(p)}
    blobs = git.blobs(list(tree.values()))
    return {p: blobs[b] for p, b in tree.items()}


def split_args(git, args: list[str], after_dashdash: list[str] | None, cwd) -> tuple[list[str], list[str]]:
    """Revisions and repository-relative paths from the command line, the way git reads them.

    Arguments after ``--`` are paths. Without ``--``, an argument is a revision when git knows it and a
    path when it exists; the first path ends the revisions; one that could be both is refused.
    """
    from pathlib import Path

    from kehoach.errors import GitError

    cwd = Path(cwd)
    if after_dashdash is not None:
        revs, paths = list(args), list(after_dashdash)
    else:
        revs, paths = [], []
        for arg in args:
            if paths:
                paths.append(arg)
                continue
            is_path = (cwd / arg).exists()
            is_rev = git.is_rev(arg)
            if is_rev and is_path:
                raise UsageError(
                    f"'{arg}' is both a revision and a path",
                    hint=f"write 'kehoach diff {arg} --' for the revision or 'kehoach diff -- {arg}' for the path",
                )
            if is_rev:
                revs.append(arg)
            elif is_path:
                paths.append(arg)
            else:
                raise GitError(
                    f"'{arg}' is neither a known revision nor a file",
                    hint="put paths after '--' when they no longer exist",
                )
    return revs, [git.relative(p, cwd) for p in paths]


def semantic_diff(git, revs: list[str], paths: list[str], scope_plans: bool = True) -> DiffResult:
    """The semantic diff of the plans under ``paths`` (repository-relative) between two revisions."""
    base, head = resolve_sides(git, revs)
    old, new = drop_unchanged(read_side(git, base, paths), read_side(git, head, paths))
    return DiffResult(base, head, paths, compare_files(old, new, scope_plans))


def drop_unchanged(old: dict[str, bytes], new: dict[str, bytes]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Leave out the files with the same bytes at the same path on both sides: they change nothing, and a
    national repository holds hundreds (a broken one among them is for `validate`, not for a diff)."""
    same = {path for path, raw in new.items() if old.get(path) == raw}
    return {p: b for p, b in old.items() if p not in same}, {p: b for p, b in new.items() if p not in same}
