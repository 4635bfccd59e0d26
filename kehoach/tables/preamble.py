"""Plan metadata (number, date, issuer, province, title, years) from the title lines above a table."""

from __future__ import annotations

import datetime as dt
import re

from kehoach.tables.cells import squash
from kehoach.tables.span import span_of
from kehoach.text import fold

_NUMBER_RE = re.compile(r"Kế hoạch số\s*([0-9]+\s*/\s*[A-ZĐ]+(?:\s*-\s*[A-ZĐ]+)*)", re.I)
_SHORT_DATE = re.compile(r"ngày\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", re.I)
_LONG_DATE = re.compile(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.I)
_ISSUER_RE = re.compile(r"\bcủa\s+(.+?)\s*[)\]]?\s*$", re.I)
_PROVINCE_RE = re.compile(r"\b(tỉnh|thành phố|TỈNH|THÀNH PHỐ|Tỉnh|Thành phố)\s+(?!ủy|uỷ|đoàn)(\S.*)$")
_PLAN_RE = re.compile(r"Kế hoạch(?:\s+số)?", re.I)
_SO_RE = re.compile(r"^Số\s*:\s*([0-9]+\s*/\s*[A-ZĐ]+(?:\s*-\s*[A-ZĐ]+)*)")
_PLACE_DATE = re.compile(r"^[^\d,]{2,40},\s*ngày\s*\d{1,2}\s*tháng", re.I)
_SPAN_LINE = "thoi gian thuc hien"
_REF_STARTS = ("kem theo", "ban hanh kem theo", "dinh kem", "phu luc")
_LETTERHEAD = (
    "uy ban nhan dan",
    "ubnd",
    "cong hoa xa hoi",
    "doc lap tu do",
    "phu luc",
    "kem theo",
    "dinh kem",
    "mau ",
    "tinh ",
    "so ",
    "thanh pho ",
)


def _date_in(text: str) -> dt.date | None:
    for rx in (_LONG_DATE, _SHORT_DATE):
        if m := rx.search(text):
            try:
                return dt.date(int(m[3]), int(m[2]), int(m[1]))
            except ValueError:
                return None
    return None


_APPENDIX_HEAD = re.compile(r"^\s*PH[ỤU]\s+L[ỤU]C(?:\s+(?:S[ỐO]\s+)?(?:[IVXLC]+|\d+[A-Za-z]?))?\s*[:.\-–]?\s+", re.I)


def _after_appendix_word(line: str) -> str:
    """'PHỤ LỤC II DANH MỤC NHIỆM VỤ …' → 'DANH MỤC NHIỆM VỤ …': a title written on the appendix's own line
    (the word and its number alone stay a heading, not a title)."""
    m = _APPENDIX_HEAD.match(line)
    return line[m.end() :] if m and line[m.end() :].strip() else line


def preamble_meta(preamble: list[str]) -> dict:
    """Metadata from the lines above a table (docs/import.md, *Plan metadata*).

    The line naming the plan (``Kèm theo Kế hoạch số 123/KH-UBND ngày 18 tháng 11 năm 2025 của UBND tỉnh Quảng
    Ninh``, or ``(… ngày 05/3/2025 của Ủy ban nhân dân tỉnh …)``) gives ``number``, ``issued`` (long or short
    form), ``issuer`` and ``province``; for a whole plan document, its letterhead (``Số: 123/KH-UBND``, ``Quảng
    Ninh, ngày …``, ``ỦY BAN NHÂN DÂN TỈNH …``). The title (the first line that is not letterhead) gives the
    years: a span ``giai đoạn 2026–2030`` / ``năm 2022 - 2023``, ``đến năm 2030`` (from the year of issue),
    ``năm 2025``; without any, the year of issue — never a number of a document or a date the title cites.
    """
    meta: dict = {}
    lines = [squash(x) for entry in preamble for x in entry.split("\n") if x.strip()]
    refs = [i for i, x in enumerate(lines) if fold(x).startswith(_REF_STARTS) and _PLAN_RE.search(x)]
    letterhead = lines[:12]
    if not refs and not any(_SO_RE.match(x) for x in letterhead):
        refs = [i for i, x in enumerate(lines) if _NUMBER_RE.search(x)][:1]
    ref = ""
    if refs:
        i = refs[0]
        ref = lines[i]
        number = _NUMBER_RE.search(ref)
        tail = ref[(number or _PLAN_RE.search(ref)).end() :]
        while "(" in ref and ")" not in tail and i + 1 < len(lines) and len(tail) < 400:
            i += 1
            tail += " " + lines[i]  # a caption broken over two lines
        if number:
            meta["number"] = re.sub(r"\s+", "", number[1]).upper()
        if day := _date_in(tail):
            meta["issued"] = day
        if m := _ISSUER_RE.search(tail.split(")")[0]):
            issuer = re.sub(r"^UBND\b", "Ủy ban nhân dân", m[1].strip(" .,;()"))
            if issuer:
                meta["issuer"] = issuer
    else:
        for x in letterhead:
            if m := _SO_RE.match(x):
                meta["number"] = re.sub(r"\s+", "", m[1]).upper()
            elif "issued" not in meta and _PLACE_DATE.match(x):
                meta["issued"] = _date_in(x)
        heads = [x for x in letterhead if fold(x).startswith(("uy ban nhan dan", "ubnd"))]
        if heads:
            head = heads[0]
            nxt = letterhead[letterhead.index(head) + 1] if letterhead.index(head) + 1 < len(letterhead) else ""
            if not _PROVINCE_RE.search(head) and _PROVINCE_RE.match(nxt):
                head = f"{head} {nxt}"
            issuer = re.sub(r"^(UỶ|ỦY|UBND)\s*(BAN NHÂN DÂN)?", "Ủy ban nhân dân", head.split(" Số")[0], flags=re.I)
            if p := _PROVINCE_RE.search(issuer):
                issuer = f"{issuer[: p.start()]}{p[1].lower()} {p[2].title()}"
            meta["issuer"] = issuer.strip()
            if not meta.get("issued"):
                meta.pop("issued", None)
    if meta.get("issuer") and (p := _PROVINCE_RE.search(meta["issuer"])):
        meta["province"] = p[2].strip(" .,;")
    candidates = [
        x
        for x in (_after_appendix_word(line) for line in lines)
        if len(fold(x)) > 12 and not fold(x).startswith(_LETTERHEAD) and x != ref and not _PLACE_DATE.match(x)
    ]
    # 'Thời gian thực hiện: năm 2026 - 2027' (a line of its own, as kehoach export writes when the title names
    # no span): the years, in place of the title's
    span_line = next((x for x in lines if fold(x).strip("( ").startswith(_SPAN_LINE)), "")
    candidates = [x for x in candidates if x != span_line]
    title = next((x for x in candidates if not x.isupper()), candidates[0] if candidates else "")
    if title:
        meta["title"] = title.strip("() ")
    issued_year = meta["issued"].year if meta.get("issued") else None
    years, continues = span_of(span_line or meta.get("title", ""), issued_year)
    if years:
        meta["years"] = years
    meta["continues"] = continues
    return meta
