"""Dated entries (tasks, delegations, milestones, reports) and their state against today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kehoach.model import DELEGATION, TASK, Item, Plan, ReportRule
from kehoach.status import CANCELLED, CLOSED, DONE, PLANNED
from kehoach.timeframe import CONDITIONAL, FIXED, ONGOING, RECURRING

MILESTONE, REPORT = "milestone", "report"
ENTRY_KINDS = (TASK, DELEGATION, MILESTONE, REPORT)

# States, as the Government Office's task tracking classifies them.
DONE_ON_TIME = "done-on-time"
DONE_LATE = "done-late"
OPEN_IN_TIME = "open-in-time"
OPEN_OVERDUE = "open-overdue"
NO_DEADLINE = "no-deadline"
CANCELLED_STATE = "cancelled"
STATE_LABELS = {
    DONE_ON_TIME: "đã hoàn thành đúng hạn",
    DONE_LATE: "đã hoàn thành quá hạn",
    OPEN_IN_TIME: "chưa hoàn thành, trong hạn",
    OPEN_OVERDUE: "chưa hoàn thành, quá hạn",
    NO_DEADLINE: "không có thời hạn",
    CANCELLED_STATE: "đã hủy",
}
QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass
class Entry:
    """Something with (or without) a deadline that a user may have to act on."""

    plan: Plan
    kind: str
    id: str
    text: str
    lead: list[str]
    support: list[str]
    when: str | None
    deadline: dt.date | None
    start: dt.date | None = None
    status: str = PLANNED
    done_on: dt.date | None = None
    remind: int | None = None
    timing: str = FIXED  # fixed | recurring | ongoing | conditional | none | invalid
    item: Item | None = None
    rule: ReportRule | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return f"{self.plan.id}:{self.id}"

    def state(self, today: dt.date) -> str:
        if self.status == CANCELLED:
            return CANCELLED_STATE
        if self.deadline is None:
            return DONE_ON_TIME if self.status == DONE else NO_DEADLINE
        if self.status == DONE:
            return DONE_LATE if self.done_on and self.done_on > self.deadline else DONE_ON_TIME
        return OPEN_OVERDUE if today > self.deadline else OPEN_IN_TIME

    def days(self, today: dt.date) -> int | None:
        """Signed days from today to the deadline (negative: late)."""
        return (self.deadline - today).days if self.deadline else None

    def to_row(self, today: dt.date) -> dict:
        state = self.state(today)
        return {
            "plan": self.plan.id,
            "number": self.plan.number or "",
            "id": self.id,
            "kind": self.kind,
            "task": self.text,
            "lead": list(self.lead),
            "support": list(self.support),
            "when": self.when,
            "timing": self.timing,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "status": self.status,
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "state": state,
            "state_label": STATE_LABELS[state],
            "days": self.days(today),
            "province": self.plan.province,
        }


def period_of(year: int, quarter: int | None = None, month: int | None = None) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter, a month, or the whole year."""
    from kehoach.timeframe import month_end

    if month:
        return dt.date(year, month, 1), month_end(year, month)
    if quarter:
        return dt.date(year, quarter * 3 - 2, 1), month_end(year, quarter * 3)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def parse_quarter(value: str | int | None) -> int | None:
    """'II', 'ii', '2', 'Q2', 'Quý II' → 2; None stays None; anything else raises ValueError."""
    if value is None:
        return None
    from kehoach.text import fold

    key = fold(str(value)).replace("quy", "").replace("q", "").strip()
    numbers = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
    if key not in numbers:
        raise ValueError(f"quarter {value!r} does not exist: use I, II, III, IV or 1-4")
    return numbers[key]


def _item_status(item: Item, deadline: dt.date | None, timing: str) -> tuple[str, dt.date | None]:
    """Status of one occurrence: for a recurring item, done counts for the year it was done in."""
    if timing == RECURRING and item.status == DONE and deadline:
        if item.done_on and item.done_on.year != deadline.year:
            return PLANNED, None
    return item.status, item.done_on


def item_entries(plan: Plan, item: Item, first: dt.date, last: dt.date) -> list[Entry]:
    """Entries of ``item`` whose deadline falls in [first, last]."""
    tf = item.timeframe
    if tf is None or tf.kind not in (FIXED, RECURRING):
        return []
    out = []
    for deadline in tf.deadlines_between(first, last):
        start = tf.start if tf.kind == FIXED else tf.occurrence(deadline.year)[0]
        status, done_on = _item_status(item, deadline, tf.kind)
        out.append(_entry(plan, item, deadline, start, status, done_on, tf.kind))
    return out


def _entry(plan, item, deadline, start, status, done_on, timing) -> Entry:
    return Entry(plan=plan, kind=item.kind, id=item.id, text=item.text, lead=item.lead, support=item.support,
                 when=item.when, deadline=deadline, start=start, status=status, done_on=done_on,
                 remind=item.remind, timing=timing, item=item)


def undated_entry(plan: Plan, item: Item) -> Entry:
    tf = item.timeframe
    timing = tf.kind if tf else ("invalid" if item.time_error else "none")
    return Entry(plan=plan, kind=item.kind, id=item.id, text=item.text, lead=item.lead, support=item.support,
                 when=item.when, deadline=None, status=item.status, done_on=item.done_on, remind=item.remind,
                 timing=timing, item=item, note=item.time_error or "")


def is_undated_active(plan: Plan, item: Item, first: dt.date, last: dt.date) -> bool:
    """Ongoing, conditional, unreadable or timeless items that are active in the period."""
    tf = item.timeframe
    if tf is None:
        return any(plan.covers(y) for y in range(first.year, last.year + 1))
    if tf.kind not in (ONGOING, CONDITIONAL):
        return False
    return any(tf.applies_in(y) for y in range(first.year, last.year + 1))


def milestone_entries(plan: Plan, first: dt.date, last: dt.date) -> list[Entry]:
    """Programme of each outbound delegation due N months before the trip (trip start = window start)."""
    months = plan.rules.get("delegation_programme_months_before")
    if not isinstance(months, int) or months <= 0:
        return []
    from dateutil.relativedelta import relativedelta

    out = []
    for d in plan.delegations:
        if d.data.get("direction", "out") != "out" or not d.timeframe or d.timeframe.kind not in (FIXED, RECURRING):
            continue
        years = range(first.year, last.year + 2)  # a trip early next year has its milestone this year
        for year in years:
            occ = d.timeframe.occurrence(year)
            if not occ:
                continue
            trip = occ[0] or occ[1]
            deadline = trip - relativedelta(months=months)
            if first <= deadline <= last:
                where = d.data.get("destination") or ""
                status = d.status if d.status in CLOSED else PLANNED
                out.append(Entry(
                    plan=plan, kind=MILESTONE, id=f"{d.id}#chuong-trinh",
                    text=f"Trình Trưởng đoàn chương trình Đoàn đi {where} (ít nhất {months} tháng trước chuyến đi, "
                         f"dự kiến từ {trip:%d/%m/%Y})",
                    lead=d.lead, support=d.support, when=d.when, deadline=deadline, start=None, status=status,
                    done_on=d.done_on if status == DONE else None, remind=d.remind, item=d,
                    extra={"delegation": d.id, "trip_start": trip.isoformat()},
                ))
    return out


def report_entries(plan: Plan, first: dt.date, last: dt.date) -> list[Entry]:
    out = []
    for rule in plan.reporting:
        for year in range(first.year, last.year + 1):
            if not plan.covers(year):
                continue
            deadline = rule.deadline_in(year)
            if deadline and first <= deadline <= last:
                out.append(Entry(
                    plan=plan, kind=REPORT, id=f"{rule.id}@{year}", text=rule.title or rule.note or rule.kind,
                    lead=rule.from_, support=[], when=rule.note, deadline=deadline, remind=rule.remind, rule=rule,
                    extra={"to": rule.to, "report_kind": rule.kind, "year": year},
                ))
    return out


def dated_entries(plans: list[Plan], first: dt.date, last: dt.date, kinds=ENTRY_KINDS) -> list[Entry]:
    """Every entry whose deadline falls in [first, last], ordered by deadline then plan order."""
    out: list[Entry] = []
    for plan in plans:
        if TASK in kinds or DELEGATION in kinds:
            for item in plan.items:
                if item.kind in kinds:
                    out.extend(item_entries(plan, item, first, last))
        if MILESTONE in kinds:
            out.extend(milestone_entries(plan, first, last))
        if REPORT in kinds:
            out.extend(report_entries(plan, first, last))
    return sort_entries(out)


def undated_entries(plans: list[Plan], first: dt.date, last: dt.date, kinds=ENTRY_KINDS) -> list[Entry]:
    return [undated_entry(p, i) for p in plans for i in p.items if i.kind in kinds and is_undated_active(p, i, first, last)]


def sort_entries(entries: list[Entry]) -> list[Entry]:
    order = {k: n for n, k in enumerate(ENTRY_KINDS)}
    return sorted(entries, key=lambda e: (e.deadline or dt.date.max, e.plan.id, order[e.kind],
                                          e.item.order if e.item and e.kind != MILESTONE else 0, e.id))


def overdue(plans: list[Plan], today: dt.date, kinds=(TASK, DELEGATION)) -> list[Entry]:
    """Open tasks and delegations whose deadline is before today, latest first."""
    years = [y for p in plans for y in p.years]
    if not years:
        return []
    first = dt.date(min(years), 1, 1)
    last = today - dt.timedelta(days=1)
    if last < first:
        return []
    found = [e for e in dated_entries(plans, first, last, kinds) if e.state(today) == OPEN_OVERDUE]
    return sorted(found, key=lambda e: (e.deadline, e.plan.id, e.item.order if e.item else 0))


def upcoming(plans: list[Plan], today: dt.date, days: int) -> list[Entry]:
    """Open entries due within ``days`` of today (or within their own `remind` lead), soonest first."""
    horizon = max([days] + [i.remind or 0 for p in plans for i in p.items] + [r.remind or 0 for p in plans for r in p.reporting])
    found = []
    for e in dated_entries(plans, today, today + dt.timedelta(days=horizon)):
        lead = e.remind if e.remind is not None else days
        if e.status in CLOSED:
            continue
        if 0 <= e.days(today) <= lead:
            found.append(e)
    return found


def default_year(plans: list[Plan], today: dt.date) -> tuple[int, str | None]:
    """This year if a plan covers it, else the most recent plan year, with a notice saying so."""
    if not plans or any(today.year in p.years for p in plans):
        return today.year, None  # open-ended plans ("và các năm tiếp theo") do not count here
    latest = max(y for p in plans for y in p.years)
    return latest, f"no plan covers {today.year}; showing {latest}, the most recent plan year (use --year to choose)"
