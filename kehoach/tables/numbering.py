"""The numbering (TT) column: Roman numerals, letters, ``5.1``, full ids (``II.1``) and bullets."""

from __future__ import annotations

import re
from dataclasses import dataclass

# -- numbering ---------------------------------------------------------------------------------------------
_ROMAN_RE = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_TT_RE = re.compile(r"^(?P<tt>[IVX]+|[A-Z]|\d+)(?P<rest>(?:\.(?:[IVX]+|\d+))*)\.?\)?(?:\s+(?P<title>\S.*))?$", re.S)
_FULL_ID = re.compile(r"^[A-Za-z][\w.\-]*\d[\w.\-]*$|^[A-Za-z]+\.[\w.\-]+$")
_BULLETS = ("-", "–", "—", "+", "•", "*", "·")


def is_roman(text: str) -> bool:
    return bool(text) and bool(_ROMAN_RE.match(text))


def roman_value(text: str) -> int:
    total, prev = 0, 0
    for ch in reversed(text):
        v = _ROMAN_VALUES[ch]
        total += -v if v < prev else v
        prev = max(prev, v)
    return total


def to_roman(n: int) -> str:
    out = ""
    for value, numeral in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


@dataclass(frozen=True)
class TT:
    kind: str  # empty | bullet | roman | letter | number | full | bad
    value: str = ""  # roman/letter: the key; number: "5.1"; full: the id
    title: str = ""  # text written after the number in the same cell ("III. Đoàn sử dụng …")


def parse_tt(text: str) -> TT:
    """Read a numbering cell: ``I`` → roman, ``II.I`` → full id ``II.1``, ``5.1`` → number, ``A`` → letter."""
    s = text.strip()
    if not s:
        return TT("empty")
    if s in _BULLETS:
        return TT("bullet")
    m = _TT_RE.match(s)
    if m:
        head, rest, title = m["tt"], m["rest"], (m["title"] or "").strip()
        segs = [x for x in rest.split(".") if x]
        if head.isdigit():
            if any(not x.isdigit() for x in segs):
                return TT("bad", s)
            return TT("number", ".".join([str(int(head)), *(str(int(x)) for x in segs)]), title)
        if is_roman(head):
            if not segs:
                return TT("roman", head, title)
            parts = [head] + [str(roman_value(x)) if is_roman(x) else str(int(x)) for x in segs]
            if any(not (is_roman(x) or x.isdigit()) for x in segs):
                return TT("bad", s)
            return TT("full", ".".join(parts), title)
        if not segs:
            return TT("letter", head, title)
        return TT("full", ".".join([head, *segs]), title)
    if " " not in s and _FULL_ID.match(s):
        return TT("full", s)
    return TT("bad", s)
