"""Queries over the repository that know nothing about the terminal."""

from __future__ import annotations

from kehoach.agencies import Agency, agency_key
from kehoach.model import Item, Plan
from kehoach.repo import Repo
from kehoach.text import fold


def item_agencies(repo: Repo, plan: Plan, item: Item, support: bool = False) -> set[str]:
    """Canonical names of the agencies leading (and with ``support`` co-operating on) ``item``."""
    names = item.lead + (item.support if support else [])
    return {repo.registry.canonical(n, plan.province) for n in names}


ALL_AGENCIES = ("", "*")  # --agency "" or --agency '*': every agency, overriding the configured one


def agency_filter(repo: Repo, query: str | None, support: bool = False):
    """A predicate (plan, item) -> bool for --agency/--support; raises UsageError for an unknown agency."""
    return AgencyMatch.of(repo, query, support)


class AgencyMatch:
    """What --agency (and --support) selects: items the agency leads (or co-operates on), and the reports
    it sends. Called as ``match(plan, item)``; ``names`` are the registry agencies the query means (empty:
    every agency)."""

    def __init__(self, repo: Repo, agencies: list[Agency], support: bool = False):
        self.repo = repo
        self.agencies = list({a.name: a for a in agencies}.values())
        self.names = [a.name for a in self.agencies]
        self.support = support
        self._keys = {agency_key(n) for n in self.names}

    @classmethod
    def of(cls, repo: Repo, query: str | None, support: bool = False) -> AgencyMatch:
        if query is None or query.strip() in ALL_AGENCIES:
            return cls(repo, [], support)
        return cls(repo, repo.registry.find(query), support)

    @property
    def everyone(self) -> bool:
        return not self.names

    def __call__(self, plan: Plan, item: Item) -> bool:
        if self.everyone:
            return True
        found = item_agencies(self.repo, plan, item, self.support)
        return any(n in self.names or agency_key(n) in self._keys for n in found)

    def reports(self, plan: Plan, rule) -> bool:
        """True when the agency sends the report: the rule names it, names a group such as "Các sở, ban,
        ngành" (every agency of the plan's province is taken to belong), or names nobody — as `kehoach report`
        decides."""
        if self.everyone:
            return True
        from kehoach.reports import rule_covers

        return any(
            rule_covers(self.repo, plan, rule, a.name)
            for a in self.agencies
            if not a.province or not plan.province or fold(a.province) == fold(plan.province)
        )


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
