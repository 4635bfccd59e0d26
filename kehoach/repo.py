"""The plan repository: where plans live, loading them all, and finding plans and items by name."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.agencies import Registry, registry_from_data
from kehoach.config import Config
from kehoach.diagnostics import Diagnostic
from kehoach.errors import PlanDataError, UsageError
from kehoach.loader import Document
from kehoach.model import Item, Plan, build_plan
from kehoach.text import closest, fold

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
    """A symlink that leads out of the repository is refused."""
    if path.is_symlink():
        try:
            path.resolve().relative_to(root.resolve())
        except ValueError:
            return Diagnostic("KH113", f"symbolic link to {os.readlink(path)} points outside the repository", str(path))
    return None


@dataclass
class Repo:
    root: Path
    registry: Registry
    plans: list[Plan] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)

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
        """An item by ``PLAN:ITEM`` or by a bare item id that is unique in the repository."""
        if ":" in ref:
            plan_ref, item_id = ref.rsplit(":", 1)
            plan = self.plan(plan_ref)
            item = plan.item(item_id)
            if item is None:
                near = closest(item_id, [i.id for i in plan.items], n=3, cutoff=0.5)
                raise UsageError(
                    f"plan {plan.label} has no item '{item_id}'", hint=("closest: " + ", ".join(near)) if near else None
                )
            return plan, item
        hits = [(p, i) for p in self.plans for i in p.items if i.id == ref]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise UsageError(f"no item has the id '{ref}'", hint="write PLAN:ITEM, e.g. 58/KH-UBND:II.3.1")
        raise UsageError(
            f"the id '{ref}' is in several plans: " + ", ".join(f"{p.id}:{ref}" for p, _ in hits),
            hint="write PLAN:ITEM",
        )

    def select(self, plan: str | None = None, province: str | None = None) -> list[Plan]:
        plans = [self.plan(plan)] if plan else list(self.plans)
        if province:
            key = fold(province)
            plans = [p for p in plans if key in fold(p.province) or key == fold(p.province).replace(" ", "")]
            if not plans:
                raise UsageError(
                    f"no plan for the province '{province}'",
                    hint="provinces: " + ", ".join(sorted({p.province for p in self.plans})),
                )
        return plans


def plan_matches_number(plan: Plan, ref: str) -> bool:
    """'58' or '58/kh-ubnd' match plan number 58/KH-UBND."""
    if not plan.number:
        return False
    key = fold(ref)
    return fold(plan.number).split(" ")[0] == key or fold(plan.number).startswith(key + " ")


def load_repo(root: Path, documents: dict[str, Document] | None = None) -> Repo:
    """Load the registry and every plan under ``root``; a file that cannot be parsed stops with its diagnostics."""
    from kehoach.cache import load_many
    from kehoach.loader import gc_paused

    root = Path(root)
    if not root.is_dir():
        what = "is not a folder" if root.exists() else "does not exist"
        raise UsageError(
            f"plans directory {root} {what}", hint="set it with --plans-dir or 'kehoach config set plans DIR'"
        )
    files = plan_files([root])
    registry = Registry([])
    repo = Repo(root, registry)
    problems: list[Diagnostic] = []
    outside = {path: bad for path in files if (bad := outside_root(path, root))}
    wanted = [p for p in files if p not in outside and str(p) not in (documents or {})]
    loaded = dict(zip(wanted, load_many([(p, display_path(p)) for p in wanted]), strict=True))
    with gc_paused():
        _build(repo, root, files, outside, loaded, documents or {}, problems)
    if problems:
        raise PlanDataError(f"{len(problems)} plan file(s) cannot be read; run 'kehoach validate'", problems)
    return repo


def _build(repo: Repo, root: Path, files: list[Path], outside: dict, loaded: dict, documents: dict, problems: list):
    for path in files:
        if path in outside:
            problems.append(outside[path])
            continue
        doc = documents.get(str(path)) or loaded[path]
        if isinstance(doc, PlanDataError):
            problems.extend(doc.diagnostics)
            continue
        repo.documents[str(path)] = doc
        if isinstance(doc.data, dict) and doc.data.get("kehoach", 1) != 1:  # another format: never misread it
            problems.append(
                Diagnostic(
                    "KH102",
                    f"format version {doc.data.get('kehoach')!r} is not supported; this kehoach reads version 1",
                    doc.path,
                    *doc.loc(("kehoach",)),
                )
            )
            continue
        if path.name == AGENCY_FILE:
            repo.registry = registry_from_data(doc.data, str(path))
        elif isinstance(doc.data, dict) and isinstance(doc.data.get("plan"), dict):
            repo.plans.append(build_plan(doc.data, doc.path, doc.marks))
        else:
            problems.append(Diagnostic("KH112", "not a plan file (no 'plan:' mapping)", doc.path, 1, 1))


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
