"""Read Vietnamese time texts ("Quý II/2024", "thường xuyên", "hằng quý" …) as timeframes.

A time text is read completely or not at all silently: a small tokenizer splits the folded text (accents
and case removed) into numbers, words and signs, and a grammar consumes them from left to right. Every
token is either understood (a quarter, a month, a date, a year, a range, a list, a period such as "hằng
quý", a condition, or a word that carries no meaning here such as "trong", "thực hiện", punctuation) or
left over. The left-over words are kept, as written, in ``Timeframe.unread``: the reading then rests on what
was understood and ``kehoach validate`` says so (KH306). A text with nothing understood is an error (KH301).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from kehoach.text import strip_accents

FIXED, ONGOING, RECURRING, CONDITIONAL = "fixed", "ongoing", "recurring", "conditional"
KINDS = (FIXED, ONGOING, RECURRING, CONDITIONAL)
YEAR, HALF, QUARTER, MONTH = "year", "half", "quarter", "month"
PERIODS = (YEAR, HALF, QUARTER, MONTH)

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
EXAMPLES = "'Quý II/2024', 'Tháng 11/2024', 'trong năm 2024', 'thường xuyên', 'Hằng năm', 'Theo KH đoàn vào'"


def days_in_month(year: int, month: int) -> int:
    """``calendar.monthrange(year, month)[1]``: calendar (and the locale module it imports) cost 1.5 ms of CPU
    at each start, measured 29 November 2026; this is all kehoach used of it."""
    return (date(year + month // 12, month % 12 + 1, 1) - date(year, month, 1)).days


class TimeParseError(ValueError):
    """The text cannot be read as a timeframe; ``suggestion`` says what would work."""

    def __init__(self, message: str, suggestion: str | None = None, code: str = "KH301"):
        super().__init__(message)
        if suggestion is None:  # written here, where the catalog finds it (a default value is not looked at)
            suggestion = f"write e.g. {EXAMPLES}"
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
        return date(year, *self.start), date(year, end_month, min(end_day, days_in_month(year, end_month)))


WHOLE_YEAR = Window((1, 1), (12, 31))


def quarter_window(q_from: int, q_to: int | None = None) -> Window:
    q_to = q_to or q_from
    end_month = q_to * 3
    return Window((q_from * 3 - 2, 1), (end_month, days_in_month(2001, end_month)))


def month_window(m_from: int, m_to: int | None = None) -> Window:
    m_to = m_to or m_from
    last = 29 if m_to == 2 else days_in_month(2001, m_to)
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
    def first_year(self) -> int | None:
        """The earliest year a fixed timeframe starts or has a deadline in ('trước 30/6/2025 và 31/3/2026')."""
        years = [(s or d).year for s, d in self.dates] or [y.year for y in (self.start, self.deadline) if y]
        return min(years) if years else None

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
        """A short account of the reading, e.g. 'fixed, 2025-04-01 to 2025-06-30'. Each form is a whole message
        of the catalog (``reading``): KH306 quotes it, and the Vietnamese interface shows it in Vietnamese."""
        if self.kind == FIXED:
            if len(self.dates) > 1:
                deadlines = ", ".join(d.isoformat() for _, d in self.dates)
                reading = f"fixed, deadlines {deadlines}"
            else:
                start = self.start.isoformat() if self.start else "…"
                reading = f"fixed, {start} to {self.deadline.isoformat()}"
            return reading
        if self.kind == RECURRING and self.period == YEAR:
            ends = ", ".join(f"{w.end[1]}/{w.end[0]}" for w in self.windows or (WHOLE_YEAR,))
            reading = f"recurring every year (deadline {ends})"
        elif self.kind == RECURRING and self.period == HALF:
            reading = "recurring every half-year"
        elif self.kind == RECURRING and self.period == QUARTER:
            reading = "recurring every quarter"
        elif self.kind == RECURRING and self.period == MONTH:
            reading = "recurring every month"
        elif self.kind == ONGOING:
            reading = "ongoing, no deadline"
        elif self.kind == CONDITIONAL:
            reading = "conditional, no deadline"
        else:
            reading = self.kind
        if listed := ", ".join(map(str, self.years)):
            reading = f"{reading}, years {listed} and following" if self.open_ended else f"{reading}, years {listed}"
        return reading

    def partial_message(self) -> str:
        """What KH306 says: the part not understood, quoted as written, and the reading it fell back to."""
        message = f"{self.text!r}: the part {self.unread!r} is not understood; read as {self.describe()}"
        return message

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


def to_data(tf: Timeframe) -> list:
    """A reading as plain JSON data, read back by ``from_data`` (the readings the parse cache keeps)."""
    return [
        tf.text,
        tf.kind,
        _iso(tf.start),
        _iso(tf.deadline),
        list(tf.years),
        tf.open_ended,
        tf.tentative,
        _window_data(tf.window),
        tf.note,
        tf.period,
        [_window_data(w) for w in tf.windows],
        [[_iso(s), _iso(d)] for s, d in tf.dates],
        tf.unread,
    ]


def from_data(data: list) -> Timeframe:
    """The reading ``to_data`` wrote; ValueError or TypeError when ``data`` is not one."""
    text, kind, start, deadline, years, open_ended, tentative, window, note, period, windows, dates, unread = data
    if not all(isinstance(v, str) for v in (text, kind, note, unread)) or not isinstance(period, (str, type(None))):
        raise TypeError  # caught by the caller: the kept reading is ignored
    return Timeframe(
        text,
        kind,
        start=_day(start),
        deadline=_day(deadline),
        years=tuple(int(y) for y in years),
        open_ended=bool(open_ended),
        tentative=bool(tentative),
        window=_window(window),
        note=note,
        period=period,
        windows=tuple(_window(w) for w in windows),
        dates=tuple((_day(s), _day(d)) for s, d in dates),
        unread=unread,
    )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _window_data(window: Window | None) -> list | None:
    return None if window is None else [list(window.start), list(window.end)]


def _window(data: list | None) -> Window | None:
    if data is None:
        return None
    (m1, d1), (m2, d2) = data
    return Window((int(m1), int(d1)), (int(m2), int(d2)))


def month_end(year: int, month: int) -> date:
    return date(year, month, days_in_month(year, month))


# -- tokens ------------------------------------------------------------------------------------------------

_token_re = None
_INDEX: dict[str, dict[str, list[tuple[str, ...]]]] = {}  # table -> first word -> phrases, built on first use
_FOLDED: dict[str, str] = {}  # character -> folded character(s)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(folded token, start, end) with start/end offsets in ``text``: numbers, words, single signs."""
    global _token_re
    if _token_re is None:
        _token_re = re.compile(r"\d+|[a-z]+|[^\sa-z\d]")
    folded, where = [], []
    for i, ch in enumerate(text):
        f = _FOLDED.get(ch)
        if f is None:
            f = _FOLDED[ch] = ch.lower() if ch.isascii() else strip_accents(ch).lower()
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
    ("thoi", "ky"),
    ("bao", "cao"),
    ("to", "chuc"),
    ("ban", "hanh"),
    ("lap",),
    ("dien", "ra"),
    ("keo", "dai"),
    ("sang",),
    ("chieu",),
    ("trua",),
    ("luc",),
    ("thuoc", "ky", "bao", "cao"),
    ("gui",),
    ("doi", "voi"),
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
    ("duy", "tri"),
    ("so", "ket"),
    ("tong", "ket"),
    ("sau", "do"),
    ("dung", "thoi", "han"),
    ("dung", "han"),
    ("thoi", "han"),
)
_TENTATIVE = (("du", "kien"), ("khoang",))
# the words of a report's name in brackets after its day: '(6 tháng)', '(cả năm)', '(báo cáo năm)'
_REPORT_LABEL = {"bao", "cao", "6", "06", "sau", "thang", "ca", "nam", "quy", "dinh", "ky", "ket", "qua"}
# words after 'ngày' that still name a day kehoach can place ('trước ngày mai' is no plan text, but 'ngày đầu
# tháng', 'ngày cuối quý', 'ngày thứ Hai' are)
_DAY_WORDS = {"dau", "cuoi", "thu", "mung", "mong", "hang", "moi", "nay", "mai", "hom", "le", "tet", "lam"}
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
_BEFORE = (
    ("cham", "nhat"),
    ("truoc",),
    ("den",),
    ("toi",),
    ("han", "chot"),
    ("han",),
    ("ket", "thuc"),
)
_FROM = (("bat", "dau", "tu"), ("bat", "dau", "vao"), ("bat", "dau"), ("ke", "tu"), ("tu",))
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
_PARTS = {
    ("6", "thang", "dau", "nam"): ("half", 1),
    ("06", "thang", "dau", "nam"): ("half", 1),
    ("sau", "thang", "dau", "nam"): ("half", 1),
    ("nua", "dau", "nam"): ("half", 1),
    ("6", "thang", "cuoi", "nam"): ("half", 2),
    ("06", "thang", "cuoi", "nam"): ("half", 2),
    ("sau", "thang", "cuoi", "nam"): ("half", 2),
    ("nua", "cuoi", "nam"): ("half", 2),
    ("dau", "nam"): ("quarter", 1),
    ("cuoi", "nam"): ("quarter", 4),
}
_TABLES = {
    "noise": _NOISE,
    "tentative": _TENTATIVE,
    "ongoing": _ONGOING,
    "condition": _CONDITIONAL,
    "before": _BEFORE,
    "from": _FROM,
    "next": _NEXT_YEARS,
    "every": _EVERY,
    "parts": tuple(_PARTS),
    "once": (("mot", "lan"), ("1", "lan"), ("/", "lan")),
    "half_once": (("nua", "nam", "mot", "lan"),),
    "dinh_ky": (("dinh", "ky"),),
    "lunar": (("am", "lich"),),
    "now": (("tu", "nay"), ("ke", "tu", "nay"), ("tu", "bay", "gio")),
    # a day or moment named by an event, not a date: 'Trước khi …', 'Trong quá trình …', 'kể từ ngày Nghị định …
    # có hiệu lực', 'trước ngày bắt đầu khai thác', 'trước thời điểm hết hiệu lực của …' (the rest of the text is
    # the condition, unless a date or a year follows: then the time is read and the event's words stay unread)
    "event_day": (
        ("ngay", "sau", "khi"),
        ("truoc", "khi"),
        ("ngay", "khi"),
        ("tu", "khi"),
        ("ke", "tu", "khi"),
        ("trong", "qua", "trinh"),
        ("ke", "tu", "ngay"),
        ("tinh", "tu", "ngay"),
        ("tu", "ngay"),
        ("truoc", "ngay"),
        ("sau", "ngay"),
        ("truoc", "thoi", "diem"),
        ("ke", "tu", "thoi", "diem"),
        ("tu", "thoi", "diem"),
    ),
    "vague": (("nhung", "thang"), ("cac", "thang")),
    "vision": (("dinh", "huong"), ("tam", "nhin")),
    "last_month": (
        ("cua", "thang", "cuoi", "quy"),
        ("thang", "cuoi", "quy"),
        ("thang", "cuoi", "cung", "cua", "moi", "quy"),
        ("thang", "cuoi", "cung", "cua", "quy"),
        ("thang", "cuoi", "cua", "moi", "quy"),
        ("cua", "thang", "cuoi", "cung", "cua", "quy"),
    ),
    "report_year": (
        ("cua", "nam", "bao", "cao"),
        ("cua", "nam", "lien", "ke", "nam", "bao", "cao"),
        ("cua", "nam", "sau", "nam", "bao", "cao"),
        ("nam", "bao", "cao"),
    ),
    "report_month": (("cua", "thang", "bao", "cao"),),
    "of_month": (("cua", "thang"),),
}


def _index() -> dict:
    """The phrase tables indexed by their first word (longer phrases first), built once."""
    for name, phrases in _TABLES.items():
        by_first: dict[str, list] = {}
        for p in sorted(phrases, key=len, reverse=True):
            by_first.setdefault(p[0], []).append(p)
        _INDEX[name] = by_first
    return _INDEX


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
    edge: str = ""  # 'start': the deadline is the day before it begins ('trước tháng 5'); 'end': only its end

    def bounds(self, text: str) -> tuple[date | None, date]:
        start, end = self._bounds(text)
        if self.edge == "start":
            return None, start - timedelta(days=1)
        return (None, end) if self.edge == "end" else (start, end)

    def _bounds(self, text: str) -> tuple[date | None, date]:
        y = self.year
        if self.unit == "quarter":
            return quarter_window(self.n).in_year(y)
        if self.unit == "month":
            return month_window(self.n).in_year(y)
        if self.unit == "half":
            return HALF_WINDOWS[self.n - 1].in_year(y)
        if self.unit in ("firstmonths", "lastmonths"):
            return self.window(text).in_year(y)
        if self.unit == "date":
            day = _exact_date(self.n, self.month, y, text)
            return (None if self.before else day), day
        return date(y, 1, 1), date(y, 12, 31)

    def window(self, text: str) -> Window:
        if self.unit == "quarter":
            return quarter_window(self.n)
        if self.unit == "month":
            return month_window(self.n)
        if self.unit == "half":
            return HALF_WINDOWS[self.n - 1]
        if self.unit == "firstmonths":
            return month_window(1, self.n)
        if self.unit == "lastmonths":
            return month_window(13 - self.n, 12)
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


_VI_DIGITS = {
    "khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5,
    "sau": 6, "bay": 7, "tam": 8, "chin": 9,
}  # fmt: skip
_WEEKDAYS = {("chu", "nhat"): 6, **{("thu", w): n for n, w in enumerate(("hai", "ba", "tu", "nam", "sau", "bay"))}}
_WEEKDAYS.update({("thu", str(n + 2)): n for n in range(6)})


_LUNAR = {"mung", "thang", "chap", "gieng", "den", "tet", "nguyen", "dan", "am", "lich", "ngay", "nam", "tu", "-", ","}


def _vi_number(words: list[str]) -> int | None:
    """'mười lăm' → 15, 'hai mươi bảy' → 27, 'sáu' → 6 (numbers spelled out after a figure, as a check)."""
    if "muoi" not in words:
        return _VI_DIGITS.get(words[0]) if len(words) == 1 else None
    at = words.index("muoi")
    tens = 1 if at == 0 else (_VI_DIGITS.get(words[0]) if at == 1 else None)
    rest = words[at + 1 :]
    unit = 0 if not rest else (_VI_DIGITS.get(rest[0]) if len(rest) == 1 else None)
    return None if tens is None or unit is None else tens * 10 + unit


def _drop_spelled_numbers(toks: list) -> list:
    """'15 (mười lăm)': the words repeat the figure and are understood; a wrong repetition stays unread."""
    out, n = [], 0
    while n < len(toks):
        if toks[n][0] == "(" and out and out[-1][0].isdigit():
            try:
                close = next(k for k in range(n + 1, min(n + 6, len(toks))) if toks[k][0] == ")")
            except StopIteration:
                close = 0
            words = [t[0] for t in toks[n + 1 : close]]
            if close and words and _vi_number(words) == int(out[-1][0]):
                n = close + 1
                continue
        out.append(toks[n])
        n += 1
    return out


class _Reader:
    """Consumes the tokens of one text; ``items`` is what was understood, ``unread`` what was not."""

    def __init__(self, text: str):
        self.text = text
        self.toks = _drop_spelled_numbers(_tokens(text))
        self.i = 0
        self.edge = ""  # 'start' after 'trước' (tháng 5 → 30/4), 'end' after 'cuối', 'chậm nhất' …
        self.edge_start = 0
        self.items: list[tuple[str, object]] = []  # (tag, value): point, sep, from, until, every, next, …
        self.unread: list[int] = []  # token indexes
        self.tentative = False
        self.condition = ""
        self.good_weekdays: set[int] = set()
        self.from_now = False
        self.and_every = False  # '… năm 2025 và (định kỳ) hằng năm': the period goes on after the year named
        self.reviews: list[int] = []  # where 'sơ kết' / 'tổng kết' stand: the years after them date reviews
        self.lunar: list[str] = []  # lunar dates restating the solar ones, kept in the note unchecked

    # -- helpers ----------------------------------------------------------------------------------------
    def tok(self, k: int = 0) -> str:
        j = self.i + k
        return self.toks[j][0] if j < len(self.toks) else ""

    def match(self, table: str, k: int = 0) -> int:
        """Length of the first phrase of the table ``table`` (see _TABLES) found at i+k, else 0."""
        j = self.i + k
        toks = self.toks
        if j >= len(toks):
            return 0
        for p in (_INDEX or _index())[table].get(toks[j][0], ()):
            if j + len(p) <= len(toks) and all(toks[j + n][0] == p[n] for n in range(1, len(p))):
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
            raw, text = t, self.text  # the names of the catalog's template
            raise TimeParseError(
                f"quarter '{raw.upper()}' does not exist in {text!r}: quarters are I–IV (1–4)",
                "write 'Quý I' … 'Quý IV' or 'Q1' … 'Q4'",
                code="KH304",
            )
        return n

    def small_quarter(self, k: int) -> bool:
        """A bare Roman numeral or digit at i+k, continuing a list or range of quarters (checked as a quarter)."""
        t = self.tok(k)
        return t in ROMAN or (t.isdigit() and len(t) == 1)

    def month_number(self, n: int) -> int:
        if not 1 <= n <= 12:
            text = self.text  # the name of the catalog's template
            raise TimeParseError(f"month {n} does not exist in {text!r}", "write 'Tháng 1' … 'Tháng 12'", code="KH302")
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
                if tag == "point" and self.edge in ("vague", "vision"):
                    # 'giữa tháng 6', 'những tháng cuối năm': the span is the fallback reading, its words unread;
                    # 'định hướng đến năm 2030': a horizon, not a deadline
                    value.edge, self.edge = self.edge, ""
                    value.pos, value.end = self.edge_start, self.i
                    if value.edge == "vague":
                        self.unread = sorted({*self.unread, *range(value.pos, value.end)})
                    continue
                if tag == "point" and self.edge:
                    value.edge, self.edge = self.edge, ""
                if tag == "point":  # the tokens it was read from, to quote it if it ends up unused
                    while start < self.i - 1 and (
                        self.tok(start - self.i) in _SIGNS or self.tok(start - self.i) in ("va", "hoac")
                    ):
                        start += 1
                    value.pos, value.end = start, self.i

    def drop(self, point: _Point) -> None:
        """A point the reading cannot use (a quarter beside 'hằng tháng'): its words count as unread."""
        self.unread = sorted({*self.unread, *range(point.pos, point.end)})

    def time_of_day(self, k: int = 0) -> int:
        """Length of a time of day at i+k ('17h00', '07 giờ 30 phút sáng', '0 giờ'), else 0: it is dropped."""
        if self.number_at(k) is None or self.tok(k + 1) not in ("h", "gio"):
            return 0
        n = 2
        if self.number_at(k + n) is not None:
            n += 1
            n += self.tok(k + n) == "phut"
        n += self.tok(k + n) in ("sang", "chieu", "trua")
        return n

    def before_run(self) -> tuple[int, list[str]]:
        """The words before a deadline ('trước', 'chậm nhất là vào ngày', 'kết thúc', 'đến'): their length and
        which of them were said (a time of day among them is dropped)."""
        k, said = 0, []
        while True:
            if n := self.match("before", k):
                said.append(self.tok(k))
                k += n
            elif said and (self.tok(k) in ("la", "vao") or (self.tok(k) == "trong" and "cham" in said)):
                k += 1
            elif said and (n := self.time_of_day(k)):
                k += n
            else:
                return k, said

    def step(self) -> bool:  # noqa: C901 - one branch per form, in priority order
        t = self.tok()
        start = self.i
        if n := self.match("ongoing"):
            self.i += n
            self.items.append(("ongoing", None))
            return True
        if n := self.match("next"):
            self.i += n
            self.items.append(("next", None))
            return True
        if self.every():
            return True
        if t == "it" and self.tok(1) == "nhat":  # 'ít nhất 6 tháng một lần': at least that often
            self.i += 2
            if self.every():
                return True
            self.i -= 2
        if self.half_or_edge():
            return True
        if n := self.match("tentative"):
            self.i += n
            self.tentative = True
            return True
        if (n := self.match("event_day")) and self.event_at(n):
            # 'kể từ ngày Nghị định … có hiệu lực', 'trước ngày bắt đầu khai thác mỏ': a day kehoach cannot date
            self.items.append(("condition", start))
            self.condition = self.text[self.toks[start][1] :].strip()
            self.i = len(self.toks)
            return True
        if self.document_number():
            return True
        if (
            (n := self.match("condition"))
            and self.i + n < len(self.toks)
            and (t, self.tok(1)) != ("theo", "doi")  # 'theo dõi' is to monitor, not 'according to
        ):
            # a condition: the rest of the text is its wording, understood as a whole
            self.items.append(("condition", start))
            self.condition = self.text[self.toks[start][1] :].strip()
            self.i = len(self.toks)
            return True
        if n := self.time_of_day():
            self.i += n
            return True
        if self.date_point(before=False):
            return True
        if self.before():
            return True
        if (
            (n := self.number_at()) is not None
            and self.tok(1) in ("ngay", "thang", "nam")
            and self.number_at(2) is None
        ):
            if self.tok(2) not in ("/", "-", "."):  # '25 ngày', 'trong 4 tháng': a duration
                self.i += 2
                self.items.append(("duration", (n, self.tok(-1), start)))
                return True
        if t == "(" and (wd := _WEEKDAYS.get((self.tok(1), self.tok(2)))) is not None and self.tok(3) == ")":
            self.i += 4  # '(chủ Nhật)': checked against the date before it
            self.items.append(("weekday", (wd, start, 4)))
            return True
        if (wd := _WEEKDAYS.get((t, self.tok(1)))) is not None:
            self.i += 2  # 'thứ Hai, ngày 08 tháng 12 năm 2025': checked against the date after it
            self.items.append(("weekday", (wd, start, 2)))
            return True
        if t == "(" and self.items and self.items[-1][0] == "point" and self.items[-1][1].unit == "date":
            close = next((k for k in range(1, 8) if self.tok(k) in (")", "")), 0)
            words = [self.tok(k) for k in range(1, close)]
            if self.tok(close) == ")" and words and set(words) <= _REPORT_LABEL and set(words) & {"thang", "nam"}:
                self.i += close + 1  # '30/6/2025 (6 tháng)', '15/12 (báo cáo năm)': which report it is
                return True
            close = next((k for k in range(1, 16) if self.tok(k) in (")", "")), 0)
            words = [self.tok(k) for k in range(1, close)]
            if self.tok(close) == ")" and {"chap", "gieng", "mung", "tet", "lich"} & set(words):
                if all(w.isdigit() or w in _LUNAR for w in words):  # '(26 tháng Chạp đến mùng 5 tháng Giêng)'
                    self.lunar.append(self.text[self.toks[self.i][1] : self.toks[self.i + close][2]])
                    self.i += close + 1
                    return True
        if self.match("lunar") and self.items and self.items[-1][0] == "point" and self.items[-1][1].unit == "date":
            lunar = self.items.pop()[1]  # '10-3 âm lịch': a lunar date, not a deadline kehoach can place
            self.i += 2
            self.unread = sorted({*self.unread, *range(lunar.pos, self.i)})
            return True
        if self.match("dinh_ky"):
            self.i += 2  # 'định kỳ vào ngày 15 hàng tháng': understood when the text names its period
            self.items.append(("every?", start))
            return True
        if (t in ("dau", "giua") and self.tok(1) in ("thang", "quy", "qui")) or (
            self.match("vague") and self.tok(2) in ("cuoi", "dau")
        ):
            self.edge, self.edge_start = "vague", start
            self.i += 1 if t in ("dau", "giua") else 2
            return True
        if n := self.match("vision"):
            self.edge, self.edge_start = "vision", start
            self.i += n + (self.tok(n) in ("den", "toi"))
            return True
        if t == "cuoi" and self.tok(1) in ("thang", "quy", "qui"):
            self.i += 1  # 'cuối tháng 3/2026': the end of the month, no start
            self.edge = "end"
            return True
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
        if t in (",", "va", "hoac") and (prev := self.last_point()) is not None and prev.unit == "day":
            k = 1 + (self.tok(1) in ("va", "hoac"))
            k += self.tok(k) == "ngay"
            if (d := self.number_at(k)) is not None and self.tok(k + 1) not in ("/", "-", ".", "thang"):
                self.i += k + 1  # 'ngày 3, 4, 5 và 6/6/2025'
                self.items.append(("list", None))
                self.items.append(("point", _Point("day", d)))
                return True
        if t in ("va", "hoac"):
            # 'và' adds a deadline; 'hoặc' gives a choice, read as one span to the later one ('Quý II hoặc III')
            joint = "sep" if t == "hoac" else "list"
            prev = self.last_point()
            if prev is not None and prev.unit == "month" and self.number_at(1) is not None and self.tok(2) != "thang":
                self.items.append((joint, None))
                self.i += 1
                self.month_point()
                return True
            if prev is not None and prev.unit == "quarter" and self.small_quarter(1) and self.tok(2) != "thang":
                self.items.append((joint, None))
                self.i += 1
                self.quarter_point()
                return True
            if t == "hoac" and self.items and self.items[-1][0] == "point":
                self.items.append((joint, None))
                self.i += 1
                return True
        if n := self.match("now"):
            self.i += n  # 'từ nay đến …': from today, which a plan does not date
            self.from_now = True
            return True
        if n := self.match("from"):
            self.i += n
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
        if t == "nam" and (self.tok(1) in ("", "nay") or self.tok(1) in _SIGNS):  # "trong năm": the plan year
            self.i += 1
            self.items.append(("point", _Point("thisyear", pos=start)))
            return True
        if (m := self.number_at()) is not None and self.tok(1) == "/" and (y := self.year_at(2)):
            self.i += 3  # '11/2025': a month of a year
            self.items.append(("point", _Point("month", self.month_number(m), year=y, pos=start)))
            return True
        if n := self.match("noise"):
            if self.tok(1) == "ket" and t in ("so", "tong"):
                self.reviews.append(self.i)
            self.i += n
            return True
        if t in _SIGNS:
            self.i += 1
            return True
        return False

    def event_at(self, k: int) -> bool:
        """Words naming an event (not a date, a day of the month or a weekday) at i+k, with no date or year
        after them ('trước ngày Quốc khánh 2/9' has its date: it is read, the event's name unread)."""
        word = self.tok(k)
        if not word.isalpha() or word in _DAY_WORDS or (word, self.tok(k + 1)) in _WEEKDAYS:
            return False
        j = k
        while self.i + j < len(self.toks):
            if self.tok(j) == "/" and self.year_at(j + 1) and self.tok(j + 2) == "/" and self.tok(j + 3).isalpha():
                j += 4  # '… Nghị định số 178/2026/NĐ-CP …': a document's number, not a date of this text
                continue
            if self.number_at(j) is not None and self.tok(j + 1) in ("/", "-", ".") and self.number_at(j + 2):
                return False
            if self.tok(j) == "thang" and self.number_at(j + 1) is not None:
                return False
            if self.year_at(j) and self.tok(j - 1) != "/":
                return False
            j += 1
        return True

    def document_number(self) -> bool:
        """'178/2026/NĐ-CP', '206/2025/QH15': a document's number, whose year is not a deadline; unread."""
        if not (self.number_at() is not None and self.tok(1) == "/" and self.year_at(2) and self.tok(3) == "/"):
            return False
        if not self.tok(4).isalpha():
            return False
        k = 5
        while self.tok(k) == "-" and self.tok(k + 1).isalnum() or (self.tok(k).isdigit() and k == 5):
            k += 2 if self.tok(k) == "-" else 1
        self.unread = sorted({*self.unread, *range(self.i, self.i + k)})
        self.i += k
        return True

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

    def before(self) -> bool:
        """'trước ngày 30/11/2025', 'chậm nhất là ngày …', 'hoàn thành trước tháng 5/2025', 'đến ngày …' after a
        date (a range), 'cuối tháng 3', 'chậm nhất tháng 6/2025' (only its end)."""
        k, said = self.before_run()
        if not said:
            return False
        save = self.i
        self.i += k
        only_until = set(said) <= {"den", "toi"}
        if only_until and self.last_point() is not None and self.items[-1][0] == "point":
            self.items.append(("sep", None))  # 'từ 1/9 đến 30/11/2025'
            if self.date_point(before=False):
                return True
            self.items.pop()
        elif self.date_point(before=True):
            return True
        t = self.tok()
        names_span = t in ("quy", "qui", "q", "thang", "t", "nam") or self.year_at() is not None
        if names_span and not only_until:
            self.edge = "start" if said == ["truoc"] else "end"
            return True
        self.i = save
        return False

    def every(self) -> bool:
        """'hằng quý', 'hàng tháng', 'mỗi năm', 'định kỳ hằng quý', 'định kỳ 6 tháng', '6 tháng một lần';
        a list of periods goes on with ', 6 tháng, năm' or 'và năm'."""
        if self.items and self.items[-1][0] == "every" and self.tok() in (",", "va", "hoac", ";"):
            k = 1 + (self.tok(1) in ("va", "hoac"))
            if self.tok(k) in ("6", "06", "sau") and self.tok(k + 1) == "thang":
                self.i += k + 2 + self.match("once", k + 2)
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
        k = self.match("every")
        if k and (unit := _UNIT.get(self.tok(k))):
            back = -1
            while self.tok(back) in ("duy", "tri", ",") and self.i + back > 0:
                back -= 1  # 'và duy trì hằng năm', ', sau đó định kỳ hằng năm'
            after = self.tok(back) == "va" or (self.tok(back - 1), self.tok(back)) == ("sau", "do")
            if after and any(t == "point" for t, _ in self.items):
                self.and_every = True
                for j in range(self.i + back + 1 - (self.tok(back) == "do"), self.i):
                    self.unread = [u for u in self.unread if u != j]
            self.i += k + 1
            self.i += self.match("once")  # 'mỗi quý một lần'
            self.items.append(("every", unit))
            return True
        j = k
        if self.tok(j) in ("6", "06", "sau") and self.tok(j + 1) == "thang":
            tail = self.match("once", j + 2) or (self.tok(j + 2) == "lan")
            if k or tail:
                self.i += j + 2 + tail
                self.items.append(("every", HALF))
                return True
        if self.match("half_once"):
            self.i += 4
            self.items.append(("every", HALF))
            return True
        if self.tok(j) in ("1", "01", "mot") and (unit := _UNIT.get(self.tok(j + 1))):
            tail = self.match("once", j + 2) or (self.tok(j + 2) == "lan")
            if tail:  # '1 năm 1 lần', 'mỗi quý một lần': once a year, a quarter
                self.i += j + 2 + tail
                self.items.append(("every", unit))
                return True
        return False

    def half_or_edge(self) -> bool:
        """'6 tháng đầu năm', '6 tháng cuối năm', 'nửa đầu năm', 'đầu năm' (Quý I), 'cuối năm' (Quý IV)."""
        start = self.i
        months = self.number_at()
        if (
            months
            and 1 <= months <= 12
            and self.tok(1) == "thang"
            and self.tok(2) in ("dau", "cuoi")
            and (self.tok(3) == "nam")
        ):
            self.i += 4  # '09 tháng đầu năm 2025': January to September
            year = self.year_at()
            self.i += year is not None
            unit = "firstmonths" if self.tok(-2 - (year is not None)) == "dau" else "lastmonths"
            self.items.append(("point", _Point(unit, months, year=year, pos=start)))
            return True
        if not (size := self.match("parts")):
            return False
        unit, n = _PARTS[tuple(self.tok(k) for k in range(size))]
        self.i += size
        year = None
        if y := self.year_at():
            self.i += 1
            year = y
        self.items.append(("point", _Point(unit, n, year=year, pos=start)))
        return True

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
        d2, m2 = self.number_at(2), self.number_at(4)
        if sep in ("-", "–") and d2 is not None and self.tok(3) in ("/", ".") and m2 is not None:
            self.i += 5  # 'ngày 1 - 30/7/2021': a range of days of one month
            y = self.year_at(1) if self.tok() == self.tok(-2) else None
            self.i += 2 if y else 0
            month = self.month_number(m2)
            self.items.append(("point", _Point("date", d, month, y, before, start)))
            self.items.append(("sep", None))
            self.items.append(("point", _Point("date", d2, month, y, before, start)))
            return True
        if sep in ("/", "-", ".") and (m := self.number_at(2)) is not None:
            if not 1 <= m <= 12:
                self.i = save  # '6 - 16 tháng Giêng' is no day/month
                return False
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
        elif (
            (
                said_day
                or (self.items and self.items[-1][0] == "from")
                or (before and sep in ("hang", "moi") and self.tok(2) == "thang")  # 'trước 25 hằng tháng'
            )
            and 1 <= d <= 31
            and sep not in ("/", "-", ".")
            and not (sep == "thang" and self.number_at(2) is not None)
        ):
            # 'ngày 11' (its month comes from a later date) or 'ngày 15 của tháng', 'ngày 06 của tháng cuối quý'
            self.i += 1
            last_month = self.match("last_month")
            reporting_month = self.match("report_month")
            if not reporting_month and (n := self.match("of_month")) and (self.tok(n) in ("", *_SIGNS)):
                reporting_month = n  # 'ngày 15 của tháng' at the end: of every month
            self.items.append(("point", _Point("day", d, -1 if last_month else 0, None, before, start)))
            self.i += last_month or reporting_month
            if last_month or reporting_month:  # 'của tháng (báo cáo)' / 'của tháng cuối quý': every month / quarter
                self.items.append(("every", QUARTER if last_month else MONTH))
            return True
        else:
            self.i = save
            return False
        self.items.append(("point", _Point("date", d, self.month_number(m), year, before, start)))
        if year is None and (n := self.match("report_year")):
            self.i += n  # 'trước ngày 10/07 của năm báo cáo': that day every year
            self.items.append(("every", YEAR))
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


def _span_years(groups: list[list[_Point]], until: _Point | None, base: int | None) -> tuple[int, ...]:
    """The years a periodic or ongoing text runs in: each year named, every year of a range ('2025-2030 (hằng
    năm)': six), and up to a year 'đến năm 2030' names (from the plan year)."""
    years: set[int] = set()
    for g in groups:
        named = [p.year for p in g if p.year and p.unit != "thisyear"]
        if len(g) == 2 and len(named) == 2:
            years.update(range(min(named), max(named) + 1))
        else:
            years.update(named)
    if until is not None and until.year:
        first = min(years) if years else (base if base and base <= until.year else until.year)
        years.update(range(first, until.year + 1))
    return tuple(sorted(years))


def _review_years(
    r: _Reader, points: list[_Point], yrs: tuple[int, ...], year: int | None, context: tuple[int, ...]
) -> tuple[int, ...]:
    """'Sơ kết hằng năm, tổng kết vào năm 2030', 'Thường xuyên; sơ kết năm 2027, tổng kết năm 2030': when every
    year the text names follows 'sơ kết' or 'tổng kết', those years date the reviews, not the work: the period
    (or the ongoing work) runs every year from the plan's first year through the last review. Without this
    rule the yearly reviews of 2026–2029 of a 2026–2030 plan had no deadline at all."""
    named = [p for p in points if p.year and p.unit in ("year", "thisyear")]
    if not r.reviews or not yrs or not named or any(p.pos < min(r.reviews) for p in named):
        return yrs
    every = {*yrs, *context, *((year,) if year else ())}
    return tuple(range(min(every), max(every) + 1))


def _order(p: _Point) -> tuple[int, int]:
    """Where a point starts inside its year, to tell 'Tháng 11 - Tháng 3/2026' crosses a year end."""
    if p.unit == "quarter":
        return (p.n * 3 - 2, 1)
    if p.unit == "month":
        return (p.n, 1)
    if p.unit == "half":
        return (1 if p.n == 1 else 7, 1)
    if p.unit == "lastmonths":
        return (13 - p.n, 1)
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
        own = _condition_years(text)
        return Timeframe(
            text,
            CONDITIONAL,
            years=own or context,
            open_ended=continues and not own,  # like ongoing: runs on with a plan that continues
            tentative=tentative,
            unread=r.unread_text(),
        )
    if "condition" in tags and "point" not in tags and not {"every", "every?", "ongoing", "next", "from"} & set(tags):
        # 'Trong thời hạn 06 tháng, kể từ ngày Nghị định … có hiệu lực', 'Chậm nhất 42 ngày trước ngày bầu
        # cử': a deadline counted from a day the text does not date. No deadline, and not read entirely: the
        # whole text is quoted (KH306), so that the user sets the day (`due`) once it is known
        counted = any(t == "duration" for t in tags)
        condition = "điều kiện: " + (text.strip() if counted else r.condition)  # the plan's words, not a message
        return Timeframe(
            text,
            CONDITIONAL,
            years=context,
            open_ended=continues,
            tentative=tentative,
            note=condition,
            unread=text.strip() if counted else r.unread_text(),
        )
    note = "; ".join(
        ([f"điều kiện: {r.condition}"] if r.condition else []) + [f"âm lịch (không kiểm tra): {x}" for x in r.lunar]
    )
    items = [(t, v) for t, v in r.items if t != "condition"]
    every = [v for t, v in items if t == "every"]
    period = next((p for p in (MONTH, QUARTER, HALF, YEAR) if p in every), None)
    if "next" in tags:
        period = period or YEAR
    if period is None:  # 'định kỳ' that names no period says nothing kehoach can use
        for _, at in (v for v in items if v[0] == "every?"):
            r.unread = sorted({*r.unread, at, at + 1})
    dates_named = any(t == "point" and v.unit == "date" for t, v in items)
    if period in (HALF, QUARTER, MONTH) and dates_named and "ongoing" not in tags:
        # 'chậm nhất ngày 06 tháng 06 đối với báo cáo định kỳ 06 tháng': the report of the half year is due on
        # the day named, once a year
        period = YEAR

    vision = [n for n, (t, v) in enumerate(items) if t == "point" and v.edge == "vision"]
    for n in reversed(vision):  # 'định hướng đến năm 2030': a horizon, not a deadline
        r.drop(items[n][1])
        del items[n]
        if n > 0 and items[n - 1][0] == "sep":
            del items[n - 1]

    # a day without a month: the day of each month or quarter, or the month of a later date ('ngày 11 và 12/6')
    month_days: list[int] = []
    quarter_days: list[int] = []
    kept = []
    for n, (tag, value) in enumerate(items):
        if tag == "point" and value.unit == "day":
            later = next((v for t, v in items[n + 1 :] if t == "point" and v.unit == "date"), None)
            if later is not None and any(value.end <= k < later.pos for k in r.unread):
                later = None  # only a date right after it: 'ngày 11 và ngày 12/6', not 'ngày 6 tháng giêng đến 5.2'
            if period == MONTH and value.month == 0:
                month_days.append(value.n)  # 'ngày 15 và 30 hằng tháng': two deadlines a month
            elif period == QUARTER and value.month == -1:
                quarter_days.append(value.n)
            elif later is not None and value.month == 0:
                value.unit, value.month, value.year = "date", later.month, later.year
                kept.append((tag, value))
            else:
                r.drop(value)
            continue
        kept.append((tag, value))
    items = kept

    # structure: ranges (a sep b, from a sep b), lists, 'từ a' alone, 'đến b' alone
    groups: list[list[_Point]] = []  # each a single point or a [start, end] range
    starts_from: _Point | None = None
    until: _Point | None = None
    n = 0
    while n < len(items):
        tag, value = items[n]
        if tag == "point":
            if n + 2 < len(items) and items[n + 1][0] == "sep" and items[n + 2][0] == "point":
                groups.append([value, items[n + 2][1]])
                n += 3
                continue
            if n > 0 and items[n - 1][0] == "from" and not value.before:
                starts_from = value
            elif n > 0 and items[n - 1][0] == "sep" and not groups:
                until = value
            else:
                groups.append([value])
        n += 1
    points = [p for g in groups for p in g] + [p for p in (starts_from, until) if p is not None]
    durations = [v for t, v in items if t == "duration"]

    if "ongoing" in tags or period is not None:
        for p in points:  # a year says when; a quarter, month or date beside 'thường xuyên' or 'hằng quý' cannot
            if p.unit not in ("year", "thisyear") and not (period == YEAR and "ongoing" not in tags):
                r.drop(p)

    if "ongoing" in tags:
        yrs = _review_years(r, points, _span_years(groups, until, year), year, context) or context
        return Timeframe(
            text,
            ONGOING,
            years=yrs,
            open_ended=continues or starts_from is not None,
            tentative=tentative,
            note=note,
            unread=_unread(r, durations),
        )

    if period is not None:
        # the points name the windows inside a year (no year written) or the years the obligation runs in
        yrs = _review_years(r, points, _span_years(groups, until, year), year, context)
        if starts_from is not None and starts_from.year:
            yrs = tuple(sorted({*yrs, starts_from.year}))
        windows: list[Window] = []
        if period == YEAR:
            for g in groups:
                if g[0].unit in ("year", "thisyear") or g[-1].unit in ("year", "thisyear"):
                    continue
                ws = [p.window(text) for p in g]
                windows.append(Window(ws[0].start, ws[-1].end) if len(ws) == 2 else ws[0])
        open_ended = (
            "next" in tags
            or starts_from is not None
            or (not yrs and continues)
            or (r.and_every and bool(yrs))  # "Năm 2025 và định kỳ hằng năm": from 2025 on
            # 'Trước ngày 31/12/2025 (hằng năm)', 'Quý IV/2025 và Quý IV hằng năm': the first one, then every year
            or (len(yrs) == 1 and any(p.year for p in points if p.unit not in ("year", "thisyear")))
        )
        if "next" in tags and not yrs and not context:
            raise TimeParseError(f"{text!r} names no first year", "write e.g. 'Năm 2023 và các năm tiếp theo'")
        windows = sorted(set(windows), key=lambda w: (w.end, w.start)) or list(PERIOD_WINDOWS[period])
        period = _period_of(windows) if period == YEAR else period
        days = sorted(set(month_days if period == MONTH else quarter_days if period == QUARTER else []))
        if days:  # 'ngày 15 hằng tháng', 'ngày 15 và 30 hằng tháng', 'ngày 06 của tháng cuối quý … hằng quý'
            windows = [
                Window((w.end[0], days[k - 1] + 1) if k else w.start, (w.end[0], min(day, w.end[1])))
                for w in windows
                for k, day in enumerate(days)
            ]
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
            unread=_unread(r, durations),
        )

    if starts_from is not None and not groups:
        _fill_years([starts_from], [], year, text)
        start = starts_from.bounds(text)[0] or starts_from.bounds(text)[1]
        if durations:  # '25 ngày, bắt đầu từ ngày 1/4/2019': to 25/4
            deadline = _after(start, durations.pop(0))
            return Timeframe(
                text,
                FIXED,
                start=start,
                deadline=deadline,
                years=tuple(range(start.year, deadline.year + 1)),
                tentative=tentative,
                note=note,
                dates=((start, deadline),),
                unread=_unread(r, durations),
            )
        return Timeframe(
            text,
            ONGOING,
            start=start,
            years=(start.year,),
            open_ended=True,
            tentative=tentative,
            note=note,
            unread=_unread(r, durations),
        )

    if until is not None:
        _fill_years([until], [], year, text)
        deadline = until.bounds(text)[1]
        first = min(year or deadline.year, deadline.year)
        start = None if r.from_now else date(first, 1, 1)
        return Timeframe(
            text,
            FIXED,
            start=start,
            deadline=deadline,
            years=tuple(range(first, deadline.year + 1)),
            tentative=tentative,
            note=note,
            dates=((start, deadline),),
            unread=_unread(r, durations),
        )

    if not groups:
        raise TimeParseError(f"cannot read the time text {text!r}")

    # a year written alone qualifies the other points ('Quý I và Quý III năm 2025'), it is not a deadline;
    # but right after a point that names its own year it is a deadline of its own, the whole year
    # ('Quý IV/2026, 2027': 31/12/2026 and 31/12/2027, a real plan's text)
    is_year = [all(p.unit in ("year", "thisyear") for p in g) for g in groups]
    if not all(is_year):
        own = [
            n > 0 and is_year[n] and not is_year[n - 1] and groups[n - 1][-1].year is not None
            for n in range(len(groups))
        ]
        alone = [p.year for n, g in enumerate(groups) if is_year[n] and not own[n] for p in g if p.year]
        each = _span_years([g for n, g in enumerate(groups) if is_year[n] and not own[n]], None, None)
        if len(each) > 1 and any(not is_year[n] and all(p.year is None for p in g) for n, g in enumerate(groups)):
            # 'Quý IV các năm 2025, 2026', 'Tháng 12 các năm 2025 - 2030': the quarter or month in each year
            repeated = []
            for n, g in enumerate(groups):
                if is_year[n] and not own[n]:
                    continue
                if not is_year[n] and all(p.year is None for p in g):
                    repeated.extend([replace(p, year=y) for p in g] for y in each)
                else:
                    repeated.append(g)
            groups = repeated
        else:
            for n, g in enumerate(groups):
                for p in g:
                    if not is_year[n] and p.year is None and alone:
                        p.year = alone[-1]
            groups = [g for n, g in enumerate(groups) if not is_year[n] or own[n]]
    _fill_years([p for g in groups for p in g] + ([starts_from] if starts_from else []), groups, year, text)

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
        if start is None and len(span) == 2 and span[0].unit == "date":  # 'kết thúc ngày 9 đến ngày 10-1-2026'
            start = span[0].bounds(text)[1]
        deadline = (refine or span[-1]).bounds(text)[1]
        if start is not None and start > deadline:
            start = date(deadline.year, 1, 1) if span[0].unit != "date" else deadline
        occurrences.append((start, deadline))
    if starts_from is not None and len(occurrences) == 1:
        # 'bắt đầu từ tháng 4/2025, hoàn thành trước ngày 30/6/2025'; a duration beside them must agree
        begin = starts_from.bounds(text)[0]
        if begin is not None and begin <= occurrences[0][1]:
            occurrences[0] = (begin, occurrences[0][1])
    # a duration beside the dates must agree with one of them: '5 năm (2021 - 2025)', '4 tháng, từ … đến …'
    durations = [d for d in durations if not any(s and _after(s, d) == e for s, e in occurrences)]
    _check_weekdays(r, items)
    occurrences = sorted(set(occurrences), key=lambda o: (o[1], o[0] or o[1]))
    years = sorted({y for s, d in occurrences for y in range((s or d).year, d.year + 1)})
    single = merged[0] if len(merged) == 1 and len(merged[0]) == 1 else None
    starts = [s for s, _ in occurrences if s is not None]
    return Timeframe(
        text,
        FIXED,
        start=min(starts) if len(starts) == len(occurrences) else None,
        deadline=occurrences[-1][1],
        years=tuple(years),
        tentative=tentative,
        window=single[0].window(text) if single and single[0].unit not in ("date", "thisyear") else None,
        note=note,
        dates=tuple(occurrences),
        unread=_unread(r, durations),
    )


def _period_of(windows: list[Window]) -> str:
    """Deadlines a year named one by one ('ngày 20/6 và ngày 20/12 hằng năm'): one in each half year, quarter or
    month makes the text half-yearly, quarterly or monthly."""
    for period, size in ((HALF, 6), (QUARTER, 3), (MONTH, 1)):
        if len(windows) == 12 // size and [(w.end[0] - 1) // size for w in windows] == list(range(12 // size)):
            return period
    return YEAR


def _after(start: date, duration: tuple) -> date:
    """The last day of ``duration`` (n, 'ngay' | 'thang') counted from ``start`` included."""
    n, unit, _ = duration
    if unit == "ngay":
        return start + timedelta(days=n - 1)
    if unit == "nam":
        n *= 12
    months = start.month - 1 + n
    y, m = start.year + months // 12, months % 12 + 1
    return date(y, m, min(start.day, days_in_month(y, m))) - timedelta(days=1)


def _unread(r: _Reader, durations: list) -> str:
    """The unread words, with a duration that nothing anchors or that contradicts the dates named."""
    for _, _, at in durations:
        r.unread = sorted({*r.unread, at, at + 1})
    for tag, value in r.items:
        if tag == "weekday" and value[1] not in r.good_weekdays:
            r.unread = sorted({*r.unread, *range(value[1], value[1] + value[2])})
    return r.unread_text()


def _check_weekdays(r: _Reader, items: list) -> None:
    """'07/02/2021 (chủ Nhật)': the weekday must be the date's; if not, it stays unread."""
    for n, (tag, value) in enumerate(items):
        if tag != "weekday":
            continue
        before = [v for t, v in items[:n] if t == "point"]
        after = [v for t, v in items[n + 1 :] if t == "point"]
        day = before[-1] if before and value[2] == 4 else after[0] if after and value[2] == 2 else None
        if day is not None and day.unit == "date" and day.year is not None:
            if date(day.year, day.month, day.n).weekday() == value[0]:
                r.good_weekdays.add(value[1])


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
