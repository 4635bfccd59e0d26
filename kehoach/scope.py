"""Who and which plans: a command's options and kehoach.toml → plans, year, period, agency match.

Every command that asks about plans (due, overdue, upcoming, list, show, report, calendar, overview, export)
decides its scope here, and only here, by the same rules:

- An option given on the command line wins, even as "" (which clears the configured value); an option left
  out (None) takes the configured value (``plan``, ``province``, ``agency`` in kehoach.toml).
- ``--plan`` and ``--province`` narrow the same thing, so either one given on the command line replaces
  both configured values (a configured province does not hide the plan asked for, and the other way round).
- ``--agency ""`` or ``--agency '*'`` means every agency, overriding the configured one.
- With ``successors`` (the default), a province takes in the plans of the units merged into it, and an
  agency the open work of the bodies it took over (docs/queries.md).
- The default year is this year when a plan in scope covers it, else the latest plan year, with a notice;
  the default period of a quarter query is the current quarter.

Unknown names raise ``UsageError``, with the configuration file named when a configured value caused it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kehoach import deadlines as dl
from kehoach.agencies import ALL_AGENCIES, AgencyMatch
from kehoach.errors import UsageError
from kehoach.model import Plan

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

    from kehoach.repo import Repo


@dataclass
class Scope:
    """The plans a command works on and what its --agency selects in them."""

    plans: list[Plan]
    match: AgencyMatch
    notes: list[str] = field(default_factory=list)  # one-line notices for stderr (names matched, old provinces)
    plan_ref: str | None = None  # the plan named (option or configuration), if any
    province: str | None = None  # the province asked for (option or configuration), if any
    agency: str | None = None  # the agency query as given (None or "": every agency)

    @property
    def everyone(self) -> bool:
        return self.match.everyone

    def matches(self, entry: dl.Entry) -> bool:
        """Whether the entry is in scope; the open work of a predecessor is marked (``extra['was']``)."""
        if entry.rule is not None:
            return self.match.reports(entry.plan, entry.rule)
        if entry.item is not None:
            return self.mark(entry, self.match.was(entry.plan, entry.item))
        return True

    @staticmethod
    def mark(entry: dl.Entry, was) -> bool:
        if was is False:
            return False
        if was:
            entry.extra.update(was=was.was, now=was.now, was_written=was.written, was_role=was.role)
        return True

    @property
    def agency_label(self) -> str:
        names = self.match.names
        if not names:
            return ""
        if len(names) <= 3:
            return " · " + "; ".join(names)
        return f" · {len(names)} cơ quan"

    def year(self, year: int | None, today: dt.date) -> tuple[int, str | None]:
        """The year asked for, else this year when a plan in scope covers it, else the latest (with a notice)."""
        if year is not None:
            return year, None
        return dl.default_year(self.plans, today)

    def covering(self, year: int) -> list[Plan]:
        """The plans in scope that cover ``year``; UsageError when none does."""
        covering = [p for p in self.plans if p.covers(year)]
        if not covering:
            years = sorted({y for p in self.plans for y in p.years})
            raise UsageError(
                f"no plan in scope covers {year}",
                hint="plan years: " + ", ".join(str(y) for y in years) if years else "no plan is loaded",
            )
        return covering


def _from_config(config: Any, key: str, value):
    """The option's value, else the configured one; with where it came from (for error messages)."""
    if value is not None:
        return value, None
    configured = config.get(key) if config is not None else None
    return configured, (f"'{key}' in {config.path}" if configured is not None else None)


def _str(value) -> str | None:
    return None if value is None else str(value)


def resolve(
    repo: Repo,
    config: Any,
    *,
    agency: str | None = None,
    support: bool = False,
    plan: str | None = None,
    province: str | None = None,
    successors: bool = True,
) -> Scope:
    """The scope of a command: ``config`` is the user's kehoach.toml (``kehoach.config.Config``, or None)."""
    if plan is not None and province is None:
        province = ""
    elif province is not None and plan is None:
        plan = ""
    parts = {}
    for key, value in (("plan", plan), ("province", province), ("agency", agency)):
        parts[key] = _from_config(config, key, value)
    plan_ref = _str(parts["plan"][0]) or None
    wanted = _str(parts["province"][0]) or None
    query = _str(parts["agency"][0])
    try:
        plans = repo.select(plan_ref, wanted, successors)
        match = AgencyMatch.of(repo, query, support, successors)
    except UsageError as exc:
        sources = [src for _, src in parts.values() if src]
        if sources:
            exc.hint = (exc.hint + "; " if exc.hint else "") + "configured by " + ", ".join(sources)
        raise
    notes = [match.notice] if match.notice else []
    if wanted:
        old = sorted({w for p in plans if (w := repo.registry.province_covers(wanted, p.province, successors))})
        if old:
            notes.append(
                f"'{wanted}' also takes in the plans of {', '.join(old)}, merged into it "
                "(--no-successors: leave them out)"
            )
    agency_query = None if query is None or query.strip() in ALL_AGENCIES else query
    return Scope(plans, match, notes, plan_ref, wanted, agency_query)


def resolve_period(
    plans: list[Plan], today: dt.date, quarter, month, year
) -> tuple[int, int | None, int | None, str | None]:
    """(year, quarter, month, notice): the default year is this year, else the latest plan year (with a notice);
    the default period is the current quarter."""
    try:
        q = dl.parse_quarter(quarter)
    except ValueError as exc:
        raise UsageError(str(exc), hint="e.g. --quarter II or --quarter 2") from None
    if month is not None and not 1 <= month <= 12:
        raise UsageError(f"month {month} does not exist", hint="use --month 1 … 12")
    notice = None
    if year is None:
        year, notice = dl.default_year(plans, today)
    if q is None and month is None:
        q = dl.quarter_of(today)
    if month is not None and q is not None and dl.quarter_of(dt.date(year, month, 1)) != q:
        raise UsageError(f"month {month} is not in quarter {dl.QUARTER_NAMES[q]}")
    return year, q, month, notice
