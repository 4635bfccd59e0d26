"""kehoach.tables.export: cell values, formats, and the numbering chosen for each row."""

from __future__ import annotations

import datetime as dt

from kehoach.tables.export import _relative, _TaskLayout, cell_text


def test_cell_text():
    assert cell_text("lead", ["Sở Ngoại vụ", "Sở Du lịch"]) == "Sở Ngoại vụ; Sở Du lịch"
    assert cell_text("budget", 709465000) == "709.465.000"
    assert cell_text("budget", "Ngân sách tỉnh") == "Ngân sách tỉnh"
    assert cell_text("members", 10) == "10"
    assert cell_text("due", dt.date(2024, 6, 30)) == "2024-06-30"
    assert cell_text("progress", [{"date": dt.date(2024, 5, 2), "note": "Đã họp"}]) == "2024-05-02: Đã họp"
    assert cell_text("notes", None) == ""


def test_relative():
    assert _relative("II.1.5", "II.1") == "5"
    assert _relative("II.1.5.1", "II.1") == "5.1"
    assert _relative("2.1", None) == "2.1"
    assert _relative("VII.3", "II") is None
    assert _relative("II.1.a", "II.1") is None


def test_layout_numbers_rows_as_a_phu_luc_and_uses_ma_only_where_needed():
    layout = _TaskLayout()
    layout.top(
        [
            {
                "id": "VII",
                "title": "Biên giới",
                "items": [{"id": "VII.3", "task": "c"}],
                "sections": [
                    {"id": "VII.1", "title": "Biển đảo", "items": [{"id": "VII.1.1", "task": "a"}]},
                    {
                        "id": "VII.2",
                        "title": "Lãnh sự",
                        "items": [{"id": "VII.2.1", "task": "b"}, {"id": "x-9", "task": "d"}],
                    },
                ],
            },
            {
                "id": "VIII",
                "title": "Đoàn",
                "sections": [{"id": "VIII.1", "title": "Đoàn ra", "items": [{"id": "VIII.1.1", "task": "e"}]}],
            },
        ]
    )
    assert [(r.values["tt"], r.values.get("id"), r.heading) for r in layout.rows] == [
        ("VII", None, True),
        ("1", None, True),
        ("1.1", None, False),
        ("2", None, True),
        ("2.1", None, False),
        ("2.2", "x-9", False),
        ("3", None, False),
        ("VIII", None, True),
        ("VIII.1", None, True),
        ("1", None, False),
    ]
    assert layout.needs_id
