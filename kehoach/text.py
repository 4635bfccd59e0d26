"""Unicode helpers: NFC storage and accent-insensitive comparison (đ ≈ d)."""

from __future__ import annotations

import functools
import re
import unicodedata

_PUNCT = re.compile(r"[\s\-–—&,;:./()\"“”'’]+")


nfc = functools.partial(unicodedata.normalize, "NFC")
"""nfc(text): ``text`` in Unicode NFC (a C-level partial: it is called for every text field of every item)."""


def strip_accents(text: str) -> str:
    """Remove Vietnamese diacritics, mapping đ/Đ to d/D."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Accent-, case- and punctuation-insensitive key: ``Sở Kế hoạch - Đầu tư`` → ``so ke hoach dau tu``.

    Memoised: agency names and statuses repeat across thousands of items.
    """
    return _PUNCT.sub(" ", strip_accents(text).lower()).strip()


def closest(word: str, candidates: list[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The candidates closest to ``word``, compared on their folded forms."""
    import difflib  # only on the way to an error message

    by_key: dict[str, str] = {}
    for cand in candidates:
        by_key.setdefault(fold(cand), cand)
    keys = difflib.get_close_matches(fold(word), list(by_key), n=n, cutoff=cutoff)
    return [by_key[k] for k in keys]


def line_col(data: str | bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based) of ``offset`` in ``data``: characters in text, bytes in bytes."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1, offset - (data.rfind(newline, 0, offset) + 1) + 1


def slugify(text: str) -> str:
    """ASCII slug: ``Bà Rịa – Vũng Tàu`` → ``ba-ria-vung-tau``."""
    return re.sub(r"[^a-z0-9]+", "-", strip_accents(text).lower()).strip("-")
