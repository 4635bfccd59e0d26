"""The plan repository: where plans live, loading them all, and finding plans and items by name."""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.agencies import Registry, registry_from_data
from kehoach.config import Config
from kehoach.diagnostics import Diagnostic
from kehoach.errors import PlanDataError, UsageError
from kehoach.loader import Document
from kehoach.model import Item, Plan, build_plan, plan_readings
from kehoach.text import closest, fold

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

AGENCY_FILE = "agencies.yaml"
PACKAGED = Path(__file__).parent / "data" / "plans"
SOURCE_TREE = Path(__file__).parent.parent / "plans"


def default_plans_dir(config: Config, explicit: str | Path | None = None) -> Path:
    """--plans-dir, else $KEHOACH_PLANS, else the config's `plans`, else ./plans, else the shipped plans."""
    if explicit:
        return Path(explicit)
    if env := os.environ.get("KEHOACH_PLANS"):
        return Path(env)
    if config.get("plans"):
        return config.root / str(config.get("plans"))
    for candidate in (config.root / "plans", Path.cwd() / "plans"):
        if candidate.is_dir():
            return candidate
    return PACKAGED if PACKAGED.is_dir() else SOURCE_TREE


def plan_files(paths: list[Path]) -> list[Path]:
    """Every YAML file named or below the named folders, sorted, the agency registry first."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and not _hidden(p, path)))
        else:
            out.append(path)
    return sorted(dict.fromkeys(out), key=lambda p: (p.name != AGENCY_FILE, str(p)))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def outside_root(path: Path, root: Path) -> Diagnostic | None:
    """A file that is not read: a name that is not UTF-8 (KH121), a symlink out of the repository (KH113)."""
    if not utf8_name(str(path)):
        return Diagnostic("KH121", "the file name is not UTF-8; the file is not read", printable_path(str(path)))
    if path.is_symlink():
        try:
            path.resolve().relative_to(root.resolve())
        except ValueError:
            return Diagnostic("KH113", f"symbolic link to {os.readlink(path)} points outside the repository", str(path))
    return None


@dataclass
class Repo:
    """A plans folder as read: the agency registry and the plans (some only by their summary, ``LazyPlan``)."""

    root: Path
    registry: Registry
    plans: list[Plan] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    store: Any = field(default=None, repr=False, compare=False)  # the parse cache it was read through

    def plan(self, ref: str) -> Plan:
        """A plan by id (``brvt-58-2024``) or number (``58/KH-UBND``), accent- and case-insensitive."""
        key = fold(ref)
        for plan in self.plans:
            if key in (fold(plan.id), fold(plan.number or "")):
                return plan
        matches = [p for p in self.plans if plan_matches_number(p, ref)]
        if len(matches) == 1:
            return matches[0]
        names = [p.id for p in self.plans] + [p.number for p in self.plans if p.number]
        near = closest(ref, names, n=3, cutoff=0.3)
        hint = ("closest: " + ", ".join(near)) if near else "known plans: " + ", ".join(p.id for p in self.plans)
        raise UsageError(f"unknown plan '{ref}'", hint=hint)

    def item(self, ref: str) -> tuple[Plan, Item]:
        """An item by ``PLAN:ITEM`` or by a bare item id that is unique in the repository; the plans it looks in
        are read if they were lazy."""
        if ":" in ref:
            plan_ref, item_id = ref.rsplit(":", 1)
            plan = self.plan(plan_ref)
            self.realize([plan])  # only the plan named is read
            item = plan.item(item_id)
            if item is None:
                near = closest(item_id, [i.id for i in plan.items], n=3, cutoff=0.5)
                raise UsageError(
                    f"plan {plan.label} has no item '{item_id}'", hint=("closest: " + ", ".join(near)) if near else None
                )
            return plan, item
        hits = [(p, i) for p in self.realize(self.plans) for i in p.items if i.id == ref]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise UsageError(f"no item has the id '{ref}'", hint="write PLAN:ITEM, e.g. 58/KH-UBND:II.3.1")
        where = ", ".join(f"{p.id}:{ref}" for p, _ in hits)
        raise UsageError(f"the id '{ref}' is in several plans: {where}", hint="write PLAN:ITEM")

    def reaching(self, plans: list[Plan], first: dt.date, last: dt.date) -> list[Plan]:
        """Those of ``plans`` that can have something between ``first`` and ``last``; the lazy ones among them
        are read now, in one batch."""
        keep = [p for p in plans if not isinstance(p, LazyPlan) or p.reach.touches(first.year, last.year)]
        self.realize(keep)
        return keep

    def realize(self, plans: list[Plan]) -> list[Plan]:
        """Read the lazy plans among ``plans`` now, in one batch (``realize``); returns ``plans``. Whatever
        needs a plan's items, sections or reporting calls this (or ``LazyPlan.load``) first."""
        realize([p for p in plans if isinstance(p, LazyPlan)], self.documents, self.store)
        return plans

    def select(self, plan: str | None = None, province: str | None = None, successors: bool = True) -> list[Plan]:
        """The plans named, or all; of ``province`` only — with ``successors``, also the plans of the units
        merged into it (the registry's ``provinces:``)."""
        plans = [self.plan(plan)] if plan else list(self.plans)
        if province:
            plans = [p for p in plans if self.registry.province_covers(province, p.province, successors) is not None]
            if not plans:
                known = ", ".join(sorted({p.province for p in self.plans}))
                raise UsageError(f"no plan for the province '{province}'", hint=f"provinces: {known}")
        return plans


def plan_matches_number(plan: Plan, ref: str) -> bool:
    """'58' or '58/kh-ubnd' match plan number 58/KH-UBND."""
    if not plan.number:
        return False
    key = fold(ref)
    return fold(plan.number).split(" ")[0] == key or fold(plan.number).startswith(key + " ")


def load_repo(root: Path, documents: dict[str, Document] | None = None, lazy: bool = False, store: Any = None) -> Repo:
    """Load the registry and every plan under ``root``; a file that cannot be parsed stops with its diagnostics.

    ``lazy``: a plan whose summary the cache kept is only a ``LazyPlan`` (header and reach) until it is read
    explicitly — for queries about a period, which read the plans that reach it with ``Repo.reaching``; any
    other use reads the plans it needs with ``Repo.realize``.

    ``store``: the parse cache (``cache.Store``), made by the caller from the user's settings; None is the
    library's default (``Store.from_environment``).
    """
    from kehoach.cache import Store, load_many, save_summaries
    from kehoach.loader import gc_paused

    store = store or Store.from_environment()
    root = Path(root)
    if not root.is_dir():
        what = "is not a folder" if root.exists() else "does not exist"
        raise UsageError(
            f"plans directory {root} {what}", hint="set it with --plans-dir or 'kehoach config set plans DIR'"
        )
    files = plan_files([root])
    registry = Registry([])
    repo = Repo(root, registry, store=store)
    problems: list[Diagnostic] = []
    outside = {path: bad for path in files if (bad := outside_root(path, root))}
    wanted = [p for p in files if p not in outside and str(p) not in (documents or {})]
    displays = {p: display_path(p) for p in wanted}
    summarizer = summarize if lazy else None
    loaded = dict(zip(wanted, load_many(list(displays.items()), summarize=summarizer, store=store), strict=True))
    with gc_paused():
        built = _build(repo, files, outside, loaded, documents or {}, problems, displays)
        if lazy and not problems:
            save_summaries([(doc, plan_summary(plan)) for doc, plan in built if doc.cache_entry], store)
    if problems:
        raise PlanDataError(f"{len(problems)} plan file(s) cannot be read; run 'kehoach validate'", problems)
    return repo


def _build(
    repo: Repo, files: list[Path], outside: dict, loaded: dict, documents: dict, problems: list, displays: dict
) -> list:
    """Fill ``repo`` from the loaded files; returns the (document, plan) pairs of the plans built."""
    built = []
    for path in files:
        if path in outside:
            problems.append(outside[path])
            continue
        doc = documents.get(str(path)) or loaded[path]
        if isinstance(doc, dict):  # a kept summary: the plan is read when it is needed
            if lazy := LazyPlan.of(doc, path, displays[path], repo.store):
                repo.plans.append(lazy)
                continue
            from kehoach.cache import load_many

            doc = load_many([(path, displays[path])], store=repo.store)[0]  # a summary we cannot use: read the file
        if isinstance(doc, PlanDataError):
            problems.extend(doc.diagnostics)
            continue
        repo.documents[str(path)] = doc
        if bad := _not_a_plan(doc, path):
            problems.append(bad)
        elif path.name == AGENCY_FILE:
            repo.registry = registry_from_data(doc.data, str(path))
        else:
            plan = build_with_readings(doc, repo.store)
            repo.plans.append(plan)
            built.append((doc, plan))
    return built


def build_with_readings(doc: Document, store: Any) -> Plan:
    """``build_plan`` with the readings of the plan's time texts the parse cache kept from an earlier run, and
    keeps them when it had none: reading the texts is a third of building a plan (4.5 of 12 ms for the
    shipped plans, 29 November 2026)."""
    entry = doc.cache_entry if store is not None else None
    kept = store.readings(entry) if entry else None
    plan = build_plan(doc.data, doc.path, doc.marks, readings=kept)
    if entry and kept is None:
        store.put_readings(entry, plan_readings(plan))
    return plan


def _not_a_plan(doc: Document, path: Path) -> Diagnostic | None:
    """KH102 for another format version (never misread it), KH112 for a file that holds no plan."""
    if isinstance(doc.data, dict) and doc.data.get("kehoach", 1) != 1:
        return Diagnostic(
            "KH102",
            f"format version {doc.data.get('kehoach')!r} is not supported; this kehoach reads version 1",
            doc.path,
            *doc.loc(("kehoach",)),
        )
    if path.name != AGENCY_FILE and not (isinstance(doc.data, dict) and isinstance(doc.data.get("plan"), dict)):
        return Diagnostic("KH112", "not a plan file (no 'plan:' mapping)", doc.path, 1, 1)
    return None


# -- plans read when needed -------------------------------------------------------------------------

_HEADER = ("id", "number", "title", "province", "year", "years", "continues")
_LAZY = ("meta", "reporting", "rules", "sections", "tasks", "delegations")


def plan_summary(plan: Plan) -> dict:
    """What a ``LazyPlan`` is made of: the plan's header and its reach."""
    from kehoach.reach import reach_of

    return {
        "plan": {k: getattr(plan, k) for k in _HEADER},
        "reach": reach_of(plan).to_json(),
        "remind": plan.longest_remind(),
    }


def summarize(path: Path, doc: Document) -> dict | None:
    """The summary of a plan file (``plan_summary``); None for the registry and files that hold no plan."""
    if path.name == AGENCY_FILE or _not_a_plan(doc, path):
        return None
    return plan_summary(build_plan(doc.data, doc.path, doc.marks))


class NotRealizedError(RuntimeError):
    """An internal error: a ``LazyPlan``'s contents were used before the plan was read (``Repo.realize``)."""


def _unread(name: str) -> property:
    def get(self):
        try:
            return self.__dict__[name]
        except KeyError:
            raise NotRealizedError(
                f"internal error: the plan {self.__dict__.get('id')!r} is known only by its summary; "
                f"read it (Repo.realize or LazyPlan.load) before using its {name!r}"
            ) from None

    return property(get, doc=f"The plan's {name}, once it was read.")


class LazyPlan(Plan):
    """A plan known by its header and its reach (the years it can touch), read only when asked to.

    Its contents (``_LAZY``: meta, reporting, rules, sections, tasks, delegations, so also ``items``) are there
    once ``load`` (or ``Repo.realize``) read it; before, using them is a ``NotRealizedError``, never a silent
    read of the file."""

    @classmethod
    def of(cls, summary: dict, source: Path, display: str, store: Any = None) -> LazyPlan | None:
        """The plan of a kept summary; None when the summary is not one."""
        from kehoach.reach import Reach

        try:
            head = summary["plan"]
            values = {k: head[k] for k in _HEADER}
            reach = Reach.from_json(summary["reach"])
            remind = summary["remind"]
            values["years"] = tuple(values["years"])
            if not all(type(y) is int for y in (values["year"], *values["years"], remind)) or not values["years"]:
                return None
        except (KeyError, TypeError, ValueError):
            return None
        plan = cls.__new__(cls)
        plan.__dict__.update(values, path=display, reach=reach, source=source, summary_remind=remind, store=store)
        return plan

    def longest_remind(self) -> int:
        return super().longest_remind() if self.realized else self.__dict__["summary_remind"]

    def __repr__(self) -> str:  # the dataclass's would show (and so need) the unread contents
        return f"LazyPlan(id={self.id!r}, path={self.path!r}, realized={self.realized})"

    def load(self) -> LazyPlan:
        """Read the plan now (nothing when it was read already); returns the plan."""
        realize([self], store=self.__dict__.get("store"))
        return self

    @property
    def realized(self) -> bool:
        return "tasks" in self.__dict__


for _name in _LAZY:
    setattr(LazyPlan, _name, _unread(_name))
del _name


def realize(plans: list[LazyPlan], documents: dict[str, Document] | None = None, store: Any = None) -> None:
    """Read and build lazy plans, in one batch, through the parse cache ``store``; a file changed since its
    summary was kept is read as it is now (and stops with its diagnostics if it is now broken)."""
    from kehoach.cache import load_many

    plans = [p for p in plans if not p.realized]
    loaded = load_many([(p.source, p.path) for p in plans], store=store) if plans else []
    problems: list[Diagnostic] = []
    for plan, doc in zip(plans, loaded, strict=True):
        if isinstance(doc, PlanDataError):
            problems.extend(doc.diagnostics)
        elif bad := _not_a_plan(doc, plan.source):
            problems.append(bad)
        else:
            full = build_with_readings(doc, store)
            plan.__dict__.update({k: full.__dict__[k] for k in _HEADER + _LAZY})
            if documents is not None:
                documents[str(plan.source)] = doc
    if problems:
        raise PlanDataError(f"{len(problems)} plan file(s) cannot be read; run 'kehoach validate'", problems)


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when below it; bytes that are not
    UTF-8 in a file name are shown escaped (``\\xe9``), so that the name can always be printed."""
    try:
        shown = str(Path(path).resolve().relative_to(_resolved(os.getcwd())))
    except ValueError:
        shown = str(path)
    return shown if utf8_name(shown) else printable_path(shown)


def utf8_name(name: str) -> bool:
    """Whether a file name (as Python decodes it, undecodable bytes as surrogates) is valid UTF-8."""
    try:
        name.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def printable_path(name: str) -> str:
    """A file name with the bytes that are not UTF-8 escaped: ``k\\xe9.yaml``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


@functools.lru_cache(maxsize=8)
def _resolved(folder: str) -> Path:
    return Path(folder).resolve()
