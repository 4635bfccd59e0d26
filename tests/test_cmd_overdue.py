"""kehoach overdue: open tasks and delegations past their deadline, most days late first.

Expected rows for 58/KH-UBND on 15 July 2024, read from the plan file: the Quý I tasks (III.1.1.1,
III.1.1.2, III.1.3.1, III.1.3.2, III.3.1) and delegations (DR.A.1, DR.A.2), 106 days late, then the
Quý II tasks and delegations, 15 days late. Reports (10/5, 20/5) and programme milestones (1/5) are past
too but are never listed: the plan records no status for them.
"""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import PLANS

Q1 = ["III.1.1.1", "III.1.1.2", "III.1.3.1", "III.1.3.2", "III.3.1", "DR.A.1", "DR.A.2"]
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
II_3_1 = "          - id: II.3.1\n            task: Ký kết Ý định thư với Chính quyền tỉnh Rayong, Thái Lan\n"


@pytest.fixture
def plans(tmp_path):
    folder = tmp_path / "plans"
    shutil.copytree(PLANS, folder)
    return folder


def mark(plans, anchor: str, lines: str) -> None:
    """Add ``lines`` right after ``anchor`` in plan 58 (plain text replacement, as a user would edit)."""
    path = plans / "ba-ria-vung-tau" / "58-kh-ubnd-2024.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(anchor) == 1
    path.write_text(text.replace(anchor, anchor + lines), encoding="utf-8")


def overdue(invoke, *args, today="2024-07-15"):
    result = invoke("overdue", "-p", "58/KH-UBND", "--today", today, "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_overdue_on_15_july_2024(invoke):
    rows = overdue(invoke)
    assert [r["id"] for r in rows] == Q1 + Q2
    assert [r["days"] for r in rows] == [-106] * len(Q1) + [-15] * len(Q2)
    assert {r["state"] for r in rows} == {"open-overdue"}
    assert {r["kind"] for r in rows} == {"task", "delegation"}


def test_marking_an_item_done_or_cancelled_takes_it_off(invoke, plans):
    before = overdue(invoke, "--plans-dir", str(plans))
    assert "II.3.1" in [r["id"] for r in before]
    mark(plans, II_3_1, "            status: done\n            done_on: 2024-07-10\n")
    mark(plans, "  - id: DR.A.1\n", "    status: cancelled\n")
    after = overdue(invoke, "--plans-dir", str(plans))
    assert [r["id"] for r in after] == [i for i in Q1 + Q2 if i not in ("II.3.1", "DR.A.1")]
    # due still shows it, done after its deadline
    result = invoke(
        "due",
        "-p",
        "58",
        "-q",
        "II",
        "--year",
        "2024",
        "--today",
        "2024-07-15",
        "-f",
        "json",
        "--plans-dir",
        str(plans),
    )
    row = next(r for r in json.loads(result.stdout) if r["id"] == "II.3.1")
    assert (row["status"], row["state"]) == ("done", "done-late")
    assert row["state_label"] == "đã hoàn thành quá hạn"


def test_done_on_time(invoke, plans):
    mark(plans, II_3_1, "            status: hoàn thành\n            done_on: 2024-06-28\n")
    result = invoke("show", "58:II.3.1", "--today", "2024-07-15", "--plans-dir", str(plans), "-f", "json")
    info = json.loads(result.stdout)
    assert (info["status"], info["state"]) == ("done", "done-on-time")


def test_in_progress_and_postponed_items_are_still_overdue(invoke, plans):
    mark(plans, II_3_1, "            status: đang thực hiện\n")
    mark(plans, "  - id: DR.A.3\n", "    status: postponed\n")
    assert [r["id"] for r in overdue(invoke, "--plans-dir", str(plans))] == Q1 + Q2


def test_a_deadline_is_a_whole_day(invoke):
    assert [r["id"] for r in overdue(invoke, today="2024-06-30")] == Q1
    assert [r["id"] for r in overdue(invoke, today="2024-07-01")] == Q1 + Q2
    assert overdue(invoke, today="2024-03-31") == []


def test_agency_filter(invoke):
    rows = overdue(invoke, "--agency", "Sở Ngoại vụ")
    assert [r["id"] for r in rows] == ["III.3.1", "II.3.1", "IV.2", "VI.4", "VI.5", "IX.3", "IX.4", "IX.5", "DR.A.3"]


def test_every_plan_most_late_first(invoke):
    result = invoke("overdue", "--today", "2025-03-01", "-f", "json")
    rows = json.loads(result.stdout)
    assert [r["days"] for r in rows] == sorted(r["days"] for r in rows)
    assert rows[0]["plan"] == "binhdinh-doi-ngoai-2022"  # due in 2022
    # Bình Định continues after 2023: its yearly tasks are overdue for 2024 as well
    assert ("binhdinh-doi-ngoai-2022", "II.5", "2024-12-31") in {(r["plan"], r["id"], r["deadline"]) for r in rows}
    assert {r["kind"] for r in rows} == {"task", "delegation"}


def test_table_shows_days_late(invoke):
    result = invoke("overdue", "-p", "58", "--today", "2024-07-15")
    assert "\x1b[" not in result.stdout
    assert "trễ 106 ngày" in result.stdout and "trễ 15 ngày" in result.stdout
    assert "Quá hạn tại ngày 15/07/2024" in result.stdout
    assert "23 mục quá hạn, chưa hoàn thành." in result.stdout


@pytest.mark.parametrize("fmt", ["csv", "md"])
def test_other_formats(invoke, fmt):
    result = invoke("overdue", "-p", "58", "--today", "2024-07-15", "-f", fmt)
    assert result.exit_code == 0
    assert "III.3.1" in result.stdout and "DR.2.1" in result.stdout


def test_unknown_agency(invoke):
    result = invoke("overdue", "--agency", "Sở Ngoai vu xyz")
    assert result.exit_code == 2
    assert "unknown agency" in result.stderr and "Sở Ngoại vụ" in result.stderr
