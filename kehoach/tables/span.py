"""The years a plan's title (or its "Thời gian thực hiện: …" line) names: the one rule ``import`` reads them
by and ``export`` checks its caption against."""

from __future__ import annotations

import re

from kehoach.text import fold

_SPAN_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:[-–—]|đến)\s*(?:năm\s*)?((?:19|20)\d{2})(?!\d)", re.I)
_UNTIL_RE = re.compile(r"(?:đến|tới)\s+năm\s+((?:19|20)\d{2})(?!\d)", re.I)
_YEAR_WORD_RE = re.compile(r"\bnăm\s+((?:19|20)\d{2})(?!\d)", re.I)
# dates and document numbers a title cites ("Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024"): not its years
_DATES_IN_TEXT = re.compile(
    r"(?:ngày\s*\d{1,2}\s*)?tháng\s*\d{1,2}\s*năm\s*\d{4}|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|"
    r"\bsố\s*[\w.-]+/[\w/.-]+",
    re.I,
)


def span_of(text: str, issued_year: int | None) -> tuple[tuple[int, ...], bool]:
    """The years ``text`` names and whether it goes on ("và các năm tiếp theo"): a span ``giai đoạn
    2026–2030`` / ``năm 2022 - 2023``, ``đến năm 2030`` (from the year of issue), ``năm 2025``; without any,
    the year of issue — never a number of a document or a date the text cites. () when nothing says."""
    years: tuple[int, ...] = ()
    source = _DATES_IN_TEXT.sub(" ", text)
    if m := _SPAN_RE.search(source):
        first, last = sorted((int(m[1]), int(m[2])))
        years = tuple(range(first, last + 1))
    elif m := _UNTIL_RE.search(source):
        last = int(m[1])
        first = issued_year if issued_year and issued_year <= last else last
        years = tuple(range(first, last + 1))
    elif years := [int(y) for y in _YEAR_WORD_RE.findall(source)]:
        years = tuple(sorted(set(years)))
    elif issued_year:
        years = (issued_year,)
    elif years := re.findall(r"(?<![\d/.-])((?:19|20)\d{2})(?![\d/.-])", source):
        years = tuple(sorted({int(y) for y in years}))
    return tuple(years), "cac nam tiep theo" in fold(source)
