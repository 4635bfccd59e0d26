"""Dated entries (tasks, delegations, milestones, reports) and their state against today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kehoach import labels
from kehoach.model import DELEGATION, TASK, Item, Plan, ReportRule
from kehoach.status import CANCELLED, CLOSED, DONE, PLANNED
from kehoach.timeframe import CONDITIONAL, FIXED, ONGOING, RECURRING, YEAR

MILESTONE, REPORT = "milestone", "report"
ENTRY_KINDS = (TASK, DELEGATION, MILESTONE, REPORT)

# States, as the Government Office's task tracking classifies them.
DONE_ON_TIME = "done-on-time"
DONE_LATE = "done-late"
OPEN_IN_TIME = "open-in-time"
OPEN_OVERDUE = "open-overdue"
NO_DEADLINE = "no-deadline"
CANCELLED_STATE = "cancelled"
# A report or a delegation-programme milestone whose deadline has passed: the plan records no status for
# it, so kehoach cannot say whether it was done (see docs/queries.md).
PAST_UNTRACKED = "past-untracked"
STATE_LABELS = labels.STATE_LABELS
ROW_KEYS = (
    "plan",
    "number",
    "id",
    "kind",
    "task",
    "lead",
    "support",
    "when",
    "timing",
    "deadline",
    "status",
    "done_on",
    "state",
    "state_label",
    "days",
    "province",
    "was",
    "unread",
)
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
    tracked: bool = True  # False: a report or milestone, whose status the plan does not record

    @property
    def unread(self) -> str:
        """The words of the item's time text that were not understood ("" when read entirely): its deadline
        rests on the rest of the text and is shown as uncertain."""
        tf = self.item.timeframe if self.item is not None else None
        return tf.unread if tf is not None else ""

    @property
    def ref(self) -> str:
        return f"{self.plan.id}:{self.id}"

    def state(self, today: dt.date) -> str:
        """The state on ``today``; a deadline is a whole day, so on the day itself an entry is still in time."""
        if self.status == CANCELLED:
            return CANCELLED_STATE
        if self.deadline is None:
            return DONE_ON_TIME if self.status == DONE else NO_DEADLINE
        if self.status == DONE:
            return DONE_LATE if self.done_on and self.done_on > self.deadline else DONE_ON_TIME
        if today > self.deadline:
            return OPEN_OVERDUE if self.tracked else PAST_UNTRACKED
        return OPEN_IN_TIME

    def days(self, today: dt.date) -> int | None:
        """Signed days from today to the deadline (negative: late)."""
        return (self.deadline - today).days if self.deadline else None

    def to_row(self, today: dt.date) -> dict:
        state = self.state(today)
        return {
            "plan": self.plan.id,
            "number": self.plan.number,
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
            "was": self.extra.get("was"),
            "unread": self.unread or None,
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


def _item_status(
    item: Item, deadline: dt.date | None, timing: str, start: dt.date | None = None
) -> tuple[str, dt.date | None]:
    """Status of one occurrence. A yearly item's done counts for the year it was done in; an item due every
    half year, quarter or month counts as done for the occurrence whose window holds ``done_on``."""
    if timing == RECURRING and item.status == DONE and deadline:
        tf = item.timeframe
        if tf is not None and tf.period not in (None, YEAR) and start is not None:
            if not item.done_on or not start <= item.done_on <= deadline:
                return PLANNED, None
        elif item.done_on and item.done_on.year != deadline.year:
            return PLANNED, None
    return item.status, item.done_on


def in_force(plan: Plan, deadline: dt.date) -> bool:
    """Nothing falls due before the plan exists: False for a deadline before the plan's start (`effective`,
    else `issued`). Applies to what kehoach derives (each occurrence of a recurring task, a yearly report,
    a programme milestone), not to a deadline the plan writes itself, which is kept and warned of by
    validate (KH115). A plan without either date keeps every deadline."""
    return plan.start is None or deadline >= plan.start


def item_entries(plan: Plan, item: Item, first: dt.date, last: dt.date) -> list[Entry]:
    """Entries of ``item`` whose deadline falls in [first, last]: one per deadline (a text such as 'Quý I,
    III' or 'hằng quý' has several; derived occurrences from the plan's start)."""
    tf = item.timeframe
    if tf is None or tf.kind not in (FIXED, RECURRING):
        return []
    out = []
    for start, deadline in tf.occurrences_between(first, last):
        if tf.kind != FIXED and not in_force(plan, deadline):
            continue
        status, done_on = _item_status(item, deadline, tf.kind, start)
        out.append(_entry(plan, item, deadline, start, status, done_on, tf.kind))
    return out


def _entry(plan, item, deadline, start, status, done_on, timing, note: str = "") -> Entry:
    return Entry(
        plan=plan,
        kind=item.kind,
        id=item.id,
        text=item.text,
        lead=item.lead,
        support=item.support,
        when=item.when,
        deadline=deadline,
        start=start,
        status=status,
        done_on=done_on,
        remind=item.remind,
        timing=timing,
        item=item,
        note=note,
    )


def undated_entry(plan: Plan, item: Item) -> Entry:
    tf = item.timeframe
    timing = tf.kind if tf else ("invalid" if item.time_error else "none")
    return _entry(plan, item, None, None, item.status, item.done_on, timing, item.time_error or "")


def is_undated_active(plan: Plan, item: Item, first: dt.date, last: dt.date) -> bool:
    """Ongoing, conditional, unreadable or timeless items that are active in the period: in a year the plan
    (or the time text) covers, not before the plan starts, and not done in an earlier year."""
    tf = item.timeframe
    if tf is not None and tf.kind not in (ONGOING, CONDITIONAL):
        return False
    if plan.start is not None and last < plan.start:
        return False
    if item.status == DONE and item.done_on is not None and item.done_on.year < first.year:
        return False  # done in an earlier year: it no longer runs (in its own year it shows as done)
    years = range(first.year, last.year + 1)
    if tf is None:
        return any(plan.covers(y) for y in years)
    return any(tf.applies_in(y) for y in years)


def milestone_entries(plan: Plan, first: dt.date, last: dt.date) -> list[Entry]:
    """The programme of each outbound delegation reaches the head of delegation N months before the trip.

    The trip starts on the delegation's exact ``due`` date, else on the first day of its window (the start of
    its quarter or month). The plan records no status for the milestone itself: it follows the delegation
    when that is done or cancelled (a trip that took place had its programme), and is untracked otherwise.
    """
    months = plan.rules.get("delegation_programme_months_before")
    if not isinstance(months, int) or isinstance(months, bool) or months <= 0:
        return []
    from dateutil.relativedelta import relativedelta

    out = []
    for d in plan.delegations:
        if d.data.get("direction", "out") != "out" or not d.timeframe or d.timeframe.kind not in (FIXED, RECURRING):
            continue
        # a trip early next year (or later, for a rule of 12 months or more) has its milestone this year
        years = range(first.year, last.year + months // 12 + 2)
        for occ in (o for year in years for o in d.timeframe.occurrences_in(year)):
            trip = occ[0] or occ[1]
            deadline = trip - relativedelta(months=months)
            if first <= deadline <= last and in_force(plan, deadline):
                where = d.data.get("destination") or ""
                status, _ = _item_status(d, occ[1], d.timeframe.kind, occ[0])
                closed = status in CLOSED
                out.append(
                    Entry(
                        plan=plan,
                        kind=MILESTONE,
                        id=f"{d.id}#chuong-trinh",
                        text=f"Trình Trưởng đoàn chương trình Đoàn đi {where} (ít nhất {months} tháng trước chuyến đi, "
                        f"dự kiến từ {trip:%d/%m/%Y})",
                        lead=d.lead,
                        support=d.support,
                        when=d.when,
                        deadline=deadline,
                        start=None,
                        status=status if closed else PLANNED,
                        done_on=None,
                        remind=d.remind,
                        timing=d.timeframe.kind,
                        item=d,
                        extra={"delegation": d.id, "trip_start": trip.isoformat()},
                        tracked=closed,
                    )
                )
    return out


def report_deadline(plan: Plan, rule: ReportRule, year: int) -> dt.date | None:
    """The rule's deadline in ``year``: a yearly day (``day: 10/5``) in every year the plan covers from its
    start on (a plan issued on 1 December has no six-month report that year), an exact ``date`` as written."""
    if not plan.covers(year):
        return None
    deadline = rule.deadline_in(year)
    if deadline is not None and rule.date is None and not in_force(plan, deadline):
        return None
    return deadline


def report_entries(plan: Plan, first: dt.date, last: dt.date) -> list[Entry]:
    """Reporting deadlines in [first, last], one per rule and year the plan covers (untracked: no status)."""
    out = []
    for rule in plan.reporting:
        for year in range(first.year, last.year + 1):
            deadline = report_deadline(plan, rule, year)
            if deadline and first <= deadline <= last:
                out.append(
                    Entry(
                        plan=plan,
                        kind=REPORT,
                        id=f"{rule.id}@{year}",
                        text=rule.title or rule.note or rule.kind,
                        lead=rule.from_,
                        support=[],
                        when=rule.note,
                        deadline=deadline,
                        remind=rule.remind,
                        timing=RECURRING if rule.day else FIXED,
                        rule=rule,
                        extra={"to": rule.to, "report_kind": rule.kind, "year": year},
                        tracked=False,
                    )
                )
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
    """Ongoing, conditional and timeless items active in [first, last] (what `due --all` adds)."""
    return [
        undated_entry(p, i) for p in plans for i in p.items if i.kind in kinds and is_undated_active(p, i, first, last)
    ]


def sort_entries(entries: list[Entry]) -> list[Entry]:
    """By deadline, then plan, then kind (task, delegation, milestone, report), then the plan's own order."""
    order = {k: n for n, k in enumerate(ENTRY_KINDS)}
    return sorted(
        entries,
        key=lambda e: (e.deadline or dt.date.max, e.plan.id, order[e.kind], e.item.order if e.item else 0, e.id),
    )


def _first_year(plans: list[Plan]) -> int | None:
    """The earliest year any plan or any fixed deadline names."""
    years = [y for p in plans for y in p.years]
    years += [
        i.timeframe.first_year
        for p in plans
        for i in p.items
        if i.timeframe is not None and i.timeframe.kind == FIXED and i.timeframe.deadline
    ]
    return min(years) if years else None


def overdue(plans: list[Plan], today: dt.date, kinds=(TASK, DELEGATION)) -> list[Entry]:
    """Open tasks and delegations whose deadline is before today, the latest (most days late) first.

    Reports and milestones are left out: the plan records no status for them, so they could never be
    marked done and would stay "overdue" for ever.
    """
    kinds = tuple(k for k in kinds if k in (TASK, DELEGATION))
    first_year = _first_year(plans)
    if first_year is None:
        return []
    first = dt.date(first_year, 1, 1)
    last = today - dt.timedelta(days=1)
    if last < first:
        return []
    found = [e for e in dated_entries(plans, first, last, kinds) if e.state(today) == OPEN_OVERDUE]
    return sorted(found, key=lambda e: (e.deadline, e.plan.id, e.item.order if e.item else 0))


def upcoming_horizon(plans: list[Plan], days: int) -> int:
    """How many days ahead `upcoming` looks: ``days``, or further for an entry whose own ``remind`` says so."""
    return max([days, *(p.longest_remind() for p in plans)])


def upcoming(plans: list[Plan], today: dt.date, days: int, held_back: list[Entry] | None = None) -> list[Entry]:
    """Open entries due within ``days`` of today, soonest first; an entry's own ``remind`` replaces ``days``
    for it (like org-mode's ``-14d``). Entries within ``days`` that a shorter ``remind`` holds back are
    appended to ``held_back`` when a list is given."""
    found = []
    for e in dated_entries(plans, today, today + dt.timedelta(days=upcoming_horizon(plans, days))):
        if e.status in CLOSED:
            continue
        lead = e.remind if e.remind is not None else days
        left = e.days(today)
        if 0 <= left <= lead:
            found.append(e)
        elif held_back is not None and 0 <= left <= days:
            held_back.append(e)
    return found


def occurrence_years(plan: Plan, item: Item, today: dt.date) -> range:
    """The years to look at for one item: the plan's years, and for a plan that continues, up to this year."""
    first = min(plan.years)
    last = max(plan.years)
    if plan.continues or (item.timeframe is not None and item.timeframe.open_ended):
        last = max(last, today.year)
    if item.timeframe is not None and item.timeframe.kind == FIXED and item.timeframe.deadline:
        first = min(first, item.timeframe.first_year)
        last = max(last, item.timeframe.deadline.year)
    return range(first, last + 1)


def item_all_entries(plan: Plan, item: Item, today: dt.date) -> list[Entry]:
    """Every dated entry of an item (each occurrence of a recurring one, up to this year)."""
    years = occurrence_years(plan, item, today)
    return item_entries(plan, item, dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31))


def representative_entry(plan: Plan, item: Item, year: int) -> Entry:
    """One entry that stands for the item in ``year``: a fixed item's deadline (whatever its year), a recurring
    item's occurrence in ``year`` (else its nearest one), or an undated entry. Of several deadlines (a list, a
    periodic text) it is the first one still open, else the last."""
    tf = item.timeframe
    if tf is None or tf.kind not in (FIXED, RECURRING):
        return undated_entry(plan, item)
    if tf.kind == FIXED and len(tf.dates) <= 1:
        status, done_on = _item_status(item, tf.deadline, FIXED)
        return _entry(plan, item, tf.deadline, tf.start, status, done_on, FIXED)
    if tf.kind == FIXED:  # several deadlines ('Quý I, III'): the first one still open, else the last
        found = item_entries(plan, item, dt.date(tf.dates[0][1].year, 1, 1), tf.deadline)
        return next((e for e in found if e.status not in CLOSED), found[-1])
    found = item_entries(plan, item, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if found:  # several in the year ('hằng quý'): the first one still open, else the last
        return next((e for e in found if e.status not in CLOSED), found[-1])
    years = [y for y in (*plan.years, year) if tf.applies_in(y)] or list(tf.years)
    if not years:
        return undated_entry(plan, item)
    nearest = min(years, key=lambda y: (abs(y - year), y))
    found = item_entries(plan, item, dt.date(nearest, 1, 1), dt.date(nearest, 12, 31))
    return found[-1] if found else undated_entry(plan, item)


def default_year(plans: list[Plan], today: dt.date) -> tuple[int, str | None]:
    """This year if a plan covers it (its years, a span such as 2025–2030, or the later years of a plan that
    continues), else the most recent plan year, with a notice saying so."""
    if not plans or any(p.covers(today.year) for p in plans):
        return today.year, None
    latest = max(y for p in plans for y in p.years)
    notice = f"no plan covers {today.year}; showing {latest}, the most recent plan year (use --year to choose)"
    return latest, notice


def days_phrase(days: int) -> str:
    """'hôm nay', 'còn 9 ngày', 'trễ 15 ngày'."""
    if days == 0:
        return "hôm nay"
    return f"còn {days} ngày" if days > 0 else f"trễ {-days} ngày"
