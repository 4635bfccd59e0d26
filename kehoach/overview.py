"""The overview at a glance: who owes what, when, and where it is slipping (no rendering here).

For one year and the plans in scope, per province:

- a matrix: lead agencies (canonical names) down, quarters I–IV across, plus a column for ongoing and
  conditional items and one for items carried over from earlier years that are still open; each cell counts
  the tasks and delegations falling due there and has a *tone*, the worst state in it;
- per agency, its items by state (the bar) and its next reporting deadline;
- a timeline: the year's dated deadlines of delegations, delegation-programme milestones and reports by month.

A task led by two agencies counts once in each agency's row; column totals count every item once.
Cancelled items are not counted (nobody owes them); their number is kept in ``cancelled``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kehoach import deadlines as dl
from kehoach.model import DELEGATION, TASK, Item, Plan
from kehoach.scope import Scope, resolve
from kehoach.status import CANCELLED, CLOSED
from kehoach.timeframe import FIXED

# "Due soon": an open item whose deadline is at most this many days away. Keep equal to
# kehoach.cli.render_entries.SOON_DAYS (a test checks it), so the overview colours what `due` colours.
SOON_DAYS = 14

EARLIER, ONGOING = "earlier", "ongoing"
QUARTERS = ("I", "II", "III", "IV")
COLUMNS = (EARLIER, *QUARTERS, ONGOING)
COLUMN_LABELS = {
    EARLIER: "Tồn năm trước",
    "I": "Quý I",
    "II": "Quý II",
    "III": "Quý III",
    "IV": "Quý IV",
    ONGOING: "Thường xuyên / theo điều kiện",
}
COLUMN_SHORT = {EARLIER: "Tồn", "I": "Quý I", "II": "Quý II", "III": "Quý III", "IV": "Quý IV", ONGOING: "TX/ĐK"}

# Tones of a cell, worst first.
OVERDUE, SOON, DONE_TONE, NEUTRAL, EMPTY = "overdue", "soon", "done", "neutral", "empty"
TONE_LABELS = {
    OVERDUE: "có mục quá hạn",
    SOON: f"có mục sắp đến hạn (≤ {SOON_DAYS} ngày)",
    DONE_TONE: "đã hoàn thành hết",
    NEUTRAL: "chưa đến hạn",
    EMPTY: "không có mục",
}

# The bar: an agency's items by state, in this order.
BAR_STATES = (dl.DONE_ON_TIME, dl.DONE_LATE, dl.OPEN_IN_TIME, dl.OPEN_OVERDUE, dl.NO_DEADLINE)
BAR_LABELS = {
    dl.DONE_ON_TIME: "đã hoàn thành đúng hạn",
    dl.DONE_LATE: "đã hoàn thành quá hạn",
    dl.OPEN_IN_TIME: "chưa hoàn thành trong hạn",
    dl.OPEN_OVERDUE: "chưa hoàn thành quá hạn",
    dl.NO_DEADLINE: "thường xuyên / theo điều kiện (chưa xong)",
}

TIMELINE_KINDS = (dl.DELEGATION, dl.MILESTONE, dl.REPORT)
TIMELINE_LABELS = {dl.DELEGATION: "đoàn", dl.MILESTONE: "mốc chương trình đoàn", dl.REPORT: "báo cáo"}
NO_LEAD = "(không có cơ quan chủ trì)"
TOTALS_NOTE = (
    "Dòng Tổng cộng đếm mỗi mục một lần; mục có nhiều cơ quan chủ trì được tính ở dòng của từng cơ quan, "
    "nên tổng các dòng có thể lớn hơn."
)


@dataclass
class Cell:
    """Tasks and delegations of one agency (or of the totals row) in one column."""

    entries: list[dl.Entry] = field(default_factory=list)
    tone: str = EMPTY

    @property
    def count(self) -> int:
        return len(self.entries)

    def states(self, today: dt.date) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.entries:
            state = e.state(today)
            out[state] = out.get(state, 0) + 1
        return out

    def to_dict(self, today: dt.date) -> dict:
        return {
            "count": self.count,
            "tone": self.tone,
            "states": self.states(today),
            "items": [e.ref for e in self.entries],
        }


@dataclass
class NextReport:
    deadline: dt.date
    days: int
    title: str
    plan: str
    rule: str
    reporters: list[str]
    to: list[str]

    def to_dict(self) -> dict:
        return {
            "deadline": self.deadline.isoformat(),
            "days": self.days,
            "title": self.title,
            "plan": self.plan,
            "rule": self.rule,
            "from": self.reporters,
            "to": self.to,
        }


@dataclass
class Row:
    agency: str
    cells: dict[str, Cell]
    bar: dict[str, int]  # state → count, over every column (BAR_STATES order)
    next_report: NextReport | None = None

    @property
    def total(self) -> int:
        return sum(c.count for c in self.cells.values())

    def to_dict(self, today: dt.date) -> dict:
        return {
            "agency": self.agency,
            "cells": {k: c.to_dict(today) for k, c in self.cells.items()},
            "total": self.total,
            "states": dict(self.bar),
            "next_report": self.next_report.to_dict() if self.next_report else None,
        }


@dataclass
class Month:
    month: int
    entries: list[dl.Entry]
    busiest: bool = False

    @property
    def total(self) -> int:
        return len(self.entries)

    def kinds(self) -> dict[str, int]:
        return {k: sum(1 for e in self.entries if e.kind == k) for k in TIMELINE_KINDS}


@dataclass
class ProvinceOverview:
    """One province's matrix, bars and timeline (its plans merged by agency)."""

    province: str
    plans: list[Plan]
    rows: list[Row]
    totals: dict[str, Cell]  # column → every item once
    timeline: list[Month]
    next_report: NextReport | None = None
    cancelled: int = 0

    @property
    def total(self) -> int:
        return sum(c.count for c in self.totals.values())

    def totals_bar(self, today: dt.date) -> dict[str, int]:
        return bar_of([e for c in self.totals.values() for e in c.entries], today)

    @property
    def label(self) -> str:
        return f"{self.province} ({', '.join(p.label for p in self.plans)})"

    def to_dict(self, today: dt.date, columns: list[str]) -> dict:
        return {
            "province": self.province,
            "plans": [{"id": p.id, "number": p.number, "title": p.title} for p in self.plans],
            "columns": columns,
            "rows": [r.to_dict(today) for r in self.rows],
            "totals": {
                "cells": {k: c.to_dict(today) for k, c in self.totals.items()},
                "total": self.total,
                "states": self.totals_bar(today),
                "counts_each_item_once": True,
            },
            "cancelled": self.cancelled,
            "next_report": self.next_report.to_dict() if self.next_report else None,
            "timeline": [
                {
                    "month": m.month,
                    "total": m.total,
                    "kinds": m.kinds(),
                    "busiest": m.busiest,
                    "entries": [_timeline_row(e, today) for e in m.entries],
                }
                for m in self.timeline
            ],
        }


@dataclass
class Overview:
    year: int
    today: dt.date
    provinces: list[ProvinceOverview]
    agency: str | None = None
    notice: str | None = None

    @property
    def columns(self) -> list[str]:
        """The columns to show: 'earlier' only when some item is carried over."""
        carried = any(p.totals[EARLIER].count for p in self.provinces)
        return [c for c in COLUMNS if c != EARLIER or carried]

    @property
    def title(self) -> str:
        where = "; ".join(p.label for p in self.provinces) or "không có mục nào"
        who = f" · {self.agency}" if self.agency else ""
        return f"Tổng quan năm {self.year}{who} · {where} · ngày {self.today:%d/%m/%Y}"

    @property
    def rows(self) -> list[Row]:
        return [r for p in self.provinces for r in p.rows]

    def province(self, name: str) -> ProvinceOverview:
        from kehoach.text import fold

        for p in self.provinces:
            if fold(p.province) == fold(name):
                return p
        raise KeyError(name)

    def row(self, agency: str, province: str | None = None) -> Row:
        """The row of ``agency`` (canonical name) in ``province`` (or the only province)."""
        provinces = [self.province(province)] if province else self.provinces
        for p in provinces:
            for r in p.rows:
                if r.agency == agency:
                    return r
        raise KeyError(agency)

    def to_dict(self) -> dict:
        columns = self.columns
        return {
            "year": self.year,
            "today": self.today.isoformat(),
            "agency": self.agency,
            "notice": self.notice,
            "soon_days": SOON_DAYS,
            "columns": [{"key": c, "label": COLUMN_LABELS[c]} for c in columns],
            "states": [{"key": s, "label": BAR_LABELS[s]} for s in BAR_STATES],
            "totals_note": TOTALS_NOTE,
            "provinces": [p.to_dict(self.today, columns) for p in self.provinces],
        }


# ---------------------------------------------------------------------------------------------- building


def tone_of(entries: list[dl.Entry], today: dt.date) -> str:
    """The worst state in a cell: overdue, then due soon, then all done, else neutral (future / ongoing)."""
    if not entries:
        return EMPTY
    states = [e.state(today) for e in entries]
    if dl.OPEN_OVERDUE in states:
        return OVERDUE
    if any(s == dl.OPEN_IN_TIME and 0 <= e.days(today) <= SOON_DAYS for e, s in zip(entries, states, strict=True)):
        return SOON
    if all(s in (dl.DONE_ON_TIME, dl.DONE_LATE) for s in states):
        return DONE_TONE
    return NEUTRAL


def bar_of(entries: list[dl.Entry], today: dt.date) -> dict[str, int]:
    out = dict.fromkeys(BAR_STATES, 0)
    for e in entries:
        state = e.state(today)
        if state in out:
            out[state] += 1
    return out


def column_of(entry: dl.Entry, year: int) -> str:
    if entry.deadline is None:
        return ONGOING
    if entry.deadline.year < year:
        return EARLIER
    return QUARTERS[dl.quarter_of(entry.deadline) - 1]


def year_entries(plan: Plan, item: Item, year: int) -> list[dl.Entry]:
    """The item's entries for the overview of ``year``: its deadline(s) in the year; else, when it is ongoing or
    conditional and active in the year, one undated entry; else, when it was due in an earlier year and is still
    open, that (carried-over) entry; else nothing (due in a later year, or not active)."""
    first, last = dl.period_of(year)
    dated = dl.item_entries(plan, item, first, last)
    if dated:
        return dated
    if dl.is_undated_active(plan, item, first, last):
        return [dl.undated_entry(plan, item)]
    tf = item.timeframe
    if tf is not None and tf.kind == FIXED and tf.deadline and tf.deadline < first and item.status not in CLOSED:
        return [dl._entry(plan, item, tf.deadline, tf.start, item.status, item.done_on, FIXED)]
    return []


def lead_agencies(repo, plan: Plan, names: list[str]) -> list[str]:
    return list(dict.fromkeys(repo.registry.canonical(n, plan.province) for n in names)) or [NO_LEAD]


def next_report(repo, plans: list[Plan], today: dt.date, agency: str | None = None) -> NextReport | None:
    """The nearest reporting deadline on or after ``today`` (for ``agency``: of a rule it reports under)."""
    from kehoach.agencies import rule_covers

    found: list[dl.Entry] = []
    for plan in plans:
        for e in dl.report_entries(plan, today, today + dt.timedelta(days=366)):
            if agency is None or (agency != NO_LEAD and rule_covers(repo, plan, e.rule, agency)):
                found.append(e)
    if not found:
        return None
    e = min(found, key=lambda x: (x.deadline, x.plan.id, x.id))
    return NextReport(
        e.deadline, (e.deadline - today).days, e.text, e.plan.label, e.id, list(e.lead), list(e.extra.get("to") or [])
    )


def build_overview(
    repo,
    today: dt.date,
    year: int | None = None,
    plan: str | None = None,
    province: str | None = None,
    agency: str | None = None,
    scope: Scope | None = None,
) -> Overview:
    """The overview of ``year`` for the plans and agency of ``scope`` (else of ``plan``/``province``/``agency``,
    resolved by ``kehoach.scope`` with no configuration): every plan in scope covering the year."""
    if scope is None:
        scope = resolve(repo, None, agency=agency, plan=plan, province=province)
    year, notice = scope.year(year, today)
    plans = scope.covering(year)
    match = scope.match
    wanted = match.means
    by_province: dict[str, list[Plan]] = {}
    for p in plans:
        by_province.setdefault(p.province, []).append(p)
    parts = []
    for name, group in by_province.items():
        part = _province(repo, name, group, year, today, wanted, match=None if match.everyone else match)
        if part is not None:
            parts.append(part)
    label = "; ".join(match.names) if not match.everyone else None
    return Overview(year, today, parts, label, notice)


def _province(repo, name: str, plans: list[Plan], year: int, today: dt.date, wanted, match=None):
    rows: dict[str, dict[str, list[dl.Entry]]] = {}
    totals: dict[str, list[dl.Entry]] = {c: [] for c in COLUMNS}
    cancelled = 0
    for plan in plans:
        for item in plan.items:
            if item.kind not in (TASK, DELEGATION):
                continue
            entries = year_entries(plan, item, year)
            if not entries:
                continue
            agencies = [a for a in lead_agencies(repo, plan, item.lead) if wanted(a)]
            if not agencies:
                continue
            for e in entries:
                if e.state(today) == dl.CANCELLED_STATE:
                    cancelled += 1
                    continue
                column = column_of(e, year)
                totals[column].append(e)
                for a in agencies:
                    rows.setdefault(a, {c: [] for c in COLUMNS})[column].append(e)
    if match is not None and not rows:
        return None
    out_rows = []
    for agency_name, cells in rows.items():
        everything = [e for c in COLUMNS for e in cells[c]]
        out_rows.append(
            Row(
                agency=agency_name,
                cells={c: Cell(cells[c], tone_of(cells[c], today)) for c in COLUMNS},
                bar=bar_of(everything, today),
                next_report=next_report(repo, plans, today, agency_name),
            )
        )
    from kehoach.text import fold

    out_rows.sort(key=lambda r: (-r.total, r.agency == NO_LEAD, fold(r.agency)))
    return ProvinceOverview(
        province=name,
        plans=plans,
        rows=out_rows,
        totals={c: Cell(totals[c], tone_of(totals[c], today)) for c in COLUMNS},
        timeline=timeline(repo, plans, year, match),
        next_report=next_report(repo, plans, today),
        cancelled=cancelled,
    )


def timeline(repo, plans: list[Plan], year: int, match=None) -> list[Month]:
    """Twelve months of the year's dated deadlines of delegations, programme milestones and reports (cancelled
    delegations and their milestones left out); with ``match`` (an ``AgencyMatch``), only those of its lead /
    reporter."""
    first, last = dl.period_of(year)
    months = {m: [] for m in range(1, 13)}
    for e in dl.dated_entries(plans, first, last, TIMELINE_KINDS):
        if e.status == CANCELLED:
            continue
        if match is not None:
            if e.rule is not None:
                ok = match.reports(e.plan, e.rule)
            else:
                ok = any(match.means(a) for a in lead_agencies(repo, e.plan, e.lead))
            if not ok:
                continue
        months[e.deadline.month].append(e)
    top = max(len(v) for v in months.values())
    return [Month(m, entries, busiest=bool(top) and len(entries) == top) for m, entries in months.items()]


def _timeline_row(e: dl.Entry, today: dt.date) -> dict:
    return {
        "ref": e.ref,
        "plan": e.plan.label,
        "id": e.id,
        "kind": e.kind,
        "deadline": e.deadline.isoformat(),
        "days": e.days(today),
        "text": " ".join(e.text.split()),
        "lead": list(e.lead),
        "state": e.state(today),
    }
