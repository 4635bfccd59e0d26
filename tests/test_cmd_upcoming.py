"""kehoach upcoming: open entries due within N days, soonest first; an entry's own remind overrides N.

From plan 58/KH-UBND: the programme milestones of the six Quý III delegations fall on 1 May 2024, the
reports on 10 and 20 May (each with `remind: 14`), the Quý II tasks and delegations on 30 June.
"""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import PLANS

MILESTONES = [f"{d}#chuong-trinh" for d in ("DR.A.5", "DR.A.6", "DR.A.7", "DR.B.4", "DR.2.2", "DR.2.3")]
Q2 = [
    "II.1.2",
    "II.3.1",
    "III.1.3.3",
    "III.2.4",
    "IV.2",
    "VI.4",
    "VI.5",
    "IX.3",
    "IX.4",
    "IX.5",
    "DR.A.3",
    "DR.A.4",
    "DR.B.1",
    "DR.B.2",
    "DR.B.3",
    "DR.2.1",
]


def upcoming(invoke, today, *args):
    result = invoke("upcoming", "-p", "58/KH-UBND", "--today", today, "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return [(r["id"], r["days"]) for r in json.loads(result.stdout)]


def test_45_days_from_28_april(invoke):
    # 20/5 is 22 days away, within 45, but the report reminds only 14 days before: not yet
    assert upcoming(invoke, "2024-04-28", "--days", "45") == [(m, 3) for m in MILESTONES] + [
        ("bc-6-thang-so-nganh@2024", 12)
    ]


def test_45_days_from_10_may(invoke):
    # the report due today is listed ("hôm nay"); the milestones of 1 May are past; 30/6 is 51 days away
    assert upcoming(invoke, "2024-05-10", "--days", "45") == [
        ("bc-6-thang-so-nganh@2024", 0),
        ("bc-6-thang-tong-hop@2024", 10),
    ]
    assert upcoming(invoke, "2024-05-16", "--days", "45") == [("bc-6-thang-tong-hop@2024", 4)] + [(i, 45) for i in Q2]


def test_the_default_window_is_30_days(invoke):
    assert upcoming(invoke, "2024-06-01") == [(i, 29) for i in Q2]
    assert upcoming(invoke, "2024-05-30") == []  # 31 days


def test_the_window_is_inclusive(invoke):
    assert upcoming(invoke, "2024-05-31", "--days", "30") == [(i, 30) for i in Q2]
    assert upcoming(invoke, "2024-05-31", "--days", "29") == []


def test_table_shows_days_left_and_the_held_back_reports(invoke):
    result = invoke("upcoming", "-p", "58", "--today", "2024-04-28", "--days", "45")
    out = result.stdout
    assert "\x1b[" not in out
    assert "còn 3 ngày" in out and "còn 12 ngày" in out
    assert "Sắp đến hạn trong 45 ngày từ 28/04/2024" in out
    assert "7 mục. 1 mục khác có hạn trong 45 ngày" in out
    assert "bc-6-thang-tong-hop@2024 (20/05)" in out


@pytest.fixture
def plans(tmp_path):
    folder = tmp_path / "plans"
    shutil.copytree(PLANS, folder)
    return folder


ANCHOR = "          - id: II.3.1\n            task: Ký kết Ý định thư với Chính quyền tỉnh Rayong, Thái Lan\n"


def edit(plans, lines: str) -> None:
    path = plans / "ba-ria-vung-tau" / "58-kh-ubnd-2024.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(ANCHOR) == 1
    path.write_text(text.replace(ANCHOR, ANCHOR + lines), encoding="utf-8")


def test_an_item_remind_overrides_the_window(invoke, plans):
    edit(plans, "            remind: 60\n")
    # the 10/5 report has its own remind: 14, so it shows too
    assert upcoming(invoke, "2024-05-01", "--days", "7", "--plans-dir", str(plans)) == (
        [(m, 0) for m in MILESTONES] + [("bc-6-thang-so-nganh@2024", 9), ("II.3.1", 60)]
    )
    assert upcoming(invoke, "2024-04-30", "--days", "7", "--plans-dir", str(plans)) == (
        [(m, 1) for m in MILESTONES] + [("bc-6-thang-so-nganh@2024", 10)]
    )


def test_done_items_are_not_upcoming(invoke, plans):
    edit(plans, "            status: done\n            done_on: 2024-06-10\n")
    ids = [i for i, _ in upcoming(invoke, "2024-06-15", "--plans-dir", str(plans))]
    assert "II.3.1" not in ids and "IV.2" in ids


def test_agency_filter(invoke):
    result = invoke("upcoming", "-p", "58", "--today", "2024-04-28", "--days", "45", "-a", "so y te", "-f", "json")
    assert [r["id"] for r in json.loads(result.stdout)] == ["DR.B.4#chuong-trinh", "bc-6-thang-so-nganh@2024"]


def test_negative_days_is_refused(invoke):
    result = invoke("upcoming", "--days", "-1")
    assert result.exit_code == 2
