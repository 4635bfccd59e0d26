"""``kehoach import FILE --update``: update an existing plan from a table, losing nothing.

The table is imported as usual (``importing.import_table``); its items are then matched to the plan's by id.
For an item in both, only the fields the table has a column for are compared (with ``plandiff.normalize``, so
``Hoàn thành`` equals ``done`` and ``30/6/2024`` equals ``2024-06-30``); a field that differs is set, a cell
emptied removes the field. Rows new to the plan are added to their section (created when new); items of the
plan missing from the table are reported (``KH635``) and removed only with ``prune``. Everything else — plan
metadata, reporting rules, notes the table has no column for, comments, key order, quoting — stays as it is:
the edit goes through the one round-trip writer (``yamlwrite``) and the line merge of ``kehoach set``
(``edit.splice``), so a one-cell change is a one-line diff.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kehoach.diagnostics import Diagnostic
from kehoach.edit import error_counts, error_list, read_for_edit, splice
from kehoach.errors import ConflictError
from kehoach.loader import parse_text
from kehoach.plandiff import compare_files, normalize
from kehoach.spec import KEY_ORDER
from kehoach.status import DONE, normalize_status
from kehoach.text import nfc
from kehoach.yamlwrite import commented, del_key, dump, load_rt, move_trailing, plain, set_key

# fields a table column stands for (pseudo-fields of the importer expanded)
_NOT_FIELDS = {"tt", "id", "section", "?", "-"}


@dataclass
class FieldEdit:
    item: str
    field: str
    old: Any
    new: Any


@dataclass
class UpdateResult:
    path: Path
    edits: list[FieldEdit] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # in the plan, not in the table
    removed: list[str] = field(default_factory=list)  # missing and pruned
    diagnostics: list[Diagnostic] = field(default_factory=list)
    before: bytes = b""
    after: bytes = b""
    written: bool = False

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def plan_diffs(self, display: str):
        """The semantic diff (plandiff) between the plan before and after."""
        return compare_files({display: self.before}, {display: self.after})

    def to_dict(self) -> dict:
        return {
            "plan": str(self.path),
            "written": self.written,
            "edits": [vars(e) | {"old": _show(e.old), "new": _show(e.new)} for e in self.edits],
            "added": self.added,
            "missing": self.missing,
            "removed": self.removed,
        }


def _show(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def covered_fields(tables) -> dict[str, set[str]]:
    """item kind → the plan fields the imported table(s) have a column for."""
    out: dict[str, set[str]] = {"task": set(), "delegation": set()}
    for t in tables:
        fields = set(t.columns.values()) - _NOT_FIELDS
        if "funding_or_budget" in fields:
            fields |= {"funding", "budget"}
            fields.discard("funding_or_budget")
        out[t.kind] |= fields
        if t.kind == "delegation":
            out[t.kind] |= {"direction", "level", "group"} & (fields | {"direction"})
    return out


def _walk_sections(sections, parent=None):
    for sec in sections or []:
        if isinstance(sec, dict):
            yield sec, parent
            yield from _walk_sections(sec.get("sections"), sec)


def _items(data: dict) -> dict[str, tuple[dict, str, dict | None]]:
    """id → (item, kind, section) of a plain plan document."""
    out: dict[str, tuple[dict, str, dict | None]] = {}
    for sec, _parent in _walk_sections(data.get("sections")):
        for item in sec.get("items") or []:
            if isinstance(item, dict):
                out[str(item.get("id"))] = (item, "task", sec)
    for entry in data.get("delegations") or []:
        if isinstance(entry, dict):
            out[str(entry.get("id"))] = (entry, "delegation", None)
    return out


def _same(key: str, old: Any, new: Any) -> bool:
    if key == "status":  # no status is "planned"
        return normalize_status(old or None) == normalize_status(new or None)

    def norm(v):
        v = normalize(key, v)
        if isinstance(v, str):
            v = " ".join(v.split())
        return None if v in ("", [], None) else v

    return norm(old) == norm(new)


def _rt_value(key: str, value: Any):
    """A plain value as the round-trip writer keeps it (block lists, mappings in key order)."""
    if key == "status" and isinstance(value, str):
        return normalize_status(value) or nfc(value)
    return commented(value)


def _rt_entry(entry: dict, kind: str):
    from ruamel.yaml.comments import CommentedMap

    out = CommentedMap()
    order = KEY_ORDER["item" if kind == "task" else "delegation"]
    for k in order:
        if k in entry and entry[k] not in (None, "", []):
            out[k] = _rt_value(k, entry[k])
    return out


def _append(seq, value) -> None:
    seq.append(value)
    if len(seq) > 1:
        move_trailing(seq, len(seq) - 2, seq, len(seq) - 1)


def _remove(seq, index: int) -> None:
    if index == len(seq) - 1 and len(seq) > 1:
        move_trailing(seq, index, seq, index - 1)
    del seq[index]


def update_plan(
    plan_path: Path,
    imported: dict,
    tables,
    *,
    prune: bool = False,
    dry_run: bool = False,
    display: str | None = None,
    table_name: str = "",
    today: dt.date | None = None,
    results: dict[str, str] | None = None,
) -> UpdateResult:
    """Apply the imported plan document ``imported`` (with the ``tables`` it came from) to the plan file."""
    from ruamel.yaml.comments import CommentedSeq

    from kehoach.fileio import atomic_write

    display = display or str(plan_path)
    original, text, work, crlf, doc_before, errors_before = read_for_edit(Path(plan_path), display)
    yaml, rt = load_rt(work, display, preserve_quotes=True)
    unchanged = dump(yaml, rt)

    result = UpdateResult(Path(plan_path), before=original)
    results = results or {}
    covered = covered_fields(tables)
    old = _items(plain(rt))
    new = _items(imported)
    rt_items = _rt_index(rt)

    for iid, (entry, kind, _sec) in new.items():
        if iid not in old:
            continue
        node = rt_items[iid]
        order = KEY_ORDER["item" if kind == "task" else "delegation"]
        for key in order:
            if key not in covered[kind] or key == "id":
                continue
            before, after = node.get(key), entry.get(key)
            if _same(key, before, after):
                continue
            if after in (None, "", []):
                del_key(node, key)
            else:
                set_key(node, key, _rt_value(key, after), order)
            result.edits.append(FieldEdit(iid, key, plain(before), plain(after)))
        if normalize_status(node.get("status")) == DONE and not node.get("done_on") and today is not None:
            # done without a date in the table: done today, as 'kehoach set --status done' does
            set_key(node, "done_on", today, order)
            result.edits.append(FieldEdit(iid, "done_on", None, today))
        result_text = results.get(iid)
        if "progress" not in covered[kind] and result_text:
            progress = node.get("progress")
            last = progress[-1].get("note") if isinstance(progress, list) and progress else None
            if not _same("note", last, result_text):
                entry_map = _rt_value("", {"date": today or dt.date.today(), "note": result_text})
                if isinstance(progress, CommentedSeq):
                    _append(progress, entry_map)
                else:
                    set_key(node, "progress", _rt_value("progress", [dict(entry_map)]), order)
                result.edits.append(
                    FieldEdit(iid, "progress", None, {"date": _show(entry_map["date"]), "note": result_text})
                )

    # sections whose heading row changed its title
    old_secs = {str(s.get("id")): s for s, _p in _walk_sections(rt.get("sections"))}
    for sec, _parent in _walk_sections(imported.get("sections")):
        node = old_secs.get(str(sec.get("id")))
        if node is not None and sec.get("title") and not _same("title", node.get("title"), sec.get("title")):
            result.edits.append(FieldEdit(f"§{sec['id']}", "title", node.get("title"), sec["title"]))
            node["title"] = nfc(sec["title"])

    # rows new to the plan, into their section (created when it is new)
    for iid, (entry, kind, sec) in new.items():
        if iid in old:
            continue
        result.added.append(iid)
        value = _rt_entry(entry, kind)
        if kind == "delegation":
            if not isinstance(rt.get("delegations"), CommentedSeq):
                set_key(rt, "delegations", CommentedSeq(), KEY_ORDER["top"])
            _append(rt["delegations"], value)
            continue
        target = _section_for(rt, imported, sec)
        if not isinstance(target.get("items"), CommentedSeq):
            set_key(target, "items", CommentedSeq(), KEY_ORDER["section"])
        _append(target["items"], value)

    # items of the plan the table does not have (only of the kinds the table holds)
    kinds = {t.kind for t in tables}
    for iid, (_entry, kind, _sec) in old.items():
        if iid in new or kind not in kinds:
            continue
        result.missing.append(iid)
        result.diagnostics.append(
            Diagnostic(
                "KH635",
                f"'{iid}' is in the plan but not in the table; "
                + ("it is removed (--prune)" if prune else "it is kept"),
                table_name,
                hint="" if prune else "add --prune to remove the items the table no longer has",
            )
        )
        if prune:
            _remove_item(rt, iid)
            result.removed.append(iid)

    edited = dump(yaml, rt)
    new_text = splice(work, unchanged, edited, display)
    if plain(parse_text(new_text, display).data) != plain(parse_text(edited, display).data):
        raise ConflictError(
            f"{display}: cannot update the plan in place; nothing was written",
            hint=f"run 'kehoach fmt {display}' first",
        )
    doc_after = parse_text(new_text, display)
    new_errors = error_counts(doc_after) - errors_before
    if new_errors:
        first = next(d for d in error_list(doc_after) if (d.code, d.message) in new_errors)
        raise ConflictError(
            f"the updated plan would not validate ({first.code} {first.message} at line {first.line}); "
            "nothing was written"
        )
    if crlf:
        new_text = new_text.replace("\n", "\r\n")
    result.after = new_text.encode("utf-8") if new_text != text else original
    if result.changed and not dry_run:
        if Path(plan_path).read_bytes() != original:
            raise ConflictError(f"{display} changed on disk while it was being updated; nothing was written")
        atomic_write(Path(plan_path), new_text)
        result.written = True
    return result


def _rt_index(rt) -> dict:
    out = {}
    for sec, _p in _walk_sections(rt.get("sections")):
        for item in sec.get("items") or []:
            out[str(item.get("id"))] = item
    for entry in rt.get("delegations") or []:
        out[str(entry.get("id"))] = entry
    return out


def _section_for(rt, imported: dict, sec: dict):
    """The plan's section with the id of the table's section ``sec``; created (with its parents) when new."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    by_id = {str(s.get("id")): s for s, _p in _walk_sections(rt.get("sections"))}
    sid = str(sec.get("id"))
    if sid in by_id:
        return by_id[sid]
    parents = {str(s.get("id")): p for s, p in _walk_sections(imported.get("sections"))}
    parent = parents.get(sid)
    holder = _section_for(rt, imported, parent) if parent is not None else rt
    key = "sections"
    new = CommentedMap()
    new["id"] = sec.get("id")
    new["title"] = nfc(str(sec.get("title") or sid))
    if not isinstance(holder.get(key), CommentedSeq):
        set_key(holder, key, CommentedSeq(), KEY_ORDER["section" if holder is not rt else "top"])
    _append(holder[key], new)
    return new


def _remove_item(rt, iid: str) -> None:
    for sec, _p in _walk_sections(rt.get("sections")):
        items = sec.get("items") or []
        for i, item in enumerate(items):
            if str(item.get("id")) == iid:
                _remove(items, i)
                return
    dels = rt.get("delegations") or []
    for i, entry in enumerate(dels):
        if str(entry.get("id")) == iid:
            _remove(dels, i)
            return


# -- what a plain --force import would lose -----------------------------------------------------------------
def overwrite_losses(old_data: dict, new_data: dict) -> list[str]:
    """What replacing the plan ``old_data`` by the imported ``new_data`` loses, in words (empty: nothing)."""
    lost: list[str] = []
    for key in KEY_ORDER["top"]:
        if key in ("kehoach", "plan", "sections", "delegations"):
            continue
        if old_data.get(key) and not new_data.get(key):
            n = len(old_data[key]) if isinstance(old_data[key], list) else 1
            lost.append(f"{key} ({n})")
    old_meta, new_meta = old_data.get("plan") or {}, new_data.get("plan") or {}
    meta = [k for k in old_meta if old_meta.get(k) not in (None, "") and not _same(k, old_meta[k], new_meta.get(k))]
    if meta:
        lost.append("plan." + ", plan.".join(meta))
    old_items, new_items = _items(old_data), _items(new_data)
    gone = [i for i in old_items if i not in new_items]
    if gone:
        lost.append(f"{len(gone)} item(s) not in the table ({', '.join(gone[:5])}{', …' if len(gone) > 5 else ''})")
    fields: dict[str, int] = {}
    for iid, (entry, _kind, _sec) in old_items.items():
        if iid not in new_items:
            continue
        other = new_items[iid][0]
        for key, value in entry.items():
            if value not in (None, "", []) and not _same(key, value, other.get(key)):
                fields[key] = fields.get(key, 0) + 1
    if fields:
        lost.append("values of " + ", ".join(f"{k} ({n})" for k, n in sorted(fields.items())))
    return lost


def count_comments(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.lstrip().startswith("#"))
