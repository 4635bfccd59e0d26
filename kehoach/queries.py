"""Queries over the repository that know nothing about the terminal."""

from __future__ import annotations

from kehoach.agencies import Agency, unknown_names
from kehoach.repo import Repo
from kehoach.text import fold


def unknown_agency_rows(repo: Repo, first: int = 5) -> list[dict]:
    """``kehoach agencies --unknown``: one row per name plans use but the registry lacks, most used first,
    with where it is used (the first ``first`` items)."""
    rows = []
    for name, uses in unknown_names(repo).items():
        lead = {(p.id, i.id) for p, i, role in uses if role == "lead"}
        support = {(p.id, i.id) for p, i, role in uses if role == "support"}
        refs = list(dict.fromkeys(f"{p.id}:{i.id}" for p, i, _ in uses))
        rows.append(
            {
                "name": name,
                "province": uses[0][0].province,
                "lead": len(lead),
                "support": len(support),
                "plans": list(dict.fromkeys(p.id for p, _, _ in uses)),
                "items": refs[:first],
                "more": max(0, len(refs) - first),
            }
        )
    return sorted(rows, key=lambda r: (-(r["lead"] + r["support"]), fold(r["name"])))


def agency_counts(repo: Repo, query: str | None = None) -> list[dict]:
    """One row per registry agency: how many tasks and delegations it leads and supports."""
    lead: dict[Agency | str, int] = {}
    support: dict[Agency | str, int] = {}
    registry = repo.registry
    for plan in repo.plans:
        for item in plan.items:
            for counts, names in ((lead, item.lead), (support, item.support)):
                for agency in {registry.resolve(n, plan.province) for n in names} - {None}:
                    counts[agency] = counts.get(agency, 0) + 1
    agencies = registry.find(query) if query else registry.agencies
    rows = [
        {
            "name": a.name,
            "short": a.short,
            "province": a.province,
            "kind": a.kind,
            "lead": lead.get(a, 0),
            "support": support.get(a, 0),
            "aliases": list(a.aliases),
            "level": a.level,
            "from": a.start.isoformat() if a.start else None,
            "until": a.until.isoformat() if a.until else None,
            "successors": list(a.successors),
            "predecessors": [p.name for p in registry.predecessors.get(a, [])],
            "source": a.source,
        }
        for a in dict.fromkeys(agencies)
    ]
    return sorted(rows, key=lambda r: (-r["lead"], -r["support"], r["name"]))


def province_rows(repo: Repo) -> list[dict]:
    """``kehoach agencies --provinces``: the provincial units of the registry, current ones first, each with
    the units merged into it (``predecessors``) or the unit it was merged into (``successors``), its dates,
    its legal source, and how many plans of the repository it has (under that name)."""
    registry = repo.registry
    plans: dict[str, int] = {}
    for plan in repo.plans:
        prov = registry.province(plan.province)
        if prov is not None:
            plans[prov.name] = plans.get(prov.name, 0) + 1
    rows = [
        {
            "name": p.name,
            "kind": p.kind,
            "current": p.until is None,
            "from": p.start.isoformat() if p.start else None,
            "until": p.until.isoformat() if p.until else None,
            "successors": list(p.successors),
            "predecessors": [q.name for q in registry.province_predecessors.get(p.name, [])],
            "aliases": list(p.aliases),
            "source": p.source,
            "plans": plans.get(p.name, 0),
        }
        for p in registry.provinces
    ]
    return sorted(rows, key=lambda r: (not r["current"], fold(r["name"])))
