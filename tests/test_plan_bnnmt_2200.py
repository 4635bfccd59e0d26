"""Bộ Nông nghiệp và Môi trường, Kế hoạch triển khai Nghị định 180/2026/NĐ-CP, ban hành kèm Quyết định
2200/QĐ-BNNMT ngày 10/6/2026: a real ministry plan of 2026 that runs into 2027 (issue 12 §5). The expected
answers were read off the appendix table of the source text by hand (the plan file's ``source``):

- 1a, 1b "Quý III, IV/2026": 30/9 and 31/12/2026; 2a "Quý III/2026": 30/9/2026;
- 2b "Quý III, IV/2026, 2027": 30/9/2026, 31/12/2026 and the year 2027 (31/12/2027);
- 2c, 2d "Quý IV/2026, 2027": 31/12/2026 and 31/12/2027; 2đ "Quý II, III/2026": 30/6 and 30/9/2026;
- 1c, 3, 4, 5 "Thường xuyên": no deadline.
"""

from __future__ import annotations

import json

import pytest

PLAN = "bnnmt-2200-2026"


def rows(invoke, *args: str) -> list[tuple[str, str]]:
    result = invoke(*args, "-f", "json")
    assert result.exit_code == 0, result.output
    return sorted((r["id"], r["deadline"]) for r in json.loads(result.stdout) if r["plan"] == PLAN)


@pytest.mark.parametrize(
    ("year", "quarter", "expected"),
    [
        ("2026", "I", []),
        ("2026", "II", [("2đ", "2026-06-30")]),
        ("2026", "III", [(i, "2026-09-30") for i in ("1a", "1b", "2a", "2b", "2đ")]),
        ("2026", "IV", [(i, "2026-12-31") for i in ("1a", "1b", "2b", "2c", "2d")]),
        ("2027", "III", []),
        ("2027", "IV", [(i, "2027-12-31") for i in ("2b", "2c", "2d")]),
    ],
)
def test_deadlines_by_quarter(invoke, year, quarter, expected):
    assert rows(invoke, "due", "--year", year, "--quarter", quarter) == expected


def test_the_department_under_both_of_its_spellings(invoke):
    # 1a, 1b, 2b, 2c write "Cục Lâm nghiệp và Kiểm lâm"; 2d writes "Cục Lâm nghiệp và Cục Kiểm lâm"
    got = rows(invoke, "due", "--year", "2026", "--quarter", "IV", "--agency", "Cục Lâm nghiệp và Kiểm lâm")
    assert got == [(i, "2026-12-31") for i in ("1a", "1b", "2b", "2c", "2d")]


def test_overdue_in_the_autumn(invoke):
    assert rows(invoke, "overdue", "--today", "2026-10-15") == [
        (i, d)
        for i, d in sorted(
            [("2đ", "2026-06-30"), ("1a", "2026-09-30"), ("1b", "2026-09-30"), ("2a", "2026-09-30")]
            + [("2b", "2026-09-30"), ("2đ", "2026-09-30")]
        )
    ]


def test_ongoing_tasks_are_listed_with_all(invoke):
    got = {i for i, _ in rows(invoke, "due", "--year", "2026", "--quarter", "III", "--all")}
    assert {"1c", "3", "4", "5"} <= got
