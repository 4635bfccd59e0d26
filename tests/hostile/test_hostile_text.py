"""The escapers of kehoach/text.py, over any text (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from kehoach.text import UNSAFE, from_spreadsheet, markdown, markdown_code, spreadsheet_safe, visible

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=60) | st.from_regex(r"['=+\-@\t\r<>&`\x1b\u202e]{0,8}.*")


@given(TEXT)
def test_visible_leaves_nothing_unsafe_and_keeps_safe_text(text):
    shown = visible(text)
    assert UNSAFE.search(shown) is None
    if UNSAFE.search(text) is None:
        assert shown == text
    assert "\n" not in visible(text, newline=False)


@given(TEXT)
def test_spreadsheet_cells_never_start_a_formula_and_import_back_exactly(text):
    cell = spreadsheet_safe(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert from_spreadsheet(cell) == text


@given(TEXT)
def test_markdown_leaves_no_tag_and_no_unescaped_link(text):
    out = markdown(text)
    assert "<" not in out and ">" not in out
    assert re.search(r"(?<!\\)[\[\]`*_|]", out.replace("\\\\", "")) is None
    assert UNSAFE.search(out) is None


@given(TEXT)
def test_a_code_span_cannot_be_closed_early(text):
    span = markdown_code(text)
    fence = re.match("`+", span).group()
    inner = span[len(fence) : -len(fence)]
    assert span.endswith(fence) and fence not in inner
    assert "\n" not in span
