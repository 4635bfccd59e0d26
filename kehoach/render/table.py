"""Box tables for deadline lists, drawn without rich.

`due`, `overdue`, `upcoming` and `list` print one row per deadline: a province's few dozen, a ministry's
thousands. rich lays out a table cell by cell through its segment machinery (65 ms for the 38 rows of the
shipped plans' quarter, 2.5 s for the 2,186 rows of a national one, plus 30 ms to import it); this module
draws the same table — rich's heavy-head box, columns that fit the page, text wrapped between words and
folded only when a word is longer than its column — in 5 ms for the 38 rows, about 0.1 s for the 2,186.
Lines are wrapped here rather than by ``textwrap``, which counts characters, not terminal cells, and took
4× as long per cell. Everything else still uses rich.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kehoach.text import visible

# Text whose characters are one cell wide each (ASCII, Latin — all of Vietnamese in NFC —, general
# punctuation, arrows), or line breaks, which are never measured as part of a line.
_NARROW = re.compile(r"[\n -~\u00a0-\u02af\u1e00-\u1eff\u2010-\u2027\u2030-\u205e\u2190-\u21ff]*")
SGR = {
    "": "",
    "red": "\x1b[31m",
    "yellow": "\x1b[33m",
    "cyan": "\x1b[36m",
    "dim": "\x1b[2m",
    "bold": "\x1b[1m",
    "italic": "\x1b[3m",
}
RESET = "\x1b[0m"


@dataclass(frozen=True)
class Column:
    """A column of a box table: its header, whether it may wrap, its widest, its share of the page."""

    header: str
    no_wrap: bool = False
    max_width: int | None = None
    ratio: int = 0  # columns with a ratio share the width the others leave, in these proportions


@dataclass(frozen=True)
class Page:
    """Where a table goes: its width in cells and whether colours may be used."""

    width: int
    color: bool


def page(stream=None) -> Page:
    """The page of ``stream`` (stdout): a terminal's size and colours; when piped, COLUMNS (default 160) and
    none. NO_COLOR turns colours off, FORCE_COLOR on, as for rich."""
    stream = stream or sys.stdout
    tty = stream.isatty()
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        width = int(columns)
    elif tty:
        try:
            width = os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            width = 80
    else:
        width = 160
    if os.environ.get("NO_COLOR"):
        color = False
    elif os.environ.get("FORCE_COLOR"):
        color = True
    else:
        color = tty and os.environ.get("TERM") != "dumb"
    return Page(width, color)


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Cc", "Cf", "Me", "Mn"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Columns ``text`` takes on a terminal (wide East Asian characters 2, combining marks 0)."""
    if _NARROW.fullmatch(text):
        return len(text)
    return sum(map(_char_width, text))


def _measure(text: str):
    """The width function for the words and lines of ``text``: ``len`` when every character is one cell."""
    return len if _NARROW.fullmatch(text) else cell_width


def _fold(word: str, width: int) -> list[str]:
    """Cut a word longer than ``width`` into pieces that fit."""
    pieces, piece, used = [], "", 0
    for char in word:
        w = _char_width(char)
        if used + w > width and piece:
            pieces.append(piece)
            piece, used = "", 0
        piece += char
        used += w
    return [*pieces, piece]


def _fill(words: list[str], width: int) -> list[str]:
    """Greedy filling of one-cell words, none longer than ``width``: each line the longest run of words that
    fits — the lines of the loop in ``wrap``, found with ``str.rfind`` (the last space within reach) rather
    than word by word. That loop was a third of the time `kehoach list` spent drawing the shipped plans."""
    text = " ".join(words)
    lines, start = [], 0
    while len(text) - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        lines.append(text[start:cut])
        start = cut + 1
    lines.append(text[start:])
    return lines


def wrap(text: str, width: int, measure=None) -> list[str]:
    """Lines of at most ``width`` cells: breaks at newlines and between words, folds longer words."""
    measure = measure or _measure(text)
    lines = []
    for para in text.split("\n"):
        if measure(para) <= width:
            lines.append(para)
            continue
        words = para.split()
        if measure is len and words and max(map(len, words)) <= width:
            lines += _fill(words, width)
            continue
        line, used = "", 0
        for word in words:
            w = measure(word)
            if line and used + 1 + w <= width:
                line += " " + word
                used += 1 + w
                continue
            if line:
                lines.append(line)
            if w <= width:
                line, used = word, w
            else:
                *full, line = _fold(word, width)
                lines.extend(full)
                used = cell_width(line)
        lines.append(line)
    return lines


def _longest(text: str, words: bool) -> int:
    """The width of a cell's longest line, or of its longest word."""
    measure = _measure(text)
    return max(map(measure, text.split() if words else text.split("\n")), default=0)


def widths(columns: list[Column] | tuple[Column, ...], rows: list[list[str]], total: int) -> list[int]:
    """Widths of the columns' text so that the table, borders and padding included, is ``total`` wide:
    columns without a ratio as wide as their longest line (at most ``max_width``), the rest of the page
    shared by ratio; on a page too narrow for that, the widest columns are narrowed first."""
    available = max(total - (3 * len(columns) + 1), len(columns))
    cells = [[col.header] + [row[i] for row in rows] for i, col in enumerate(columns)]
    sizes = []
    for col, texts in zip(columns, cells, strict=True):
        longest = 0 if col.ratio else max(_longest(t, False) for t in texts)
        sizes.append(min(longest, col.max_width) if col.max_width else longest)
    flexible = [i for i, col in enumerate(columns) if col.ratio]
    spare = available - sum(sizes)
    if flexible:
        ratios = sum(columns[i].ratio for i in flexible)
        for i in flexible:
            sizes[i] = max(spare * columns[i].ratio // ratios, 1)
        if spare > 0:
            sizes[flexible[-1]] += available - sum(sizes)
    if sum(sizes) <= available:
        return sizes
    least = [  # words are only measured when the page is too narrow
        size if col.no_wrap else min(size, max(_longest(t, True) for t in texts))
        for col, texts, size in zip(columns, cells, sizes, strict=True)
    ]
    return _shrink(sizes, least, available)


def _shrink(sizes: list[int], least: list[int], available: int) -> list[int]:
    """Narrow the widest columns first, down to their longest word, then below it (words are folded)."""
    sizes = list(sizes)
    for floor in (least, [1] * len(sizes)):
        while sum(sizes) > available:
            wider = [i for i, s in enumerate(sizes) if s > floor[i]]
            if not wider:
                break
            widest = max(wider, key=lambda i: sizes[i] - floor[i])
            sizes[widest] -= 1
    return sizes


def _block(text: str, width: int) -> list[str]:
    """A cell's lines, wrapped and padded to ``width``."""
    if _NARROW.fullmatch(text):  # one cell a character: padded by str.ljust
        if "\n" not in text and len(text) <= width:  # most cells: one line that fits
            return [text.ljust(width)]
        return [line.ljust(width) for line in wrap(text, width, len)]
    return [line + " " * (width - cell_width(line)) for line in wrap(text, width, cell_width)]


def _rule(left: str, fill: str, cross: str, right: str, sizes: list[int]) -> str:
    return left + cross.join(fill * (s + 2) for s in sizes) + right


def render(
    columns: list[Column] | tuple[Column, ...], rows: list[list[str]], styles: list[str], out: Page, title: str = ""
) -> str:
    """The table as text, one string ending in a newline; ``styles`` colour whole rows ("red", "dim" …).

    Plan text is shown with its control characters escaped (``text.visible``): none reaches the terminal.
    """
    rows = [[visible(cell) for cell in row] for row in rows]
    sizes = widths(columns, rows, out.width)
    lines = []
    if title:
        lines.append(paragraph(title, "italic", out))
    lines.append(_rule("┏", "━", "┳", "┓", sizes))
    bold = (SGR["bold"], RESET) if out.color else ("", "")
    lines += _row([col.header for col in columns], sizes, "┃", bold)
    lines.append(_rule("┡", "━", "╇", "┩", sizes))
    for row, style in zip(rows, styles, strict=True):
        lines += _row(row, sizes, "│", (SGR[style], RESET) if out.color and style else ("", ""))
    lines.append(_rule("└", "─", "┴", "┘", sizes))
    return "\n".join(lines) + "\n"


def _row(cells: list[str], sizes: list[int], bar: str, sgr: tuple[str, str]) -> list[str]:
    """The lines of one row: each cell wrapped to its column, the shorter ones padded below."""
    blocks = [_block(cell, s) for cell, s in zip(cells, sizes, strict=True)]
    height = max(map(len, blocks))
    for block, s in zip(blocks, sizes, strict=True):
        block += [" " * s] * (height - len(block))
    start, end = sgr
    head, sep, tail = f"{bar}{start} ", f" {end}{bar}{start} ", f" {end}{bar}"
    return [head + sep.join(parts) + tail for parts in zip(*blocks, strict=True)]


def styled(text: str, style: str, color: bool) -> str:
    """``text`` in ``style`` ("red", "dim" …) when colours are on; as it is when not; its control characters
    escaped either way."""
    text = visible(text)
    return f"{SGR[style]}{text}{RESET}" if color and style else text


def paragraph(text: str, style: str, out: Page) -> str:
    """``text`` wrapped to the page, in ``style``, without a final newline."""
    return "\n".join(styled(line, style, out.color) for line in wrap(text, out.width))


def sheet(rows: list[tuple[str, str, str]], out: Page) -> str:
    """Two columns without borders — (field, value, style) — as ``kehoach show`` prints one item: the fields in
    bold, two spaces, the values wrapped between words to the page; a row's style colours both cells. Drawn
    here rather than with rich's grid (which `show` imported only for this: 15 ms of its 150)."""
    key_width = max((cell_width(k) for k, _, _ in rows), default=0)
    width = max(out.width - key_width - 2, 20)
    lines = []
    for key, value, style in rows:
        key = visible(key)
        pad = " " * (key_width - cell_width(key))
        wrapped = wrap(visible(value), width) or [""]
        for n, line in enumerate(wrapped):
            left = styled(key, style or "bold", out.color) + pad if n == 0 else " " * key_width
            right = styled(line, style, out.color) if line else ""
            lines.append(f"{left}  {right}".rstrip())
    return "\n".join(lines)
