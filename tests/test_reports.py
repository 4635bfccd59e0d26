"""Unit tests of kehoach.reports: which tasks a period holds, pre-filled results, counts, plan and rule choice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kehoach.config import Config
from kehoach.errors import UsageError
from kehoach.render.report_md import md, render_report_md
from kehoach.repo import load_repo
from kehoach.reports import (
    ANNUAL,
    SIX_MONTH,
    Group,
    Heading,
    abbreviation,
    build_report,
    choose_plan,
    lower_first,
    vn_date,
    vn_money,
)
from kehoach.scope import resolve

AGENCIES = """\
kehoach: 1
agencies:
  - name: Sở Ngoại vụ
    short: SNgV
    province: Tỉnh Thử
  - name: Sở Du lịch
    province: Tỉnh Thử
  - name: Sở Văn hóa và Thể thao
    aliases: [Sở VHTT]
    province: Tỉnh Thử
  - name: UBND tỉnh
    province: Tỉnh Thử
  - name: Các sở, ban, ngành, địa phương
    kind: group
"""

PLAN = """\
kehoach: 1
plan:
  id: thu-58-2024
  number: 58/KH-UBND
  title: Hoạt động đối ngoại năm 2024 của tỉnh Thử
  issuer: Ủy ban nhân dân tỉnh Thử
  province: Tỉnh Thử
  issued: 2024-03-11
  year: 2024
  coordinator: Sở Ngoại vụ
reporting:
  - id: bc-6-thang
    kind: six-month
    day: 10/5
    from:
      - Các sở, ban, ngành, địa phương
    to:
      - Sở Ngoại vụ
  - id: th-6-thang
    kind: six-month
    day: 20/5
    from:
      - Sở Ngoại vụ
    to:
      - UBND tỉnh
  - id: bc-nam
    kind: annual
    day: 25/9
    from:
      - Các sở, ban, ngành, địa phương
    to:
      - Sở Ngoại vụ
  - id: th-nam
    kind: annual
    day: 30/9
    from:
      - Sở Ngoại vụ
    to:
      - UBND tỉnh
sections:
  - id: I
    title: Hợp tác
    sections:
      - id: I.1
        title: Du lịch
        items:
          - id: I.1.1
            task: Hội nghị quý I
            lead: [Sở Du lịch]
            support: [Sở Ngoại vụ]
            when: Quý I
            status: done
            done_on: 2024-03-20
          - id: I.1.2
            task: Quảng bá quý II
            lead: [Sở Du lịch]
            when: Quý II
            status: in-progress
            progress:
              - date: 2024-04-02
                note: Đã liên hệ ban tổ chức
            notes: Bảng ghi Quý II, thân văn bản ghi tháng 5
          - id: I.1.3
            task: Việc quý III
            lead: [Sở Du lịch]
            when: Quý III
          - id: I.1.4
            task: Việc cả năm
            lead: [Sở Du lịch]
            when: trong năm 2024
          - id: I.1.5
            task: Đón đoàn theo kế hoạch
            lead: [Sở Ngoại vụ]
            support: [Sở Du lịch]
            when: Theo KH đoàn vào
  - id: II
    title: Thông tin
    items:
      - id: II.1
        task: Việc thường xuyên
        lead: [Sở Du lịch]
        when: thường xuyên
      - id: II.2
        task: Việc hằng năm
        lead: [Sở Du lịch]
        when: Hằng năm
      - id: II.3
        task: Việc quý I quá hạn
        lead: [Sở VHTT]
        when: Quý I
      - id: II.4
        task: Việc đã hủy
        lead: [Sở Du lịch]
        when: Quý II
        status: cancelled
delegations:
  - id: DR.1
    direction: out
    destination: Nhật Bản
    purpose: Xúc tiến du lịch
    when: Quý II
    members: 5
    days: 7
    budget: 709465000
    lead: [Sở Du lịch]
  - id: DR.2
    direction: out
    destination: Hàn Quốc
    purpose: Hợp tác văn hóa
    when: Quý IV
    lead: [Sở Văn hóa và Thể thao]
    support: [Sở Du lịch]
"""

OTHER = """\
kehoach: 1
plan:
  id: thu-93-2024
  number: 93/KH-UBND
  title: Kế hoạch khác
  province: Tỉnh Thử
  year: 2024
reporting:
  - id: bc-nam
    kind: annual
    day: 15/12
    from:
      - Sở Văn hóa và Thể thao
sections:
  - id: I
    title: Nhiệm vụ
    items:
      - id: I.1
        task: Một việc
        lead: [Sở Văn hóa và Thể thao]
        when: Quý IV
"""


def _repo(tmp_path, *plans: str):
    root = tmp_path / "plans"
    (root / "tinh-thu").mkdir(parents=True)
    (root / "agencies.yaml").write_text(AGENCIES, encoding="utf-8")
    for i, text in enumerate(plans):
        (root / "tinh-thu" / f"{i}.yaml").write_text(text, encoding="utf-8")
    return load_repo(root)


@pytest.fixture
def repo(tmp_path):
    return _repo(tmp_path, PLAN)


def _ids(group: Group) -> list[str]:
    return [r.id for r in group.rows]


def test_formatting_helpers():
    assert vn_date(dt.date(2024, 5, 10)) == "10/5/2024"
    assert vn_date(dt.date(2024, 5, 5)) == "05/5/2024"
    assert vn_date(dt.date(2024, 1, 31)) == "31/01/2024"
    assert vn_money(709465000) == "709.465.000 đồng"
    assert vn_money("Ngân sách tỉnh") == "Ngân sách tỉnh"
    assert lower_first("Hoạt động đối ngoại") == "hoạt động đối ngoại"
    assert lower_first("UBND tỉnh") == "UBND tỉnh"
    assert abbreviation("Sở Du lịch") == "SDL"
    assert abbreviation("Sở Kế hoạch và Đầu tư") == "SKHĐT"
    assert abbreviation("Sở Ngoại vụ", "SNgV") == "SNgV"
    assert abbreviation("Sở Văn hóa và Thể thao", "Sở VHTT") == "SVHTT"
    assert md("a*b_c|d<e") == "a\\*b\\_c\\|d&lt;e"


def test_six_month_agency_report_rows(repo):
    plan = repo.plans[0]
    report = build_report(repo, plan, SIX_MONTH, 2024, dt.date(2024, 5, 5), agency="so du lich")
    due, running, delegations, cooperating = report.groups()
    # Due by 30 June first (plan order), then what is still running; Quý III is not part of the first half.
    assert _ids(due) == ["I.1.1", "I.1.2", "II.4"]
    assert _ids(running) == ["I.1.4", "II.1", "II.2"]
    assert _ids(delegations) == ["DR.1"]
    assert _ids(cooperating) == ["I.1.5"]  # DR.2 is co-operation too, but in Quý IV
    assert due.title == "1. Nhiệm vụ có thời hạn đến ngày 30/6/2024"
    assert not due.by_section
    assert report.deadline == dt.date(2024, 5, 10)
    assert report.rule_id == "bc-6-thang"
    assert report.header.deadline_line == "Hạn gửi: trước ngày 10/5/2024 (gửi Sở Ngoại vụ)"
    assert report.header.parent_body == "UBND TỈNH TỈNH THỬ"
    assert report.header.issuing_body == "SỞ DU LỊCH"
    assert report.header.number == "Số: …/BC-SDL"
    assert report.header.place_date == "Tỉnh Thử, ngày … tháng … năm 2024"
    assert report.recipients == ["- Sở Ngoại vụ;", "- Lưu: VT, …"]
    assert [p.number for p in report.parts] == ["I", "II", "III"]


def test_prefilled_results_and_states(repo):
    plan = repo.plans[0]
    report = build_report(repo, plan, SIX_MONTH, 2024, dt.date(2024, 5, 5), agency="Sở Du lịch")
    rows = {r.id: r for r in report.rows()}
    done = rows["I.1.1"]
    assert done.results == ["Đã hoàn thành ngày 20/3/2024."]
    assert done.progress == "100%"
    assert done.state_text == "đã hoàn thành đúng hạn"
    assert done.bucket == "done-on-time"
    running = rows["I.1.2"]
    assert running.results == ["02/4/2024: Đã liên hệ ban tổ chức"]
    assert running.notes == "Bảng ghi Quý II, thân văn bản ghi tháng 5"
    assert running.progress == ""
    assert running.state_text == "đang thực hiện, trong hạn"
    assert running.time_text == "Quý II — hạn 30/6/2024"
    assert rows["II.1"].time_text == "thường xuyên — không có hạn cụ thể"
    assert rows["II.1"].state_text == "chưa thực hiện, không có thời hạn"
    assert rows["II.2"].time_text == "Hằng năm — hạn 31/12/2024"
    assert rows["II.4"].bucket == "stopped"
    trip = rows["DR.1"]
    assert trip.result_label == "Kết quả chuyến công tác"
    assert trip.details == [
        ("Nơi đến", "Nhật Bản"),
        ("Thời gian", "Quý II"),
        ("Số người", "5 người"),
        ("Số ngày", "7 ngày"),
        ("Kinh phí", "709.465.000 đồng"),
    ]


def test_consolidated_annual_report(repo):
    plan = repo.plans[0]
    report = build_report(repo, plan, ANNUAL, 2024, dt.date(2024, 9, 20))
    assert report.scope == "consolidated"
    assert report.agency == "Sở Ngoại vụ"
    assert report.deadline == dt.date(2024, 9, 30)
    assert report.header.number == "Số: …/BC-SNgV"
    assert report.header.subject.startswith(
        "Kết quả thực hiện năm 2024 Kế hoạch số 58/KH-UBND ngày 11/3/2024 "
        "của Ủy ban nhân dân tỉnh Thử về hoạt động đối ngoại năm 2024"
    )
    assert report.header.subject.endswith("và phương hướng, nhiệm vụ năm 2025")
    tasks, delegations = report.groups()[:2]
    assert tasks.by_section
    assert _ids(tasks) == ["I.1.1", "I.1.2", "I.1.3", "I.1.4", "I.1.5", "II.1", "II.2", "II.3", "II.4"]
    assert _ids(delegations) == ["DR.1", "DR.2"]
    status, by_agency = report.summary
    # columns: total, done on time, done late, overdue, in progress, not started, stopped
    assert status.rows == [
        ["Nhiệm vụ", 9, 1, 0, 2, 0, 5, 1],
        ["Đoàn ra, đoàn vào", 2, 0, 0, 1, 0, 1, 0],
        ["Tổng cộng", 11, 1, 0, 3, 0, 6, 1],
    ]
    assert by_agency.rows == [
        ["Sở Du lịch", 8, 1, 0, 2, 0, 4, 1],
        ["Sở Ngoại vụ", 1, 0, 0, 0, 0, 1, 0],
        ["Sở Văn hóa và Thể thao", 2, 0, 0, 1, 0, 1, 0],
    ]
    outlook = report.parts[3]
    assert outlook.title == "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025"
    carry, repeat = [b for b in outlook.blocks if isinstance(b, Group)]
    assert _ids(carry) == ["I.1.2", "I.1.3", "I.1.4", "I.1.5", "II.3"]
    assert _ids(repeat) == ["II.1", "II.2"]
    assert report.recipients == ["- UBND tỉnh;", "- Lưu: VT, …"]
    headings = [b.text for b in report.parts[0].blocks if isinstance(b, Heading)]
    assert headings == ["3. Tổng hợp kết quả (tính đến ngày 20/9/2024)"]


def test_markdown_consolidated_shows_sections(repo):
    text = render_report_md(build_report(repo, repo.plans[0], ANNUAL, 2024, dt.date(2024, 9, 20)))
    assert "#### I. Hợp tác\n\n##### I.1. Du lịch\n\n**I.1.1.** Hội nghị quý I" in text
    assert "## IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025" in text
    assert "| Sở Du lịch | 8 | 1 | 0 | 2 | 0 | 4 | 1 |" in text


def test_agency_without_rule_naming_it_gets_the_general_rule(repo):
    report = build_report(repo, repo.plans[0], ANNUAL, 2024, dt.date(2024, 9, 20), agency="Sở VHTT")
    assert report.rule_id == "bc-nam"
    assert report.deadline == dt.date(2024, 9, 25)
    assert [r.id for r in report.rows()] == ["II.3", "DR.2"]


def test_coordinator_as_agency_reports_its_own_tasks(repo):
    report = build_report(repo, repo.plans[0], SIX_MONTH, 2024, dt.date(2024, 5, 5), agency="so ngoai vu")
    assert report.scope == "agency"
    assert report.rule_id == "th-6-thang"  # the rule that names it
    assert [r.id for r in report.rows()] == ["I.1.5"]
    assert [r.id for r in report.groups()[-1].rows] == ["I.1.1"]  # co-operation


def test_unknown_agency_is_a_usage_error(repo):
    with pytest.raises(UsageError, match="unknown agency"):
        build_report(repo, repo.plans[0], SIX_MONTH, 2024, dt.date(2024, 5, 5), agency="Sở Không Có")


def test_plan_without_rules_of_the_kind(tmp_path):
    repo = _repo(tmp_path, OTHER)
    report = build_report(repo, repo.plans[0], SIX_MONTH, 2024, dt.date(2024, 5, 5))
    assert report.deadline is None
    assert report.header.deadline_line == "Hạn gửi: kế hoạch không quy định hạn báo cáo 6 tháng"
    # No coordinator: the issuer is unknown too, so the header names what the plan has.
    assert report.rows() == []


def test_choose_plan(tmp_path):
    repo = _repo(tmp_path, PLAN, OTHER)
    today = dt.date(2024, 5, 5)
    plan, year, notice = choose_plan(repo, SIX_MONTH, None, today)
    assert (plan.id, year) == ("thu-58-2024", 2024)
    assert notice == "using plan 58/KH-UBND (thu-58-2024) for the six-month report 2024; pass --plan to choose another"
    with pytest.raises(UsageError) as exc:
        choose_plan(repo, ANNUAL, None, today)
    assert exc.value.message == "2 plans have annual reporting in 2024: choose one with --plan"
    assert exc.value.hint == "plans: thu-58-2024 (58/KH-UBND), thu-93-2024 (93/KH-UBND)"
    # --agency narrows: only 93/KH-UBND has nothing for Sở Du lịch … but 58 has; Sở Du lịch → 58.
    plan, _, _ = choose_plan(repo, ANNUAL, None, today, agency="Sở Du lịch")
    assert plan.id == "thu-58-2024"
    configured = Config(Path("kehoach.toml"), {"plan": "93/KH-UBND"})
    plan, _, notice = choose_plan(repo, ANNUAL, None, today, scope=resolve(repo, configured))
    assert plan.id == "thu-93-2024" and notice is None
    plan, year, _ = choose_plan(repo, ANNUAL, None, dt.date(2026, 1, 1), plan_ref="58")
    assert (plan.id, year) == ("thu-58-2024", 2024)  # a plan's own year when today is outside it
    with pytest.raises(UsageError, match="no plan has six-month reporting in 2023"):
        choose_plan(repo, SIX_MONTH, 2023, today)
