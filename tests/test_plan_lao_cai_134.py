"""Lào Cai, Kế hoạch 134/KH-UBND ngày 26/3/2026 (khu, cụm công nghiệp năm 2026), a real plan of the year it is
shipped in (issue 12 §5). Every expected answer below was read off the source text by hand (the plan file's
``source``), not copied from kehoach's output:

- the plan is for 2026 and issued on 26/3/2026; its tasks without a time of their own are the year's work
  (31/12/2026), as the plan file's notes say;
- II.4 "hoàn thành trong quý IV năm 2026", II.5 (phương án giá) and II.6 "hoàn thành trong năm 2026", V.9 Đầm
  Hồng "hoàn thành phê duyệt phương án trong năm 2026": 31/12/2026;
- VI.1 the agencies report to Sở Công Thương "trước ngày 20 hằng tháng": one deadline a month, the first after
  the plan exists being 20/4/2026 (20/1, 20/2 and 20/3 fall before 26/3/2026);
- the tasks each body leads, counted in sections II and V of the text.
"""

from __future__ import annotations

import json

import pytest

PLAN = "laocai-134-2026"


def rows(invoke, *args: str) -> list[tuple[str, str]]:
    result = invoke(*args, "-f", "json")
    assert result.exit_code == 0, result.output
    return sorted((r["id"], r["deadline"]) for r in json.loads(result.stdout) if r["plan"] == PLAN)


def test_nothing_is_due_before_the_plan_exists(invoke):
    assert rows(invoke, "due", "--quarter", "I", "--year", "2026") == []


def test_the_monthly_report_of_the_second_quarter(invoke):
    assert rows(invoke, "due", "--quarter", "II", "--year", "2026") == [
        ("VI.1", "2026-04-20"),
        ("VI.1", "2026-05-20"),
        ("VI.1", "2026-06-20"),
    ]


def test_the_fourth_quarter_holds_the_years_work_and_three_monthly_reports(invoke):
    got = rows(invoke, "due", "--quarter", "IV", "--year", "2026")
    monthly = [("VI.1", f"2026-{m}-20") for m in ("10", "11", "12")]
    assert [r for r in got if r[0] == "VI.1"] == monthly
    year_end = {i for i, d in got if d == "2026-12-31"}
    # 12 tasks in section II, 31 in section V, less the conditional, periodic and ongoing ones
    assert len(year_end) == 36
    assert {"II.4.1", "II.5.2", "II.6.1", "V.9.4"} <= year_end
    not_dated = {"II.2.2", "II.5.1", "V.1.1", "V.3.2", "V.7.4", "V.8.1", "V.9.3", "VI.2", "VI.3"}
    assert not (not_dated & year_end)


@pytest.mark.parametrize(
    ("agency", "ids"),
    [
        ("Sở Công Thương", ["II.2.3", "V.1.2", "V.1.3"]),
        ("Sở Tài chính", ["V.2.1", "V.2.2", "V.2.3"]),
        ("Sở KH&CN", ["II.7.1", "V.5.1"]),  # written in full in the plan, typed as the abbreviation
        ("UBND phường Lào Cai", ["II.4.1"]),
        (
            "Ban Quản lý Khu kinh tế",
            ["II.1.1", "II.2.1", "II.5.2", "II.6.1", "V.7.1", "V.7.2", "V.7.3", "V.7.5", "V.7.6", "V.7.7", "V.7.8"],
        ),
    ],
)
def test_what_each_body_leads_by_the_end_of_the_year(invoke, agency, ids):
    got = rows(invoke, "due", "--quarter", "IV", "--year", "2026", "--agency", agency)
    assert got == [(i, "2026-12-31") for i in ids]


def test_the_monthly_reports_not_sent_are_overdue(invoke):
    got = rows(invoke, "overdue", "--today", "2026-05-25")
    assert got == [("VI.1", "2026-04-20"), ("VI.1", "2026-05-20")]


def test_ongoing_and_conditional_tasks_are_listed_with_all(invoke):
    got = {i for i, _ in rows(invoke, "due", "--quarter", "II", "--year", "2026", "--all")}
    assert {"V.1.1", "V.7.4", "V.9.3", "II.2.2", "II.5.1", "VI.2"} <= got


def test_show_lists_every_monthly_deadline(invoke):
    result = invoke("show", f"{PLAN}:VI.1", "--today", "2026-11-29", "-f", "json")
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    deadlines = json.dumps(info, ensure_ascii=False)
    for month in range(4, 13):
        assert f"2026-{month:02d}-20" in deadlines
    assert "2026-03-20" not in deadlines


def test_the_registry_knows_every_name_and_sources_the_plan(invoke):
    result = invoke("validate", "--strict", "plans/lao-cai/134-kh-ubnd-2026.yaml")
    assert result.exit_code == 0, result.output
    plan = invoke("show", f"{PLAN}:II.4.1", "-f", "json")
    assert plan.exit_code == 0
