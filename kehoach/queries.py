"""Queries over the repository that know nothing about the terminal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kehoach.agencies import Agency, agency_key, has_words, is_group_phrase
from kehoach.model import Item, Plan, as_date
from kehoach.repo import Repo
from kehoach.status import CANCELLED, DONE
from kehoach.text import fold


def item_agencies(repo: Repo, plan: Plan, item: Item, support: bool = False) -> set[str]:
    """Canonical names of the agencies leading (and with ``support`` co-operating on) ``item``."""
    names = item.lead + (item.support if support else [])
    return {repo.registry.canonical(n, plan.province) for n in names}


ALL_AGENCIES = ("", "*")  # --agency "" or --agency '*': every agency, overriding the configured one


def agency_filter(repo: Repo, query: str | None, support: bool = False, successors: bool = True):
    """A predicate (plan, item) -> bool for --agency/--support; raises UsageError for an unknown agency."""
    return AgencyMatch.of(repo, query, support, successors)


def plan_date(plan: Plan) -> dt.date | None:
    """The day a plan was issued (else took effect); None when it records neither."""
    return as_date(plan.meta.get("issued")) or as_date(plan.meta.get("effective"))


def plan_before(plan: Plan, day: dt.date | None) -> bool:
    """Whether ``plan`` was made before ``day``: by its ``issued``/``effective`` date, else by its first year
    (a plan that records no date and starts in the year of ``day`` is not taken as earlier)."""
    if day is None:
        return True
    issued = plan_date(plan)
    if issued is not None:
        return issued < day
    return min(plan.years) < day.year


@dataclass(frozen=True)
class TakenOver:
    """An item matched through a predecessor: ``was`` (registry name) as the plan wrote it (``written``,
    as ``role`` lead or support), now ``now``."""

    was: str
    now: str
    written: str
    role: str


class AgencyMatch:
    """What --agency (and --support) selects: items the agency leads (or co-operates on), and the reports
    it sends. Called as ``match(plan, item)``; ``names`` are the agencies the query means (empty: every
    agency).

    With ``successors`` (the default), the open work of the bodies the agency took over (its predecessors in
    the registry: ``successors:`` of the older body) in plans made before the hand-over is the agency's too;
    ``was(plan, item)`` names the predecessor such an item was matched through. Names no registry entry
    knows but plans use (``unknown``) match the items that write them, by their key.
    """

    def __init__(
        self,
        repo: Repo,
        agencies: list[Agency],
        support: bool = False,
        unknown: tuple[str, ...] = (),
        successors: bool = True,
        notice: str | None = None,
    ):
        self.repo = repo
        self.agencies = list(dict.fromkeys(agencies))
        self.names = list(dict.fromkeys([a.name for a in self.agencies] + list(unknown)))
        self.support = support
        self.notice = notice
        self._agencies = set(self.agencies)
        self._unknown = {agency_key(n) for n in unknown}
        self._was: dict[Agency, tuple[dt.date | None, Agency]] = {}  # predecessor -> (hand-over day, successor)
        if successors:
            registry = repo.registry
            for agency in self.agencies:
                for pred in registry.lineage(agency):
                    if pred in self._agencies or pred in self._was:
                        continue
                    nxt = registry.successors_of(pred)
                    self._was[pred] = (registry.handover(pred, nxt[0]) if nxt else None, agency)

    @classmethod
    def of(cls, repo: Repo, query: str | None, support: bool = False, successors: bool = True) -> AgencyMatch:
        """The match for a user's --agency: registry names first, else names the plans use (with a notice),
        else UsageError with a hint that does not mislead."""
        if query is None or query.strip() in ALL_AGENCIES:
            return cls(repo, [], support)
        hits = repo.registry.lookup(query)
        if hits:
            return cls(repo, hits, support, successors=successors)
        used = plan_names_matching(repo, query)
        if not used:
            raise repo.registry.unknown(query)
        shown = "; ".join(used[:3]) + (f" (+{len(used) - 3})" if len(used) > 3 else "")
        notice = (
            f"'{query}' is not in the agency registry; showing the items of plans that write it: {shown} "
            "(add it to agencies.yaml to have it matched by every spelling)"
        )
        return cls(repo, [], support, unknown=tuple(used), successors=successors, notice=notice)

    @property
    def everyone(self) -> bool:
        return not self.names

    def __call__(self, plan: Plan, item: Item) -> bool:
        return self.everyone or self.was(plan, item) is not False

    def was(self, plan: Plan, item: Item) -> TakenOver | None | bool:
        """False: the item is not the agency's; None: it is, by its own name; a ``TakenOver``: it is the open
        work of a predecessor, taken over by the successor asked for."""
        if self.everyone:
            return None
        registry = self.repo.registry
        was: TakenOver | bool = False
        for role, names in (("lead", item.lead), ("support", item.support if self.support else [])):
            for name in names:
                agency = registry.resolve(name, plan.province)
                if agency is None:
                    if self._unknown and agency_key(name) in self._unknown:
                        return None
                    continue
                if agency in self._agencies:
                    return None
                if was is False and agency in self._was:
                    day, successor = self._was[agency]
                    if item.status not in (DONE, CANCELLED) and plan_before(plan, day):
                        was = TakenOver(agency.name, successor.name, name, role)
        return was

    def reports(self, plan: Plan, rule) -> bool:
        """True when the agency sends the report: the rule names it, names a group such as "Các sở, ban,
        ngành" (every agency of the plan's province is taken to belong), or names nobody — as `kehoach report`
        decides."""
        if self.everyone:
            return True
        from kehoach.reports import rule_covers

        registry = self.repo.registry
        return any(
            rule_covers(self.repo, plan, rule, a.name)
            for a in self.agencies
            if not a.province or not plan.province or registry.same_province(a.province, plan.province)
        )


def plan_names_matching(repo: Repo, query: str) -> list[str]:
    """Lead and support names the plans write, the registry does not know, and ``query`` means (same key, or
    every word of the query in the name; a group phrase never matches one named body)."""
    key = agency_key(query)
    group = is_group_phrase(query)
    out: dict[str, str] = {}
    for name, _uses in unknown_names(repo).items():
        nkey = agency_key(name)
        if nkey == key or (has_words(nkey, key) and (not group or is_group_phrase(name))):
            out.setdefault(nkey, name)
    return list(out.values())


def unknown_names(repo: Repo) -> dict[str, list[tuple[Plan, Item, str]]]:
    """Every lead/support name used in the plans that the registry does not resolve, with its uses
    (plan, item, "lead"|"support") in plan order; spellings with one key are listed under the first."""
    registry = repo.registry
    by_key: dict[str, str] = {}
    out: dict[str, list[tuple[Plan, Item, str]]] = {}
    for plan in repo.plans:
        for item in plan.items:
            for role, names in (("lead", item.lead), ("support", item.support)):
                for name in dict.fromkeys(names):
                    if not name or registry.resolve(name, plan.province) is not None:
                        continue
                    first = by_key.setdefault(f"{agency_key(name)}\0{fold(plan.province)}", name)
                    out.setdefault(first, []).append((plan, item, role))
    return out


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
            "until": a.until.isoformat() if a.until else None,
            "successors": list(a.successors),
        }
        for a in dict.fromkeys(agencies)
    ]
    return sorted(rows, key=lambda r: (-r["lead"], -r["support"], r["name"]))
