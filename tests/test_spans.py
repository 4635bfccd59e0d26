"""Plans that span years (issue 12 §2) and obligations that start with the plan (§3).

Two plans built like the shipped Bà Rịa – Vũng Tàu plans, in a temporary plans folder:

- SPAN: a 2025–2030 plan (`year: 2025`, `until: 2030`) issued on 20/03/2025, with an ongoing task, a
  conditional one, a yearly one ("Hằng năm": due 31/12 of every plan year), a task of Quý IV/2025 never
  done, a task of Quý II/2026, and an ongoing task done in 2025. It reports every 10 June (six-month)
  and 15 December (annual).
- LATE: a 2025–2027 plan issued on 01/12/2025, whose six-month report is due 10/5 and annual report 15/12
  of each year, with a yearly Quý II task, an ongoing task and one task the plan dates Quý II/2025 itself.

Every expected row below is worked out from these texts by hand.
"""

from __future__ import annotations

import json
import shutil
import textwrap

import pytest
from conftest import PLANS

SPAN = """\
# yaml-language-server: $schema=../../docs/plan.schema.json
kehoach: 1
plan:
  id: brvt-15-2025
  number: 15/KH-UBND
  title: Công tác thông tin đối ngoại tỉnh Bà Rịa – Vũng Tàu giai đoạn 2025–2030
  issuer: Ủy ban nhân dân tỉnh Bà Rịa – Vũng Tàu
  province: Bà Rịa – Vũng Tàu
  issued: 2025-03-20
  year: 2025
  until: 2030
  coordinator: Sở Khoa học và Công nghệ
reporting:
  - id: bc-6-thang
    kind: six-month
    title: Báo cáo 6 tháng kết quả thực hiện Kế hoạch
    day: 10/6
    from:
      - Các Sở, ngành
    to:
      - Sở Khoa học và Công nghệ
  - id: bc-nam
    kind: annual
    title: Báo cáo năm kết quả thực hiện Kế hoạch
    day: 15/12
    from:
      - Sở Khoa học và Công nghệ
    to:
      - Ủy ban nhân dân tỉnh
sections:
  - id: "1"
    title: Nhiệm vụ chung
    items:
      - id: "1.1"
        task: Tuyên truyền, quảng bá hình ảnh tỉnh trên Cổng Thông tin điện tử đối ngoại
        lead:
          - Sở Khoa học và Công nghệ
        when: Thường xuyên
      - id: "1.2"
        task: Phối hợp tổ chức các sự kiện thông tin đối ngoại của Bộ Ngoại giao
        lead:
          - Sở Ngoại vụ
        when: Theo Kế hoạch của Bộ Ngoại giao
      - id: "1.3"
        task: Tổng kết công tác thông tin đối ngoại
        lead:
          - Sở Khoa học và Công nghệ
        when: Hằng năm
      - id: "1.4"
        task: Xây dựng bộ tài liệu giới thiệu tỉnh bằng tiếng Anh
        lead:
          - Sở Khoa học và Công nghệ
        when: Quý IV/2025
      - id: "1.5"
        task: Tổ chức hội nghị thông tin đối ngoại
        lead:
          - Sở Ngoại vụ
        when: Quý II/2026
      - id: "1.6"
        task: Cập nhật cơ sở dữ liệu thông tin đối ngoại
        lead:
          - Sở Khoa học và Công nghệ
        when: Thường xuyên
        status: done
        done_on: 2025-10-01
"""

LATE = """\
# yaml-language-server: $schema=../../docs/plan.schema.json
kehoach: 1
plan:
  id: brvt-200-2025
  number: 200/KH-UBND
  title: Hoạt động đối ngoại tỉnh Bà Rịa – Vũng Tàu giai đoạn 2025–2027
  issuer: Ủy ban nhân dân tỉnh Bà Rịa – Vũng Tàu
  province: Bà Rịa – Vũng Tàu
  issued: 2025-12-01
  year: 2025
  until: 2027
  coordinator: Sở Ngoại vụ
reporting:
  - id: bc-6-thang
    kind: six-month
    title: Báo cáo 6 tháng
    day: 10/5
    from:
      - Các Sở, ngành
    to:
      - Sở Ngoại vụ
  - id: bc-nam
    kind: annual
    title: Báo cáo năm
    day: 15/12
    from:
      - Sở Ngoại vụ
    to:
      - Ủy ban nhân dân tỉnh
sections:
  - id: I
    title: Nhiệm vụ
    items:
      - id: I.1
        task: Đón đoàn doanh nghiệp nước ngoài
        lead:
          - Sở Ngoại vụ
        when: Quý II hằng năm
      - id: I.2
        task: Quản lý hoạt động đối ngoại
        lead:
          - Sở Ngoại vụ
        when: Thường xuyên
      - id: I.3
        task: Hội thảo xúc tiến đầu tư
        lead:
          - Sở Ngoại vụ
        when: Quý II/2025
"""


@pytest.fixture
def plans(tmp_path):
    root = tmp_path / "plans"
    (root / "ba-ria-vung-tau").mkdir(parents=True)
    shutil.copy(PLANS / "agencies.yaml", root / "agencies.yaml")
    (root / "ba-ria-vung-tau" / "15-kh-ubnd-2025.yaml").write_text(SPAN, encoding="utf-8")
    (root / "ba-ria-vung-tau" / "200-kh-ubnd-2025.yaml").write_text(LATE, encoding="utf-8")
    return root


def run(invoke, plans, *args):
    return invoke(*args, "--plans-dir", str(plans))


def rows(result) -> list[tuple]:
    assert result.exit_code == 0, result.output
    return [(r["id"], r["deadline"]) for r in json.loads(result.stdout)]


# ------------------------------------------------------------------------------------------ §2 spans


def test_a_span_is_every_year_from_year_to_until(plans):
    from kehoach.repo import load_repo

    plan = load_repo(plans).plan("15/KH-UBND")
    assert plan.years == (2025, 2026, 2027, 2028, 2029, 2030)
    assert plan.year == 2025 and not plan.continues
    assert plan.years_label == "2025–2030"
    assert plan.covers(2027) and not plan.covers(2031) and not plan.covers(2024)


def test_the_span_plan_validates_clean_and_matches_the_schema(invoke, plans):
    result = invoke("validate", "--strict", str(plans / "ba-ria-vung-tau" / "15-kh-ubnd-2025.yaml"))
    assert result.exit_code == 0, result.output
    assert invoke("fmt", "--check", str(plans / "ba-ria-vung-tau" / "15-kh-ubnd-2025.yaml")).exit_code == 0


def test_the_third_year_of_a_span_is_the_default_year_without_a_notice(invoke, plans):
    result = run(invoke, plans, "due", "-p", "15", "--all", "--today", "2027-05-01", "-f", "json")
    # Quý II/2027: the six-month report of 10/6/2027; then the ongoing 1.1 and the conditional 1.2 (no
    # deadline). 1.6 was done in 2025: it no longer runs in 2027. 1.3 is due 31/12/2027, not in Quý II.
    assert rows(result) == [("bc-6-thang@2027", "2027-06-10"), ("1.1", None), ("1.2", None)]
    assert result.stderr == ""
    in_2025 = run(invoke, plans, "due", "-p", "15", "--all", "--today", "2025-11-01", "-f", "json")
    # in 2025, Quý IV: 1.4 and 1.3 (31/12), the annual report (15/12); the ongoing 1.6 still runs, done
    assert rows(in_2025) == [
        ("bc-nam@2025", "2025-12-15"),
        ("1.3", "2025-12-31"),
        ("1.4", "2025-12-31"),
        ("1.1", None),
        ("1.2", None),
        ("1.6", None),
    ]


def test_after_the_span_the_default_year_is_its_last_with_the_notice(invoke, plans):
    result = run(invoke, plans, "due", "-p", "15", "--all", "--quarter", "IV", "--today", "2032-05-01", "-f", "json")
    assert rows(result) == [
        ("bc-nam@2030", "2030-12-15"),
        ("1.3", "2030-12-31"),
        ("1.1", None),
        ("1.2", None),
    ]
    assert "no plan covers 2032; showing 2030" in result.stderr
    # the year after the span: nothing of the plan runs
    after = run(invoke, plans, "due", "-p", "15", "--all", "--year", "2031", "--today", "2032-05-01", "-f", "json")
    assert rows(after) == []


def test_a_task_past_its_deadline_stays_overdue_in_later_years(invoke, plans):
    result = run(invoke, plans, "overdue", "-p", "15", "--today", "2027-05-01", "-f", "json")
    # 1.3 is due every 31/12 and never done: 2025 and 2026; 1.4 (Quý IV/2025) and 1.5 (Quý II/2026)
    assert rows(result) == [
        ("1.3", "2025-12-31"),
        ("1.4", "2025-12-31"),
        ("1.5", "2026-06-30"),
        ("1.3", "2026-12-31"),
    ]
    assert [r["days"] for r in json.loads(result.stdout)] == [-486, -486, -305, -121]


def test_the_annual_report_of_a_later_year_lists_the_overdue_tasks_in_their_own_group(invoke, plans, tmp_path):
    result = run(invoke, plans, "report", "annual", "-p", "15", "--year", "2026", "--today", "2027-01-10", "-f", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    groups = [
        (b["title"], b["kind"], [(r["id"], r["deadline"]) for r in b["rows"]])
        for b in report["parts"][0]["blocks"]
        if b["type"] == "group"
    ]
    assert groups == [
        (
            "1. Kết quả thực hiện các nhiệm vụ năm 2026",
            "tasks",
            [("1.1", None), ("1.2", None), ("1.3", "2026-12-31"), ("1.5", "2026-06-30")],
        ),
        ("2. Nhiệm vụ quá hạn từ kỳ trước", "overdue", [("1.3", "2025-12-31"), ("1.4", "2025-12-31")]),
        ("3. Đoàn ra, đoàn vào", "delegations", []),
    ]
    assert report["deadline"] == "2026-12-15"
    # the summary counts them: 6 rows, 4 of them overdue (1.3 twice, 1.4, 1.5), 2 not started (1.1, 1.2)
    assert report["summary"][0]["rows"][0] == ["Nhiệm vụ", 6, 0, 0, 4, 0, 2, 0]
    # and Part IV carries the open 1.2 (conditional), 1.5 and the overdue 1.4 on into 2027; 1.3 continues as
    # a yearly task, 1.1 as an ongoing one
    carry = [b for b in report["parts"][3]["blocks"] if b["type"] == "group"]
    assert [r["id"] for r in carry[0]["rows"]] == ["1.2", "1.5", "1.4"]
    assert [r["id"] for r in carry[1]["rows"]] == ["1.1", "1.3"]

    md = run(invoke, plans, "report", "annual", "-p", "15", "--year", "2026", "--today", "2027-01-10", "-f", "md")
    assert md.exit_code == 0, md.output
    section = md.stdout.split("### 2. Nhiệm vụ quá hạn từ kỳ trước\n", 1)[1].split("### 3. Đoàn ra, đoàn vào", 1)[0]
    assert "**1.3.** Tổng kết công tác thông tin đối ngoại" in section
    assert "- Thời gian: Hằng năm — hạn 31/12/2025" in section
    assert "**1.4.** Xây dựng bộ tài liệu giới thiệu tỉnh bằng tiếng Anh" in section
    assert "- Thời gian: Quý IV/2025 — hạn 31/12/2025" in section
    assert section.count("chưa thực hiện, quá hạn") == 2

    out = tmp_path / "bao-cao-2026.docx"
    docx = run(invoke, plans, "report", "annual", "-p", "15", "--year", "2026", "--today", "2027-01-10", "-o", str(out))
    assert docx.exit_code == 0, docx.output
    from docx import Document

    document = Document(str(out))
    paragraphs = [p.text for p in document.paragraphs]
    assert "2. Nhiệm vụ quá hạn từ kỳ trước" in paragraphs
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any("Quý IV/2025 — hạn 31/12/2025" in c for c in cells)


def test_the_six_month_report_lists_them_too_and_a_task_done_late_in_the_period(invoke, plans):
    from kehoach.repo import load_repo

    done = plans / "ba-ria-vung-tau" / "15-kh-ubnd-2025.yaml"
    edited = run(invoke, plans, "set", "15/KH-UBND:1.4", "--done-on", "2026-02-15", "--today", "2026-02-15")
    assert edited.exit_code == 0, edited.output
    assert "done_on: 2026-02-15" in done.read_text(encoding="utf-8")
    result = run(
        invoke, plans, "report", "six-month", "-p", "15", "--year", "2026", "--today", "2026-06-01", "-f", "json"
    )
    report = json.loads(result.stdout)
    overdue = [b for b in report["parts"][0]["blocks"] if b["type"] == "group" and b["kind"] == "overdue"]
    assert [(r["id"], r["state"]) for r in overdue[0]["rows"]] == [("1.3", "open-overdue"), ("1.4", "done-late")]
    assert overdue[0]["title"] == "3. Nhiệm vụ quá hạn từ kỳ trước"
    assert load_repo(plans).plan("15").item("1.4").done_on.isoformat() == "2026-02-15"


def test_no_overdue_group_in_the_first_year(invoke, plans):
    result = run(invoke, plans, "report", "annual", "-p", "15", "--year", "2025", "--today", "2026-01-05", "-f", "md")
    assert result.exit_code == 0, result.output
    assert "quá hạn từ kỳ trước" not in result.stdout


# ------------------------------------------------------------------------------------------ §3 start


def test_nothing_falls_due_before_the_plan_is_issued(invoke, plans):
    cal = run(invoke, plans, "calendar", "-p", "200", "--year", "2025", "--today", "2025-12-05", "-f", "json")
    assert cal.exit_code == 0, cal.output
    entries = [(e["id"], e["deadline"]) for m in json.loads(cal.stdout)["months"] for e in m["entries"]]
    # no six-month report of 10/5/2025 and no Quý II/2025 occurrence of I.1; the plan's own I.3 is kept;
    # the first annual report is the first after the issue date: 15/12/2025
    assert entries == [("I.3", "2025-06-30"), ("bc-nam@2025", "2025-12-15")]
    next_year = run(invoke, plans, "calendar", "-p", "200", "--year", "2026", "--today", "2025-12-05", "-f", "json")
    entries = [(e["id"], e["deadline"]) for m in json.loads(next_year.stdout)["months"] for e in m["entries"]]
    assert entries == [("bc-6-thang@2026", "2026-05-10"), ("I.1", "2026-06-30"), ("bc-nam@2026", "2026-12-15")]


def test_the_first_six_month_report_is_the_first_after_issue(invoke, plans):
    result = run(
        invoke,
        plans,
        "due",
        "-p",
        "200",
        "--kind",
        "report",
        "--year",
        "2025",
        "--quarter",
        "II",
        "--today",
        "2025-12-05",
        "-f",
        "json",
    )
    assert rows(result) == []
    upcoming = run(invoke, plans, "upcoming", "-p", "200", "--days", "180", "--today", "2025-12-20", "-f", "json")
    assert rows(upcoming) == [("bc-6-thang@2026", "2026-05-10")]
    refused = run(invoke, plans, "report", "six-month", "-p", "200", "--year", "2025", "--today", "2025-12-05")
    assert refused.exit_code == 2
    assert "starts on 01/12/2025, after the six-month period ended on 30/6/2025" in refused.stderr
    assert "--year 2026" in refused.stderr
    annual = run(
        invoke, plans, "report", "annual", "-p", "200", "--year", "2025", "--today", "2025-12-05", "-f", "json"
    )
    assert annual.exit_code == 0, annual.output
    assert json.loads(annual.stdout)["deadline"] == "2025-12-15"


def test_an_item_dated_before_the_plan_is_kept_and_warned_of(invoke, plans):
    result = invoke("validate", str(plans / "ba-ria-vung-tau" / "200-kh-ubnd-2025.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    found = [(d["code"], d["line"], d["severity"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert found == [("KH115", 48, "warning")]
    overdue = run(invoke, plans, "overdue", "-p", "200", "--today", "2026-01-05", "-f", "json")
    assert rows(overdue) == [("I.3", "2025-06-30")]


def test_a_span_that_ends_before_it_starts(invoke, tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text(SPAN.replace("until: 2030", "until: 2023"), encoding="utf-8")
    result = invoke("validate", str(bad), "--format", "json")
    assert result.exit_code == 1
    diags = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "KH114"]
    assert [(d["line"], d["column"]) for d in diags] == [(11, 10)]
    assert "ends (until: 2023) before it starts (2025)" in diags[0]["message"]
    long = tmp_path / "y.yaml"
    long.write_text(SPAN.replace("until: 2030", "until: 2300"), encoding="utf-8")
    diags = json.loads(invoke("validate", str(long), "--format", "json").stdout)["diagnostics"]
    assert [d["message"] for d in diags if d["code"] == "KH114"] == [
        "the plan runs from 2025 until 2300: more than 50 years"
    ]


def test_a_v1_list_of_years_keeps_its_meaning():
    from kehoach.loader import parse_text
    from kehoach.model import build_plan

    text = textwrap.dedent(
        """\
        kehoach: 1
        plan: {id: t, number: 1/KH, title: T, years: [2025, 2030]}
        sections: []
        """
    )
    plan = build_plan(parse_text(text, "t.yaml").data, "t.yaml")
    assert plan.years == (2025, 2030) and not plan.covers(2027)
