"""Queries over the repository that know nothing about the terminal."""

from __future__ import annotations

from kehoach.agencies import agency_key
from kehoach.model import Item, Plan
from kehoach.repo import Repo


def item_agencies(repo: Repo, plan: Plan, item: Item, support: bool = False) -> set[str]:
    """Canonical names of the agencies leading (and with ``support`` co-operating on) ``item``."""
    names = item.lead + (item.support if support else [])
    return {repo.registry.canonical(n, plan.province) for n in names}


def agency_filter(repo: Repo, query: str | None, support: bool = False):
    """A predicate (plan, item) -> bool for --agency/--support; raises UsageError for an unknown agency."""
    if not query:
        return lambda plan, item: True
    wanted = {a.name for a in repo.registry.find(query)}
    keys = {agency_key(w) for w in wanted}

    def match(plan: Plan, item: Item) -> bool:
        found = item_agencies(repo, plan, item, support)
        return bool(found & wanted) or any(agency_key(n) in keys for n in found)

    return match


def agency_counts(repo: Repo, query: str | None = None) -> list[dict]:
    """One row per registry agency: how many tasks and delegations it leads and supports."""
    lead: dict[str, int] = {}
    support: dict[str, int] = {}
    for plan in repo.plans:
        for item in plan.items:
            for name in {repo.registry.canonical(n, plan.province) for n in item.lead}:
                lead[name] = lead.get(name, 0) + 1
            for name in {repo.registry.canonical(n, plan.province) for n in item.support}:
                support[name] = support.get(name, 0) + 1
    agencies = repo.registry.find(query) if query else repo.registry.agencies
    rows = [
        {
            "name": a.name,
            "short": a.short,
            "province": a.province,
            "kind": a.kind,
            "lead": lead.get(a.name, 0),
            "support": support.get(a.name, 0),
            "aliases": list(a.aliases),
        }
        for a in agencies
    ]
    return sorted(rows, key=lambda r: (-r["lead"], -r["support"], r["name"]))
