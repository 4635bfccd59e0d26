"""The years a plan can have something in: a deadline, a milestone, a report, an active undated item.

A ministry's repository holds ten years of plans; a question about one quarter needs about a tenth of them.
``reach_of`` answers, for a built plan, which years it can touch, so that the parse cache can keep that
answer beside the file and a later query builds only the plans that can answer it. The answer may be too
wide (a plan is then built for nothing) but never too narrow: tests compare it with the queries themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from kehoach.model import Plan
from kehoach.timeframe import CONDITIONAL, FIXED, ONGOING, RECURRING, Timeframe


@dataclass(frozen=True)
class Reach:
    """Years with something in them; every year from ``open_from`` on too; ``always``: any year at all."""

    years: frozenset[int] = frozenset()
    open_from: int | None = None
    always: bool = False

    def touches(self, first_year: int, last_year: int) -> bool:
        if self.always or (self.open_from is not None and last_year >= self.open_from):
            return True
        return any(first_year <= y <= last_year for y in self.years)

    def to_json(self) -> list:
        return [sorted(self.years), self.open_from, self.always]

    @classmethod
    def from_json(cls, value) -> Reach:
        years, open_from, always = value
        if not all(type(y) is int for y in years) or type(always) is not bool:
            raise ValueError("not a reach")
        if open_from is not None and type(open_from) is not int:
            raise ValueError("not a reach")
        return cls(frozenset(years), open_from, always)


ALWAYS = Reach(always=True)


class _Years:
    """Collects years; an unbounded span ends the collection as ``ALWAYS``."""

    def __init__(self, floor: int | None = None) -> None:
        self.years: set[int] = set()
        self.open_from: int | None = None
        self.always = False
        self.floor = floor  # the year the plan starts: nothing derived falls due before it

    def span(self, years: tuple[int, ...], open_ended: bool, back: int = 0, derived: bool = True) -> None:
        """``years`` (each also ``back`` years earlier); every later year when ``open_ended``; no years: all.
        ``derived``: what kehoach derives (not a deadline the plan writes) starts no earlier than ``floor``."""
        if not years:
            self.always = True
            return
        low = self.floor if derived and self.floor is not None else None
        for y in years:
            self.years.update(range(y - back if low is None else max(y - back, low), y + 1))
        if open_ended:
            start = max(years) + 1 - back
            self.open_from = start if self.open_from is None else min(self.open_from, start)

    def reach(self) -> Reach:
        return ALWAYS if self.always else Reach(frozenset(self.years), self.open_from)


def _timeframe_years(tf: Timeframe) -> tuple[tuple[int, ...], bool]:
    """The years a timeframe has a deadline or is active in, and whether it goes on after them. A fixed text
    with several deadlines ('Quý I, III', 'Quý IV/2025 - Quý II/2026') spans its first start (or deadline) to
    its last deadline; a periodic one ('hằng quý', 'ngày 15 hằng tháng') has all its occurrences inside its
    years, whatever the period."""
    if tf.kind == FIXED:
        if tf.deadline is None:
            return (tf.start.year,) if tf.start else (), False
        first = min(tf.first_year, tf.start.year) if tf.start else tf.first_year
        return tuple(range(first, tf.deadline.year + 1)), False
    return tf.years, tf.open_ended


def reach_of(plan: Plan) -> Reach:
    """Every year in which `due`, `due --all`, their footers or `upcoming` can find something of ``plan``."""
    acc = _Years(plan.start.year if plan.start else None)
    plan_years = (plan.years, plan.continues)
    months = plan.rules.get("delegation_programme_months_before") if isinstance(plan.rules, dict) else None
    back = months // 12 + 1 if type(months) is int and months > 0 else 0
    for item in plan.items:
        tf = item.timeframe
        if tf is None:  # timeless or unreadable: active in the plan's years
            acc.span(*plan_years)
        elif tf.kind in (FIXED, RECURRING, ONGOING, CONDITIONAL):
            years, open_ended = _timeframe_years(tf)
            acc.span(years, open_ended, derived=tf.kind != FIXED)  # a fixed deadline is kept as written
            if back and item.kind == "delegation" and tf.kind in (FIXED, RECURRING):
                # a delegation's programme milestone falls up to `back` years before the trip
                acc.span(years, open_ended, back)
        else:
            return ALWAYS
        if acc.always:
            return ALWAYS
    for rule in plan.reporting:
        if rule.date:
            acc.span((rule.date.year,), False, derived=False)
        elif rule.day:
            acc.span(*plan_years)
    return acc.reach()
