"""Read Vietnamese time texts ("Quý II/2024", "thường xuyên", "Hằng năm" …) as timeframes."""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, field
from datetime import date

from kehoach.text import strip_accents

FIXED, ONGOING, RECURRING, CONDITIONAL = "fixed", "ongoing", "recurring", "conditional"
KINDS = (FIXED, ONGOING, RECURRING, CONDITIONAL)

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
EXAMPLES = "'Quý II/2024', 'Tháng 11/2024', 'trong năm 2024', 'thường xuyên', 'Hằng năm', 'Theo KH đoàn vào'"


class TimeParseError(ValueError):
    """The text cannot be read as a timeframe; ``suggestion`` says what would work."""

    def __init__(self, message: str, suggestion: str = f"write e.g. {EXAMPLES}", code: str = "KH301"):
        super().__init__(message)
        self.message = message
        self.suggestion = suggestion
        self.code = code


@dataclass(frozen=True)
class Window:
    """A span inside one year: (month, day) to (month, day)."""

    start: tuple[int, int]
    end: tuple[int, int]

    def in_year(self, year: int) -> tuple[date, date]:
        end_month, end_day = self.end
        return date(year, *self.start), date(year, end_month, min(end_day, calendar.monthrange(year, end_month)[1]))


WHOLE_YEAR = Window((1, 1), (12, 31))


@dataclass(frozen=True)
class Timeframe:
    """How a time text is understood: kind, window (start..deadline) and the years it applies to."""

    text: str
    kind: str
    start: date | None = None
    deadline: date | None = None
    years: tuple[int, ...] = ()
    open_ended: bool = False
    tentative: bool = False
    window: Window | None = None
    note: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def has_deadline(self) -> bool:
        return self.kind in (FIXED, RECURRING)

    def applies_in(self, year: int) -> bool:
        """True when the timeframe is active in ``year``."""
        if self.kind == FIXED:
            return (
                self.start is not None
                and self.start.year <= year <= self.deadline.year
                or (self.start is None and self.deadline is not None and self.deadline.year == year)
            )
        if not self.years:
            return True
        return year in self.years or (self.open_ended and year > max(self.years))

    def occurrence(self, year: int) -> tuple[date | None, date] | None:
        """(start, deadline) of the occurrence whose deadline falls in ``year``, if any."""
        if self.kind == FIXED:
            return (self.start, self.deadline) if self.deadline.year == year else None
        if self.kind == RECURRING and self.applies_in(year):
            return (self.window or WHOLE_YEAR).in_year(year)
        return None

    def deadlines_between(self, first: date, last: date) -> list[date]:
        """Every deadline of this timeframe that falls in [first, last]."""
        out = []
        for year in range(first.year, last.year + 1):
            occ = self.occurrence(year)
            if occ and first <= occ[1] <= last:
                out.append(occ[1])
        return out

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "kind": self.kind,
            "start": self.start.isoformat() if self.start else None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "years": list(self.years),
            "open_ended": self.open_ended,
            "tentative": self.tentative,
            "note": self.note,
        }


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_window(q_from: int, q_to: int | None = None) -> Window:
    q_to = q_to or q_from
    end_month = q_to * 3
    return Window((q_from * 3 - 2, 1), (end_month, calendar.monthrange(2001, end_month)[1]))


def month_window(m_from: int, m_to: int | None = None) -> Window:
    m_to = m_to or m_from
    last = 29 if m_to == 2 else calendar.monthrange(2001, m_to)[1]
    return Window((m_from, 1), (m_to, last))


def _clean(text: str) -> str:
    s = strip_accents(text).lower()
    s = re.sub(r"\s+", " ", s).strip().rstrip(".;,").strip()
    return s


_QNUM = r"([ivx]+|\d+)"
_QUARTER_RANGE = re.compile(rf"\b(?:quy|q)\s*{_QNUM}\s*(?:-|–|den|toi)\s*(?:quy|q)?\s*{_QNUM}\b")
_QUARTER = re.compile(rf"\b(?:quy|q)\s*{_QNUM}\b")
_MONTH_RANGE = re.compile(r"\bthang\s*(\d{1,2})\s*(?:-|–|den|toi)\s*(?:thang\s*)?(\d{1,2})\b")
_MONTH = re.compile(r"\bthang\s*(\d{1,2})\b")
_HALF = re.compile(r"\b6 thang (dau|cuoi) nam\b")
_BEFORE = re.compile(
    r"\b(?:truoc|den|cham nhat)\s*(?:ngay\s*)?(\d{1,2})\s*(?:/|-|thang)\s*(\d{1,2})(?:\s*(?:/|-|nam)\s*(\d{4}))?"
)
_ON_DAY = re.compile(
    r"(?:\bngay\s*)?\b(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})\b"
    r"|(?:\bngay\s*)?\b(?P<d2>\d{1,2}) thang (?P<m2>\d{1,2}) nam (?P<y2>\d{4})\b"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_RECUR = re.compile(r"\b(hang nam|moi nam|(?:va|, )?\s*cac nam tiep theo|nhung nam tiep theo|nam tiep theo)\b")
_ONGOING = re.compile(r"\bthuong xuyen\b|\bliên tuc\b|\blien tuc\b")
_CONDITIONAL = re.compile(r"^(?:du kien\s+)?theo\b|\bkhi co\b|\btuy tinh hinh\b|\bkhi duoc\b")


def _quarter_number(raw: str, text: str) -> int:
    n = ROMAN.get(raw) if not raw.isdigit() else int(raw)
    if n is None or not 1 <= n <= 4:
        raise TimeParseError(
            f"quarter '{raw.upper()}' does not exist in {text!r}: quarters are I–IV (1–4)",
            "write 'Quý I' … 'Quý IV' or 'Q1' … 'Q4'",
            code="KH304",
        )
    return n


def _month_number(raw: str, text: str) -> int:
    n = int(raw)
    if not 1 <= n <= 12:
        raise TimeParseError(f"month {n} does not exist in {text!r}", "write 'Tháng 1' … 'Tháng 12'", code="KH302")
    return n


def _window(s: str, text: str) -> Window | None:
    """The within-year window the text names, or None when it names the whole year."""
    if m := _QUARTER_RANGE.search(s):
        a, b = _quarter_number(m[1], text), _quarter_number(m[2], text)
        return quarter_window(min(a, b), max(a, b))
    if m := _QUARTER.search(s):
        return quarter_window(_quarter_number(m[1], text))
    if m := _MONTH_RANGE.search(s):
        a, b = _month_number(m[1], text), _month_number(m[2], text)
        return month_window(min(a, b), max(a, b))
    if m := _MONTH.search(s):
        return month_window(_month_number(m[1], text))
    if m := _HALF.search(s):
        return Window((1, 1), (6, 30)) if m[1] == "dau" else Window((7, 1), (12, 31))
    return None


def _years(s: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(s)]


def _exact_date(day: str, month: str, year: int, text: str) -> date:
    try:
        return date(year, int(month), int(day))
    except ValueError:
        raise TimeParseError(
            f"date {day}/{month}/{year} does not exist in {text!r}", "check the day and month", code="KH302"
        ) from None


def parse_when(text: str, year: int | None = None, years: tuple[int, ...] = (), continues: bool = False) -> Timeframe:
    """Parse ``text``; ``year`` is the plan year, ``years``/``continues`` describe a multi-year plan.

    Memoised: plans repeat a few dozen time texts ("Quý II", "thường xuyên") over thousands of items,
    and a Timeframe is immutable, so items share one. Texts that cannot be read raise every time.
    """
    if text is None or isinstance(text, (list, dict)):
        return _parse_when(text, year, tuple(years or ()), continues)
    return _parse_when_cached(text, year, tuple(years or ()), bool(continues))


@functools.lru_cache(maxsize=4096)
def _parse_when_cached(text: str, year: int | None, years: tuple[int, ...], continues: bool) -> Timeframe:
    return _parse_when(text, year, years, continues)


def _parse_when(text: str, year: int | None, years: tuple[int, ...], continues: bool) -> Timeframe:
    if text is None or not str(text).strip():
        raise TimeParseError("empty time text")
    text = str(text).strip()
    s = _clean(text)
    context_years = tuple(years) or ((year,) if year else ())
    tentative = s.startswith("du kien")

    if _ONGOING.search(s):
        return Timeframe(text, ONGOING, years=context_years, open_ended=continues)

    found_years = _years(s)
    if _CONDITIONAL.search(s):
        return Timeframe(
            text,
            CONDITIONAL,
            years=tuple(found_years) or context_years,
            open_ended=continues and not found_years,  # like ongoing: runs on with a plan that continues
            tentative=tentative,
        )

    recur = _RECUR.search(s)
    window = _window(s, text)

    if recur:
        yrs = tuple(found_years) or context_years
        open_ended = "tiep theo" in recur[0] or (not found_years and continues)
        if "tiep theo" in recur[0] and not found_years and not context_years:
            raise TimeParseError(f"{text!r} names no first year", "write e.g. 'Năm 2023 và các năm tiếp theo'")
        return Timeframe(text, RECURRING, years=yrs, open_ended=open_ended, window=window or WHOLE_YEAR)

    if m := _BEFORE.search(s):
        y = int(m[3]) if m[3] else (found_years[0] if found_years else year)
        if y is None:
            raise TimeParseError(f"{text!r} names no year", f"write e.g. '{text}/2024' or pass the plan year")
        deadline = _exact_date(m[1], m[2], y, text)
        return Timeframe(text, FIXED, start=date(y, 1, 1), deadline=deadline, years=(y,), tentative=tentative)
    if m := _ON_DAY.search(s):
        d, mo, y = (m["d"], m["m"], m["y"]) if m["d"] else (m["d2"], m["m2"], m["y2"])
        day = _exact_date(d, mo, int(y), text)
        return Timeframe(text, FIXED, start=day, deadline=day, years=(day.year,), tentative=tentative)

    if window is not None or found_years:
        if len(found_years) > 1 and window is None:
            first, last = min(found_years), max(found_years)
            return Timeframe(
                text,
                FIXED,
                start=date(first, 1, 1),
                deadline=date(last, 12, 31),
                years=tuple(range(first, last + 1)),
                tentative=tentative,
            )
        y = found_years[0] if found_years else year
        if y is None:
            raise TimeParseError(f"{text!r} names no year", f"write e.g. '{text}/2024' or give the plan year")
        w = window or WHOLE_YEAR
        start, deadline = w.in_year(y)
        return Timeframe(text, FIXED, start=start, deadline=deadline, years=(y,), tentative=tentative, window=w)

    raise TimeParseError(f"cannot read the time text {text!r}")


def fixed_on(day: date) -> Timeframe:
    """The timeframe of an exact ``due`` date."""
    return Timeframe(day.isoformat(), FIXED, start=None, deadline=day, years=(day.year,))
