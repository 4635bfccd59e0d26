"""cli/table.py: widths, wrapping, the box, colours, and the page it is drawn for."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kehoach.render.table import Column, Page, cell_width, page, render, widths, wrap

GOLDEN = Path(__file__).parent / "golden"


def test_cell_width_counts_terminal_columns():
    assert cell_width("Sở Ngoại vụ") == 11
    assert cell_width("Đoàn ra “Nhật Bản” — 2024 → 2025") == 32
    assert cell_width("日本") == 4  # wide characters take two columns
    assert cell_width("Ngoa\u0323i") == 5  # a combining mark takes none


def test_wrap_breaks_between_words_and_folds_only_longer_words():
    assert wrap("Xây dựng Chương trình hành động", 12) == ["Xây dựng", "Chương trình", "hành động"]
    assert wrap("a\nb c", 10) == ["a", "b c"]
    assert wrap("DR.A.5#chuong-trinh", 8) == ["DR.A.5#c", "huong-tr", "inh"]
    assert wrap("x 日本日本", 5) == ["x", "日本", "日本"]


@pytest.mark.parametrize("width", [3, 7, 20, 55])
def test_wrapped_lines_fit_and_keep_every_word(width):
    text = "Với thành phố Sakai, Nhật Bản: Xây dựng Chương trình hành động triển khai thỏa thuận hợp tác"
    lines = wrap(text, width)
    assert all(cell_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_one_cell_text_is_filled_with_the_same_lines_as_the_general_loop():
    """``wrap`` fills one-cell text (all of Vietnamese) with a regex; it must break exactly where the general
    loop (the one wide characters take) breaks: random texts, words and widths."""
    import random

    rng = random.Random(29112026)
    alphabet = "abc đêệ ơ,.-   \u00a0"
    for _ in range(5000):
        if rng.random() < 0.3:
            text = " ".join("x" * rng.randint(1, 15) for _ in range(rng.randint(1, 12)))
        else:
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        width = rng.randint(1, 40)
        assert wrap(text, width, len) == wrap(text, width, cell_width), (text, width)
    assert wrap("Sở Tài chính và Sở Kế hoạch", 12) == ["Sở Tài chính", "và Sở Kế", "hoạch"]


def test_widths_fill_the_page_and_share_it_by_ratio():
    cols = [Column("Hạn", no_wrap=True), Column("A", ratio=1), Column("B", ratio=3)]
    rows = [["30/04/2024", "Sở Ngoại vụ", "nội dung"]]
    sizes = widths(cols, rows, 60)
    assert sizes == [10, 10, 30]  # 60 - 10 for borders and padding = 50: 10 for the date, 40 shared 1:3
    assert sum(sizes) + 3 * len(cols) + 1 == 60


def test_widths_shrink_the_widest_columns_first_on_a_narrow_page():
    cols = [Column("Hạn", no_wrap=True), Column("Tình trạng", max_width=17), Column("Nội dung")]
    rows = [["30/04/2024", "chưa hoàn thành, quá hạn", "một hai ba bốn năm sáu bảy tám chín mười"]]
    sizes = widths(cols, rows, 50)
    assert sizes[0] == 10 and sum(sizes) == 50 - 10
    assert sizes == [10, 16, 14]  # each shrunk to 10 over its longest word ("thành," 6, "bốn" 4)


def test_render_draws_rich_heavy_head_box_exactly():
    cols = [Column("Hạn", no_wrap=True), Column("Nội dung", ratio=1)]
    rows = [["30/04/2024\ntrễ 15 ngày", "Đoàn ra Lào và Campuchia"], ["—", "Báo cáo"]]
    text = render(cols, rows, ["red", ""], Page(32, False), "Đến hạn")
    assert text == (
        "Đến hạn\n"
        "┏━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┓\n"
        "┃ Hạn         ┃ Nội dung       ┃\n"
        "┡━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━┩\n"
        "│ 30/04/2024  │ Đoàn ra Lào và │\n"
        "│ trễ 15 ngày │ Campuchia      │\n"
        "│ —           │ Báo cáo        │\n"
        "└─────────────┴────────────────┘\n"
    )


def test_a_header_wider_than_its_column_wraps_like_a_cell():
    cols = [Column("Hạn", no_wrap=True), Column("Kế hoạch · Mục", max_width=8)]
    text = render(cols, [["01/05/2024", "58/KH-UBND"]], [""], Page(40, False))
    assert text.splitlines()[1:3] == ["┃ Hạn        ┃ Kế hoạch ┃", "┃            ┃ · Mục    ┃"]
    assert text.splitlines()[4:6] == ["│ 01/05/2024 │ 58/KH-UB │", "│            │ ND       │"]


def test_colours_only_on_a_page_that_has_them():
    cols = [Column("A", ratio=1)]
    plain = render(cols, [["x"]], ["red"], Page(20, False))
    coloured = render(cols, [["x"]], ["red"], Page(20, True))
    assert "\x1b[" not in plain
    assert "│\x1b[31m x                \x1b[0m│" in coloured
    assert "┃\x1b[1m A                \x1b[0m┃" in coloured  # bold header


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_page_piped_is_wide_and_plain(monkeypatch):
    for var in ("COLUMNS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)
    assert page(_Stream(False)) == Page(160, False)
    monkeypatch.setenv("COLUMNS", "90")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert page(_Stream(False)) == Page(90, True)


def test_no_color_wins_on_a_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert page(_Stream(True)) == Page(100, True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert page(_Stream(True)) == Page(100, False)


@pytest.mark.parametrize(("columns", "name"), [("160", "due-58-q2-2024-160.txt"), ("80", "due-58-q2-2024-80.txt")])
def test_due_table_golden(invoke, monkeypatch, columns, name):
    """The whole `due` table of 58/KH-UBND for Q2 2024, wide and narrow. After an intended change:
    KEHOACH_UPDATE_GOLDEN=1 pytest tests/test_table.py"""
    import os

    monkeypatch.setenv("COLUMNS", columns)
    result = invoke("due", "-p", "58", "-q", "II", "--year", "2024", "--today", "2024-05-15")
    assert result.exit_code == 0
    path = GOLDEN / name
    if os.environ.get("KEHOACH_UPDATE_GOLDEN"):
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")
    assert max(cell_width(line) for line in result.stdout.splitlines()) <= int(columns)


def test_a_sheet_of_fields_and_values_wraps_values_and_keeps_keys_in_their_column():
    from kehoach.render.table import Page, sheet

    rows = [("Hạn", "30/06/2024", ""), ("căn cứ", "một hai ba bốn năm sáu bảy tám", "dim"), ("mã", "", "")]
    assert sheet(rows, Page(width=24, color=False)).split("\n") == [
        "Hạn     30/06/2024",
        "căn cứ  một hai ba bốn năm",
        "        sáu bảy tám",
        "mã",
    ]
    colored = sheet(rows[:1], Page(width=24, color=True))
    assert colored == "\x1b[1mHạn\x1b[0m  30/06/2024"  # the field in bold, the value as it is
    # plan text never reaches the terminal as control characters
    assert "\x1b[31m" not in sheet([("x", "\x1b[31mred", "")], Page(width=40, color=False))
