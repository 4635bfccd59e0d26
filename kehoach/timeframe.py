"""Read Vietnamese time texts ("Quý II/2024", "thường xuyên", "hằng quý" …) as timeframes.

A time text is read completely or not at all silently: a small tokenizer splits the folded text (accents
and case removed) into numbers, words and signs, and a grammar consumes them from left to right. Every
token is either understood (a quarter, a month, a date, a year, a range, a list, a period such as "hằng
quý", a condition, or a word that carries no meaning here such as "trong", "thực hiện", punctuation) or
left over. The left-over words are kept, as written, in ``Timeframe.unread``: the reading then rests on what
was understood and ``kehoach validate`` says so (KH306). A text with nothing understood is an error (KH301).
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, field
from datetime import date

from kehoach.text import strip_accents

FIXED, ONGOING, RECURRING, CONDITIONAL = "fixed", "ongoing", "recurring", "conditional"
KINDS = (FIXED, ONGOING, RECURRING, CONDITIONAL)
YEAR, HALF, QUARTER, MONTH = "year", "half", "quarter", "month"
PERIODS = (YEAR, HALF, QUARTER, MONTH)

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
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


def quarter_window(q_from: int, q_to: int | None = None) -> Window:
    q_to = q_to or q_from
    end_month = q_to * 3
    return Window((q_from * 3 - 2, 1), (end_month, calendar.monthrange(2001, end_month)[1]))


def month_window(m_from: int, m_to: int | None = None) -> Window:
    m_to = m_to or m_from
    last = 29 if m_to == 2 else calendar.monthrange(2001, m_to)[1]
    return Window((m_from, 1), (m_to, last))


HALF_WINDOWS = (Window((1, 1), (6, 30)), Window((7, 1), (12, 31)))
PERIOD_WINDOWS = {
    YEAR: (WHOLE_YEAR,),
    HALF: HALF_WINDOWS,
    QUARTER: tuple(quarter_window(q) for q in range(1, 5)),
    MONTH: tuple(month_window(m) for m in range(1, 13)),
}
PERIOD_VI = {YEAR: "hằng năm", HALF: "6 tháng một lần", QUARTER: "hằng quý", MONTH: "hằng tháng"}


@dataclass(frozen=True)
class Timeframe:
    """How a time text is understood.

    ``kind`` fixed: one or more deadlines (``dates``, each (start, deadline)); ``start``/``deadline`` are the
    first start and the last deadline. ``kind`` recurring: a deadline per ``period`` (year, half, quarter,
    month) in each year of ``years`` (and every later year when ``open_ended``), the windows inside a year
    being ``windows``. ongoing and conditional have no deadline. ``unread`` holds the words of the text that
    were not understood, as written ("" when the text was read entirely).
    """

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
    period: str | None = None
    windows: tuple[Window, ...] = ()
    dates: tuple[tuple[date | None, date], ...] = ()
    unread: str = ""

    @property
    def has_deadline(self) -> bool:
        return self.kind in (FIXED, RECURRING)

    @property
    def partial(self) -> bool:
        """True when part of the text was not understood."""
        return bool(self.unread)

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

    def occurrences_in(self, year: int) -> list[tuple[date | None, date]]:
        """Every (start, deadline) whose deadline falls in ``year``, in date order."""
        if self.kind == FIXED:
            return [occ for occ in self.dates or ((self.start, self.deadline),) if occ[1].year == year]
        if self.kind == RECURRING and self.applies_in(year):
            return sorted(w.in_year(year) for w in self.windows or (self.window or WHOLE_YEAR,))
        return []

    def occurrence(self, year: int) -> tuple[date | None, date] | None:
        """(start, deadline) of the last occurrence whose deadline falls in ``year``, if any."""
        found = self.occurrences_in(year)
        return found[-1] if found else None

    def occurrences_between(self, first: date, last: date) -> list[tuple[date | None, date]]:
        """Every (start, deadline) of this timeframe whose deadline falls in [first, last]."""
        return [
            occ
            for year in range(first.year, last.year + 1)
            for occ in self.occurrences_in(year)
            if first <= occ[1] <= last
        ]

    def deadlines_between(self, first: date, last: date) -> list[date]:
        """Every deadline of this timeframe that falls in [first, last]."""
        return [occ[1] for occ in self.occurrences_between(first, last)]

    def describe(self) -> str:
        """A short account of the reading, e.g. 'fixed, 2025-04-01 to 2025-06-30'."""
        if self.kind == FIXED:
            if len(self.dates) > 1:
                return "fixed, deadlines " + ", ".join(d.isoformat() for _, d in self.dates)
            return f"fixed, {self.start.isoformat() if self.start else '…'} to {self.deadline.isoformat()}"
        years = ", ".join(map(str, self.years)) + (" and following years" if self.open_ended else "")
        years = f" ({years})" if years else ""
        if self.kind == RECURRING:
            if self.period == YEAR:
                ends = ", ".join(f"{w.end[1]}/{w.end[0]}" for w in self.windows or (WHOLE_YEAR,))
                return f"recurring every year, deadline {ends}{years}"
            return f"recurring every {self.period}{years}"
        return f"{self.kind}{years}"

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
            "period": self.period,
            "deadlines": [d.isoformat() for _, d in self.dates] if self.kind == FIXED else [],
            "unread": self.unread,
        }


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# -- tokens ------------------------------------------------------------------------------------------------

_token_re = None


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(folded token, start, end) with start/end offsets in ``text``: numbers, words, single signs."""
    global _token_re
    if _token_re is None:
        _token_re = re.compile(r"\d+|[a-z]+|[^\sa-z\d]")
    folded, where = [], []
    for i, ch in enumerate(text):
        f = ch.lower() if ch.isascii() else strip_accents(ch).lower()
        folded.append(f)
        where.extend([i] * len(f))
    s = "".join(folded)
    return [(m[0], where[m.start()], where[m.end() - 1] + 1) for m in _token_re.finditer(s)]


# Words that carry no time meaning here, consumed explicitly (longest first within each first word).
_NOISE = (
    ("thuc", "hien"),
    ("hoan", "thanh"),
    ("trien", "khai"),
    ("thoi", "gian"),
    ("thoi", "han"),
    ("han", "chot"),
    ("giai", "doan"),
    ("bao", "cao"),
    ("to", "chuc"),
    ("ban", "hanh"),
    ("ke", "tu"),
    ("trong",),
    ("vao",),
    ("han",),
    ("xong",),
    ("het",),
    ("la",),
    ("ca",),
    ("nay",),
    ("va",),
    ("hoac",),
    ("cac",),
    ("ngay",),
)
_TENTATIVE = (("du", "kien"), ("khoang",))
_ONGOING = (("thuong", "xuyen"), ("lien", "tuc"))
_CONDITIONAL = (
    ("sau", "khi"),
    ("khi", "co"),
    ("khi", "duoc"),
    ("khi", "can"),
    ("khi", "phat", "sinh"),
    ("theo",),
    ("tuy", "theo"),
    ("tuy", "thuoc"),
    ("tuy",),
    ("can", "cu"),
    ("tren", "co", "so"),
    ("neu",),
    ("trong", "truong", "hop"),
    ("phu", "thuoc"),
)
_BEFORE = (("cham", "nhat", "vao"), ("cham", "nhat"), ("truoc",), ("den",), ("toi",), ("han", "chot"), ("han",))
_NEXT_YEARS = (
    ("va", "cac", "nam", "tiep", "theo"),
    ("va", "nhung", "nam", "tiep", "theo"),
    ("cac", "nam", "tiep", "theo"),
    ("nhung", "nam", "tiep", "theo"),
    ("va", "cac", "nam", "sau"),
    ("cac", "nam", "sau"),
)
# "hằng"/"hàng"/"mỗi"/"định kỳ (hằng)" + quý/tháng/năm; half years: "6 tháng một lần", "định kỳ 6 tháng" …
_EVERY = (("dinh", "ky", "hang"), ("dinh", "ky", "moi"), ("dinh", "ky", "theo"), ("dinh", "ky"), ("hang",), ("moi",))
_UNIT = {"nam": YEAR, "quy": QUARTER, "qui": QUARTER, "thang": MONTH}
_RANGE_SEP = {"-", "–", "—", "den", "toi", "~"}
_YEAR_SEP = {"/", "-", "–", ".", ","}
_SIGNS = set(",;.:()[]{}\"'“”‘’!?…+*/-–—~&")


@dataclass
class _Point:
    """A quarter, month, half, date or year, its year possibly still unknown."""

    unit: str  # quarter | month | half | year | date | thisyear
    n: int = 0  # quarter/month/half number; day for a date
    month: int = 0  # for a date
    year: int | None = None
    before: bool = False  # a date written "trước …": the deadline, not the whole span
    pos: int = 0  # first and past-last token it was read from
    end: int = 0

    def bounds(self, text: str) -> tuple[date, date]:
        y = self.year
        if self.unit == "quarter":
            return quarter_window(self.n).in_year(y)
        if self.unit == "month":
            return month_window(self.n).in_year(y)
        if self.unit == "half":
            return HALF_WINDOWS[self.n - 1].in_year(y)
        if self.unit == "date":
            day = _exact_date(self.n, self.month, y, text)
            return (date(y, 1, 1) if self.before else day), day
        return date(y, 1, 1), date(y, 12, 31)

    def window(self, text: str) -> Window:
        if self.unit == "quarter":
            return quarter_window(self.n)
        if self.unit == "month":
            return month_window(self.n)
        if self.unit == "half":
            return HALF_WINDOWS[self.n - 1]
        if self.unit == "date":
            _exact_date(self.n, self.month, 2000, text)  # 2000: a leap year, so 29/2 stays possible
            return Window((1, 1) if self.before else (self.month, self.n), (self.month, self.n))
        return WHOLE_YEAR


def _exact_date(day: int, month: int, year: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise TimeParseError(
            f"date {day}/{month}/{year} does not exist in {text!r}", "check the day and month", code="KH302"
        ) from None


class _Reader:
    """Consumes the tokens of one text; ``items`` is what was understood, ``unread`` what was not."""

    def __init__(self, text: str):
        self.text = text
        self.toks = _tokens(text)
        self.i = 0
        self.items: list[tuple[str, object]] = []  # (tag, value): point, sep, from, until, every, next, …
        self.unread: list[int] = []  # token indexes
        self.tentative = False
        self.condition = ""

    # -- helpers ----------------------------------------------------------------------------------------
    def tok(self, k: int = 0) -> str:
        j = self.i + k
        return self.toks[j][0] if j < len(self.toks) else ""

    def match(self, phrases, k: int = 0) -> int:
        """Length of the first phrase of ``phrases`` found at i+k, else 0."""
        for p in phrases:
            if all(self.tok(k + n) == w for n, w in enumerate(p)):
                return len(p)
        return 0

    def year_at(self, k: int = 0) -> int | None:
        t = self.tok(k)
        return int(t) if len(t) == 4 and t.isdigit() and 1900 <= int(t) <= 2099 else None

    def number_at(self, k: int = 0) -> int | None:
        t = self.tok(k)
        return int(t) if t.isdigit() and len(t) <= 2 else None

    def quarter_at(self, k: int = 0) -> int | None:
        """The quarter number written at i+k (II, 2), or None; a number that is no quarter raises KH304."""
        t = self.tok(k)
        if t.isdigit() and len(t) <= 2:
            n = int(t)
        elif t in ROMAN:
            n = ROMAN[t]
        elif t and set(t) <= set("ivxl"):
            n = 0
        else:
            return None
        if not 1 <= n <= 4:
            raise TimeParseError(
                f"quarter '{t.upper()}' does not exist in {self.text!r}: quarters are I–IV (1–4)",
                "write 'Quý I' … 'Quý IV' or 'Q1' … 'Q4'",
                code="KH304",
            )
        return n

    def small_quarter(self, k: int) -> bool:
        """A bare I–IV or 1–4 at i+k (continuing a list or range of quarters)."""
        t = self.tok(k)
        return t in ("i", "ii", "iii", "iv", "1", "2", "3", "4")

    def month_number(self, n: int) -> int:
        if not 1 <= n <= 12:
            raise TimeParseError(
                f"month {n} does not exist in {self.text!r}", "write 'Tháng 1' … 'Tháng 12'", code="KH302"
            )
        return n

    def attached_year(self) -> int | None:
        """A year right after a quarter or month: '/2024', '-2024', ' năm 2024', ' 2024'; consumed."""
        if self.tok() in _YEAR_SEP and (y := self.year_at(1)):
            self.i += 2
            return y
        if self.tok() == "nam" and (y := self.year_at(1)):
            self.i += 2
            return y
        if y := self.year_at():
            self.i += 1
            return y
        return None

    def last_point(self) -> _Point | None:
        for tag, value in reversed(self.items):
            if tag == "point":
                return value
            if tag not in ("sep", "list"):
                return None
        return None

    # -- the grammar ------------------------------------------------------------------------------------
    def read(self) -> None:
        while self.i < len(self.toks):
            start, count = self.i, len(self.items)
            if not self.step():
                self.unread.append(self.i)
                self.i += 1
                continue
            for tag, value in self.items[count:]:
                if tag == "point":  # the tokens it was read from, to quote it if it ends up unused
                    while start < self.i - 1 and (
                        self.tok(start - self.i) in _SIGNS or self.tok(start - self.i) in ("va", "hoac")
                    ):
                        start += 1
                    value.pos, value.end = start, self.i

    def drop(self, point: _Point) -> None:
        """A point the reading cannot use (a quarter beside 'hằng tháng'): its words count as unread."""
        self.unread = sorted({*self.unread, *range(point.pos, point.end)})

    def step(self) -> bool:  # noqa: C901 - one branch per form, in priority order
        t = self.tok()
        start = self.i
        if n := self.match(_ONGOING):
            self.i += n
            self.items.append(("ongoing", None))
            return True
        if n := self.match(_NEXT_YEARS):
            self.i += n
            self.items.append(("next", None))
            return True
        if self.every():
            return True
        if self.day_of_month():
            return True
        if self.half_or_edge():
            return True
        if n := self.match(_TENTATIVE):
            self.i += n
            self.tentative = True
            return True
        if (n := self.match(_CONDITIONAL)) and self.i + n < len(self.toks):
            # a condition: the rest of the text is its wording, understood as a whole
            self.items.append(("condition", start))
            self.condition = self.text[self.toks[start][1] :].strip()
            self.i = len(self.toks)
            return True
        if self.date_point(before=False):
            return True
        if n := self.match(_BEFORE):
            save = self.i
            self.i += n
            if self.tok() == "ngay":
                self.i += 1
            if self.date_point(before=True):
                return True
            self.i = save
        if t in ("quy", "qui", "q") and self.quarter_at(1) is not None:
            self.i += 1
            self.quarter_point()
            return True
        if t == "q" and self.tok(1) == "." and self.quarter_at(2) is not None:  # 'Q.III/2025'
            self.i += 2
            self.quarter_point()
            return True
        if len(t) > 1 and t[0] == "q" and t[1:] in ROMAN and t not in ("quy", "qui"):
            self.quarter_point(ROMAN[t[1:]])
            return True
        if t in ("thang", "t") and (m := self.number_at(1)) is not None:
            self.i += 1
            self.month_point()
            return True
        if t in _RANGE_SEP or t == ",":
            # a bare number after a quarter or a month continues its list or range: 'Quý I, III', 'Tháng 6 - 9'
            prev = self.last_point()
            if prev is not None and prev.unit in ("quarter", "month"):
                k = 1 + (self.tok(1) in ("va", "hoac"))
                if prev.unit == "quarter" and self.small_quarter(k) and self.tok(k + 1) != "thang":
                    self.items.append(("sep" if t in _RANGE_SEP else "list", None))
                    self.i += k
                    self.quarter_point()
                    return True
                if prev.unit == "month" and (m := self.number_at(k)) is not None and self.tok(k + 1) != "thang":
                    self.items.append(("sep" if t in _RANGE_SEP else "list", None))
                    self.i += k
                    self.month_point()
                    return True
            if t in _RANGE_SEP:
                self.i += 1
                self.items.append(("sep", None))
                return True
        if t in ("va", "hoac"):
            prev = self.last_point()
            if prev is not None and prev.unit == "month" and self.number_at(1) is not None and self.tok(2) != "thang":
                self.items.append(("list", None))
                self.i += 1
                self.month_point()
                return True
            if prev is not None and prev.unit == "quarter" and self.small_quarter(1):
                self.items.append(("list", None))
                self.i += 1
                self.quarter_point()
                return True
        if t == "tu":
            self.i += 1
            self.items.append(("from", None))
            return True
        if t == "nam" and (y := self.year_at(1)):
            self.i += 2
            self.items.append(("point", _Point("year", year=y, pos=start)))
            return True
        if y := self.year_at():
            self.i += 1
            self.items.append(("point", _Point("year", year=y, pos=start)))
            return True
        if t == "nam":  # "trong năm", "năm": the (plan) year
            self.i += 1
            self.items.append(("point", _Point("thisyear", pos=start)))
            return True
        if (m := self.number_at()) is not None and self.tok(1) == "/" and (y := self.year_at(2)):
            self.i += 3  # '11/2025': a month of a year
            self.items.append(("point", _Point("month", self.month_number(m), year=y, pos=start)))
            return True
        if n := self.match(_NOISE):
            self.i += n
            return True
        if t in _SIGNS:
            self.i += 1
            return True
        return False

    def quarter_point(self, n: int | None = None) -> None:
        start = self.i
        if n is None:
            n = self.quarter_at()
        self.i += 1
        self.items.append(("point", _Point("quarter", n, year=self.attached_year(), pos=start)))

    def month_point(self) -> None:
        start = self.i
        n = self.month_number(self.number_at())
        self.i += 1
        self.items.append(("point", _Point("month", n, year=self.attached_year(), pos=start)))

    def day_of_month(self) -> bool:
        """'(trước) ngày 15' of 'ngày 15 hằng tháng' or 'hằng tháng, trước ngày 20': the day of each month."""
        k = self.match(_BEFORE)
        if self.tok(k) != "ngay" or (n := self.number_at(k + 1)) is None or not 1 <= n <= 31:
            return False
        j = k + 2 + (self.tok(k + 2) in (",", "cua"))
        e = self.match(_EVERY, j)
        ahead = e and _UNIT.get(self.tok(j + e)) == MONTH
        behind = self.items and self.items[-1] == ("every", MONTH)
        if not (ahead or behind) or self.tok(k + 2) in ("/", "-", ".", "thang"):
            return False
        self.i += k + 2
        self.items.append(("day", n))
        return True

    def every(self) -> bool:
        """'hằng quý', 'hàng tháng', 'mỗi năm', 'định kỳ hằng quý', 'định kỳ 6 tháng', '6 tháng một lần';
        a list of periods goes on with ', 6 tháng, năm' or 'và năm'."""
        if self.items and self.items[-1][0] == "every" and self.tok() in (",", "va", "hoac", ";"):
            k = 1 + (self.tok(1) in ("va", "hoac"))
            if self.tok(k) in ("6", "06", "sau") and self.tok(k + 1) == "thang":
                self.i += k + 2 + self.match((("mot", "lan"), ("1", "lan"), ("/", "lan")), k + 2)
                self.items.append(("every", HALF))
                return True
            if (
                (unit := _UNIT.get(self.tok(k)))
                and not (self.year_at(k + 1) or self.number_at(k + 1))
                and (self.tok(k + 1) not in ROMAN)
            ):
                self.i += k + 1
                self.items.append(("every", unit))
                return True
        k = self.match(_EVERY)
        if k and (unit := _UNIT.get(self.tok(k))):
            self.i += k + 1
            self.items.append(("every", unit))
            return True
        j = k
        if self.tok(j) in ("6", "06", "sau") and self.tok(j + 1) == "thang":
            tail = self.match((("mot", "lan"), ("1", "lan"), ("/", "lan"), ("lan",)), j + 2)
            if k or tail:
                self.i += j + 2 + tail
                self.items.append(("every", HALF))
                return True
        if self.match((("nua", "nam", "mot", "lan"),)):
            self.i += 4
            self.items.append(("every", HALF))
            return True
        return False

    def half_or_edge(self) -> bool:
        """'6 tháng đầu năm', '6 tháng cuối năm', 'nửa đầu năm', 'đầu năm' (Quý I), 'cuối năm' (Quý IV)."""
        start = self.i
        for phrase, unit, n in (
            (("6", "thang", "dau", "nam"), "half", 1),
            (("06", "thang", "dau", "nam"), "half", 1),
            (("6", "thang", "cuoi", "nam"), "half", 2),
            (("06", "thang", "cuoi", "nam"), "half", 2),
            (("sau", "thang", "dau", "nam"), "half", 1),
            (("sau", "thang", "cuoi", "nam"), "half", 2),
            (("nua", "dau", "nam"), "half", 1),
            (("nua", "cuoi", "nam"), "half", 2),
            (("dau", "nam"), "quarter", 1),
            (("cuoi", "nam"), "quarter", 4),
        ):
            if self.match((phrase,)):
                self.i += len(phrase)
                year = None
                if y := self.year_at():
                    self.i += 1
                    year = y
                self.items.append(("point", _Point(unit, n, year=year, pos=start)))
                return True
        return False

    def date_point(self, before: bool) -> bool:
        """'30/11/2025', '15/12', '2025-11-30', 'ngày 18 tháng 11 năm 2025' (after 'trước' when ``before``)."""
        save = self.i
        start = self.i
        said_day = self.tok() == "ngay"
        if said_day:
            self.i += 1
        d = self.number_at()
        year = None
        if (y := self.year_at()) and self.tok(1) == "-" and self.tok(3) == "-":
            m, d2 = self.number_at(2), self.number_at(4)
            if m is not None and d2 is not None:  # ISO 2025-11-30
                self.i += 5
                self.items.append(("point", _Point("date", d2, self.month_number(m), y, before, start)))
                return True
        if d is None:
            self.i = save
            return False
        sep = self.tok(1)
        if sep in ("/", "-", ".") and (m := self.number_at(2)) is not None:
            self.i += 3
            if self.tok() == sep and (y := self.year_at(1)):
                self.i += 2
                year = y
            elif self.tok() == sep and self.number_at(1) is not None:  # '30/11/25': a two-digit year
                self.i = save
                return False
        elif sep == "thang" and (m := self.number_at(2)) is not None and (said_day or before):
            self.i += 3
            if year is None and (y := self.attached_year()):
                year = y
        else:
            self.i = save
            return False
        self.items.append(("point", _Point("date", d, self.month_number(m), year, before, start)))
        return True

    def unread_text(self) -> str:
        """The words not understood, as written; runs separated only by signs are quoted as one."""
        runs: list[list[int]] = []
        for j in self.unread:
            if runs and all(self.toks[k][0] in _SIGNS for k in range(runs[-1][-1] + 1, j)):
                runs[-1].append(j)
            else:
                runs.append([j])
        return " … ".join(self.text[self.toks[r[0]][1] : self.toks[r[-1]][2]] for r in runs)


# -- from what was read to a timeframe --------------------------------------------------------------------


def _fill_years(points: list[_Point], groups: list[list[_Point]], default: int | None, text: str) -> None:
    """Give every point its year: a range's ends from each other, a list's items from the nearest later one
    that names it (else an earlier one), else the year written alone in the text, else the plan year."""
    for g in groups:
        if len(g) == 2 and g[0].unit != "list":
            a, b = g
            if a.year is None and b.year is not None:
                a.year = b.year if _order(a) <= _order(b) else b.year - 1
            elif b.year is None and a.year is not None:
                b.year = a.year if _order(a) <= _order(b) else a.year + 1
    named = [p.year for p in points if p.year is not None]
    for n, p in enumerate(points):
        if p.year is None:
            later = [q.year for q in points[n + 1 :] if q.year is not None]
            p.year = later[0] if later else (named[-1] if named else default)
        if p.year is None:
            raise TimeParseError(f"{text!r} names no year", f"write e.g. '{text}/2024' or give the plan year")


def _order(p: _Point) -> tuple[int, int]:
    """Where a point starts inside its year, to tell 'Tháng 11 - Tháng 3/2026' crosses a year end."""
    if p.unit == "quarter":
        return (p.n * 3 - 2, 1)
    if p.unit == "month":
        return (p.n, 1)
    if p.unit == "half":
        return (1 if p.n == 1 else 7, 1)
    if p.unit == "date":
        return (p.month, p.n)
    return (1, 1)


def _condition_years(text: str) -> tuple[int, ...]:
    return tuple(int(t) for t, _, _ in _tokens(text) if len(t) == 4 and t.isdigit() and 1900 <= int(t) <= 2099)


def _interpret(r: _Reader, year: int | None, context: tuple[int, ...], continues: bool) -> Timeframe:  # noqa: C901
    text = r.text
    tags = [tag for tag, _ in r.items]
    tentative = r.tentative
    meaningful = [t for t in tags if t not in ("list",)]
    if meaningful and meaningful[0] == "condition":
        return Timeframe(
            text, CONDITIONAL, years=_condition_years(text) or context, tentative=tentative, unread=r.unread_text()
        )
    note = f"điều kiện: {r.condition}" if r.condition else ""

    # structure: ranges (a sep b, from a sep b), lists, 'từ a' alone, 'đến b' alone
    groups: list[list[_Point]] = []  # each a single point or a [start, end] range
    starts_from: _Point | None = None
    until: _Point | None = None
    items = [(t, v) for t, v in r.items if t != "condition"]
    n = 0
    while n < len(items):
        tag, value = items[n]
        if tag == "point":
            if n + 2 < len(items) and items[n + 1][0] == "sep" and items[n + 2][0] == "point":
                groups.append([value, items[n + 2][1]])
                n += 3
                continue
            if n > 0 and items[n - 1][0] == "from":
                starts_from = value
            elif n > 0 and items[n - 1][0] == "sep" and not groups:
                until = value
            else:
                groups.append([value])
        n += 1
    points = [p for g in groups for p in g] + [p for p in (starts_from, until) if p is not None]
    every = [v for t, v in items if t == "every"]
    period = next((p for p in (MONTH, QUARTER, HALF, YEAR) if p in every), None)
    if "next" in tags:
        period = period or YEAR

    if "ongoing" in tags or period is not None:
        for p in points:  # a year says when; a quarter, month or date beside 'thường xuyên' or 'hằng quý' cannot
            if p.unit not in ("year", "thisyear") and not (period == YEAR and "ongoing" not in tags):
                r.drop(p)
    unread = r.unread_text()

    if "ongoing" in tags:
        yrs = tuple(sorted({p.year for p in points if p.year})) or context
        return Timeframe(
            text,
            ONGOING,
            years=yrs,
            open_ended=continues or starts_from is not None,
            tentative=tentative,
            note=note,
            unread=unread,
        )

    if period is not None:
        # the points name the windows inside a year (no year written) or the years the obligation runs in
        yrs = tuple(sorted({p.year for p in points if p.year and p.unit != "thisyear"}))
        windows: list[Window] = []
        if period == YEAR:
            for g in groups:
                if g[0].unit in ("year", "thisyear") or g[-1].unit in ("year", "thisyear"):
                    continue
                ws = [p.window(text) for p in g]
                windows.append(Window(ws[0].start, ws[-1].end) if len(ws) == 2 else ws[0])
        open_ended = "next" in tags or starts_from is not None or (not yrs and continues)
        if "next" in tags and not yrs and not context:
            raise TimeParseError(f"{text!r} names no first year", "write e.g. 'Năm 2023 và các năm tiếp theo'")
        windows = sorted(set(windows), key=lambda w: (w.end, w.start)) or list(PERIOD_WINDOWS[period])
        day = next((v for t, v in items if t == "day"), None)
        if period == MONTH and day:  # 'ngày 15 hằng tháng': the 15th (or the month's last day) of every month
            windows = [Window(w.start, (w.end[0], min(day, w.end[1]))) for w in windows]
        return Timeframe(
            text,
            RECURRING,
            years=yrs or context,
            open_ended=open_ended,
            tentative=tentative,
            window=windows[-1],
            note=note,
            period=period,
            windows=tuple(windows),
            unread=unread,
        )

    if starts_from is not None and not groups:
        _fill_years([starts_from], [], year, text)
        start = starts_from.bounds(text)[0]
        return Timeframe(
            text,
            ONGOING,
            start=start,
            years=(start.year,),
            open_ended=True,
            tentative=tentative,
            note=note,
            unread=unread,
        )

    if until is not None:
        _fill_years([until], [], year, text)
        deadline = until.bounds(text)[1]
        first = min(year or deadline.year, deadline.year)
        start = date(first, 1, 1)
        return Timeframe(
            text,
            FIXED,
            start=start,
            deadline=deadline,
            years=tuple(range(first, deadline.year + 1)),
            tentative=tentative,
            note=note,
            dates=((start, deadline),),
            unread=unread,
        )

    if not groups:
        raise TimeParseError(f"cannot read the time text {text!r}")

    # a year written alone qualifies the other points ('Quý I và Quý III năm 2025'), it is not a deadline
    dated = [g for g in groups if not all(p.unit in ("year", "thisyear") for p in g)]
    if dated:
        alone = [p.year for g in groups if g not in dated for p in g if p.year]
        for g in dated:
            for p in g:
                if p.year is None and alone:
                    p.year = alone[-1]
        groups = dated
    points = [p for g in groups for p in g]
    _fill_years(points, groups, year, text)

    # a date 'trước …' right after a span is that span's deadline: 'Quý I/2026 (trước 31/3)'
    merged: list[list[_Point]] = []
    for g in groups:
        if merged and len(g) == 1 and g[0].unit == "date" and merged[-1][-1].unit != "date":
            merged[-1] = [*merged[-1], g[0]]
        else:
            merged.append(g)
    occurrences = []
    for g in merged:
        refine = g[-1] if len(g) > 1 and g[-1].unit == "date" and g[-2].unit != "date" else None
        span = g[:-1] if refine else g
        if refine is not None and refine.year is None:
            refine.year = span[-1].year
        start = span[0].bounds(text)[0]
        deadline = (refine or span[-1]).bounds(text)[1]
        if start > deadline:
            start = date(deadline.year, 1, 1) if span[0].unit != "date" else deadline
        occurrences.append((start, deadline))
    occurrences = sorted(set(occurrences), key=lambda o: (o[1], o[0]))
    years = sorted({y for s, d in occurrences for y in range(s.year, d.year + 1)})
    single = merged[0] if len(merged) == 1 and len(merged[0]) == 1 else None
    return Timeframe(
        text,
        FIXED,
        start=min(s for s, _ in occurrences),
        deadline=occurrences[-1][1],
        years=tuple(years),
        tentative=tentative,
        window=single[0].window(text) if single and single[0].unit not in ("date", "thisyear") else None,
        note=note,
        dates=tuple(occurrences),
        unread=unread,
    )


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
    context = tuple(years) or ((year,) if year else ())
    reader = _Reader(text)
    reader.read()
    if not reader.items:
        raise TimeParseError(f"cannot read the time text {text!r}")
    return _interpret(reader, year, context, continues)


def fixed_on(day: date) -> Timeframe:
    """The timeframe of an exact ``due`` date."""
    return Timeframe(day.isoformat(), FIXED, start=None, deadline=day, years=(day.year,), dates=((None, day),))
