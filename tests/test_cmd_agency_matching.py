"""--agency and --province on real plan folders: abbreviations, names only the plans know, merged bodies and
provinces (succession), and hints that do not mislead.

The folder is made for the tests: a 2024 plan of Bà Rịa – Vũng Tàu written as departments wrote their
tables ("Sở KH&CN", "Sở KH&ĐT", "UBND các xã, phường"), a 2025 plan of Thành phố Hồ Chí Minh, and a small
registry in which Sở Kế hoạch và Đầu tư ended on 28/02/2025 with Sở Tài chính as its successor, and Bà Rịa –
Vũng Tàu was merged into Thành phố Hồ Chí Minh. Expected rows are read off the plan texts below.
"""

from __future__ import annotations

import json
import textwrap

import pytest

REGISTRY = """\
kehoach: 1
agencies:
  - name: Sở Tài chính
    from: 2025-03-01
  - name: Sở Kế hoạch và Đầu tư
    short: Sở KH&ĐT
    until: 2025-02-28
    successors: [Sở Tài chính]
  - name: Sở Khoa học và Công nghệ
  - name: Sở Ngoại vụ
  - name: Ủy ban nhân dân thị xã Phú Mỹ
    province: Bà Rịa – Vũng Tàu
provinces:
  - name: Thành phố Hồ Chí Minh
    kind: thành phố
  - name: Bà Rịa – Vũng Tàu
    kind: tỉnh
    until: 2025-06-30
    successors: [Thành phố Hồ Chí Minh]
    source: Nghị quyết số 202/2025/QH15 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh
"""

PLAN_2024 = """\
kehoach: 1
plan:
  id: brvt-2024
  number: 11/KH-UBND
  title: Kế hoạch thử 2024
  province: Bà Rịa – Vũng Tàu
  issued: 2024-01-15
  year: 2024
sections:
  - id: I
    title: Nhiệm vụ
    items:
      - id: "1"
        task: Tổng hợp nhu cầu vốn
        lead: [Sở Kế hoạch và Đầu tư]
        due: 2024-06-30
      - id: "2"
        task: Báo cáo thu hút đầu tư
        lead: [Sở KH&ĐT]
        due: 2024-05-31
        status: done
        done_on: 2024-05-20
      - id: "3"
        task: Ứng dụng công nghệ
        lead: [Sở KH&CN]
        support: [Sở KH&ĐT]
        due: 2024-09-30
      - id: "4"
        task: Tuyên truyền tại cơ sở
        lead: ["UBND các xã, phường"]
        due: 2024-12-31
      - id: "5"
        task: Chỉnh trang đô thị
        lead: [Ủy ban nhân dân thị xã Phú Mỹ]
        due: 2024-12-31
      - id: "6"
        task: Rà soát dự án treo
        lead: [Sở Kế hoạch - Đầu tư]
        due: 2024-11-30
        status: cancelled
"""

PLAN_2025 = """\
kehoach: 1
plan:
  id: hcm-2025
  number: 22/KH-UBND
  title: Kế hoạch thử 2025
  province: Thành phố Hồ Chí Minh
  issued: 2025-08-01
  year: 2025
sections:
  - id: I
    title: Nhiệm vụ
    items:
      - id: "1"
        task: Phân bổ vốn
        lead: [Sở Tài chính]
        due: 2025-09-30
      - id: "2"
        task: Quyết toán
        lead: [Sở TC]
        due: 2025-12-31
      - id: "3"
        task: Thẩm định giá
        lead: [Sở Tài chính]
        due: 2025-10-31
        status: done
        done_on: 2025-10-01
      - id: "4"
        task: Một cửa liên thông
        lead: [Trung tâm Phục vụ hành chính công]
        support: [Sở Tài chính]
        due: 2025-11-30
      - id: "5"
        task: Tiếp nhận hồ sơ
        lead: [Trung tâm Phục vụ hành chính công]
        due: 2025-12-15
"""


@pytest.fixture
def plans(tmp_path):
    root = tmp_path / "plans"
    (root / "a").mkdir(parents=True)
    (root / "agencies.yaml").write_text(REGISTRY, encoding="utf-8")
    (root / "a" / "brvt-2024.yaml").write_text(PLAN_2024, encoding="utf-8")
    (root / "a" / "hcm-2025.yaml").write_text(PLAN_2025, encoding="utf-8")
    return root


def rows(invoke, plans, *args):
    result = invoke(*args, "--plans-dir", str(plans), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    if data and "group" in data[0]:
        data = [row for g in data for row in g["items"]]
    return result, data


def refs(data) -> list[str]:
    return sorted(f"{r['plan']}:{r['id']}" for r in data)


def test_the_fixture_is_valid(invoke, plans):
    result = invoke("validate", "--strict", "--plans-dir", str(plans))
    # the only finding: the plan names a body the registry lacks (as the 2025 plans did)
    assert result.exit_code == 1, result.output
    assert result.output.count("KH502") == 3  # once per item naming it
    assert "Trung tâm Phục vụ hành chính công" in result.output and "UBND các xã, phường" in result.output


@pytest.mark.parametrize("query", ["Sở Khoa học và Công nghệ", "Sở KH&CN", "so khcn"])
def test_kh_cn_written_in_the_table_is_found_by_every_spelling(invoke, plans, query):
    _, data = rows(invoke, plans, "list", "--year", "2024", "--agency", query)
    assert refs(data) == ["brvt-2024:3"]


def test_so_tai_chinh_finds_its_own_tasks_and_the_open_work_of_its_predecessor(invoke, plans):
    result, data = rows(invoke, plans, "list", "--year", "2025", "--agency", "Sở Tài chính")
    # its own: 1, 2 (written "Sở TC"), 3 (done, still its own); not 4 (it only supports);
    # the predecessor's open tasks of the 2024 plan: 1 (planned), 3 is KH&CN's; 2 (done) and 6 (cancelled) not
    assert refs(data) == ["brvt-2024:1", "hcm-2025:1", "hcm-2025:2", "hcm-2025:3"]
    was = {f"{r['plan']}:{r['id']}": r["was"] for r in data}
    assert was == {"brvt-2024:1": "Sở Kế hoạch và Đầu tư", "hcm-2025:1": None, "hcm-2025:2": None, "hcm-2025:3": None}


def test_support_takes_the_predecessors_open_support_too(invoke, plans):
    _, data = rows(invoke, plans, "list", "--year", "2025", "--agency", "Sở Tài chính", "--support")
    assert refs(data) == ["brvt-2024:1", "brvt-2024:3", "hcm-2025:1", "hcm-2025:2", "hcm-2025:3", "hcm-2025:4"]
    md = invoke("list", "--year", "2025", "-a", "Sở Tài chính", "--support", "--plans-dir", str(plans), "-f", "md")
    # KH&CN leads item 3; Sở Tài chính only inherits the predecessor's support
    assert (
        "| Sở KH&amp;CN; phối hợp: Sở Tài chính (trước đây: Sở Kế hoạch và Đầu tư) | Ứng dụng công nghệ |" in md.stdout
    )


def test_no_successors(invoke, plans):
    _, data = rows(invoke, plans, "list", "--year", "2025", "--agency", "Sở Tài chính", "--no-successors")
    assert refs(data) == ["hcm-2025:1", "hcm-2025:2", "hcm-2025:3"]


def test_overdue_marks_the_row_taken_over(invoke, plans):
    result = invoke("overdue", "--agency", "Sở Tài chính", "--today", "2025-10-15", "--plans-dir", str(plans))
    assert result.exit_code == 0, result.output
    assert "│ Sở Tài chính (trước đây: Sở Kế" in result.stdout  # wrapped in the lead column
    md = invoke("overdue", "--agency", "Sở Tài chính", "--today", "2025-10-15", "--plans-dir", str(plans), "-f", "md")
    assert "| Sở Tài chính (trước đây: Sở Kế hoạch và Đầu tư) | Tổng hợp nhu cầu vốn |" in md.stdout
    _, data = rows(invoke, plans, "overdue", "--agency", "Sở Tài chính", "--today", "2025-10-15")
    assert [(r["plan"], r["id"], r["deadline"], r["was"]) for r in data] == [
        ("brvt-2024", "1", "2024-06-30", "Sở Kế hoạch và Đầu tư"),
        ("hcm-2025", "1", "2025-09-30", None),
    ]


def test_due_in_a_2024_quarter(invoke, plans):
    _, data = rows(invoke, plans, "due", "--year", "2024", "--quarter", "II", "--agency", "Sở Tài chính")
    assert [(r["id"], r["was"]) for r in data] == [("1", "Sở Kế hoạch và Đầu tư")]  # 2 is done


def test_the_predecessor_asked_for_by_its_own_name(invoke, plans):
    _, data = rows(invoke, plans, "list", "--year", "2024", "--agency", "Sở KH&ĐT")
    assert refs(data) == ["brvt-2024:1", "brvt-2024:2", "brvt-2024:6"]
    assert {r["was"] for r in data} == {None}


def test_a_name_only_the_plans_know(invoke, plans):
    result, data = rows(invoke, plans, "list", "--year", "2025", "--agency", "trung tam phuc vu hanh chinh cong")
    assert refs(data) == ["hcm-2025:4", "hcm-2025:5"]
    assert result.stderr.count("note:") == 1
    assert "not in the agency registry" in result.stderr and "Trung tâm Phục vụ hành chính công" in result.stderr


def test_a_group_phrase_only_the_plans_know_is_not_a_town(invoke, plans):
    result, data = rows(invoke, plans, "list", "--year", "2024", "--agency", "UBND các xã, phường")
    assert refs(data) == ["brvt-2024:4"]
    assert "Phú Mỹ" not in result.stderr


def test_a_name_nobody_knows_is_an_error_with_a_hint_that_does_not_mislead(invoke, plans):
    result = invoke("list", "--agency", "Sở VHTTDL", "--plans-dir", str(plans))
    assert result.exit_code == 2
    assert "unknown agency 'Sở VHTTDL'" in result.stderr
    assert "Kế hoạch" not in result.stderr and "Khoa học" not in result.stderr
    result = invoke("due", "--agency", "UBND các huyện", "--plans-dir", str(plans))
    assert result.exit_code == 2 and "Phú Mỹ" not in result.stderr


def test_agencies_unknown(invoke, plans):
    result = invoke("agencies", "--unknown", "--plans-dir", str(plans), "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {
            "name": "Trung tâm Phục vụ hành chính công",
            "province": "Thành phố Hồ Chí Minh",
            "lead": 2,
            "support": 0,
            "plans": ["hcm-2025"],
            "items": ["hcm-2025:4", "hcm-2025:5"],
            "more": 0,
        },
        {
            "name": "UBND các xã, phường",
            "province": "Bà Rịa – Vũng Tàu",
            "lead": 1,
            "support": 0,
            "plans": ["brvt-2024"],
            "items": ["brvt-2024:4"],
            "more": 0,
        },
    ]
    table = invoke("agencies", "--unknown", "--plans-dir", str(plans)).stdout
    assert "2 names not in the registry" in table and "hcm-2025:4, hcm-2025:5" in table


def test_a_province_takes_in_the_plans_of_the_units_merged_into_it(invoke, plans):
    result, data = rows(invoke, plans, "list", "--year", "2024", "--province", "Thành phố Hồ Chí Minh")
    assert {r["plan"] for r in data} == {"brvt-2024", "hcm-2025"}
    assert "also takes in the plans of Bà Rịa – Vũng Tàu" in result.stderr
    result = invoke(
        "list", "--year", "2024", "--province", "Thành phố Hồ Chí Minh", "--no-successors", "--plans-dir", str(plans)
    )
    assert result.exit_code == 0
    assert "22/KH-UBND" in result.stdout and "11/KH-UBND" not in result.stdout


def test_the_configured_province_follows_the_merger_too(invoke, plans, tmp_path, monkeypatch):
    config = tmp_path / "kehoach.toml"
    config.write_text('province = "Thành phố Hồ Chí Minh"\n', encoding="utf-8")
    monkeypatch.setenv("KEHOACH_CONFIG", str(config))
    _, data = rows(invoke, plans, "overdue", "--today", "2025-10-15")
    assert refs(data) == ["brvt-2024:1", "brvt-2024:3", "brvt-2024:4", "brvt-2024:5", "hcm-2025:1"]


def test_show_names_the_successor(invoke, plans):
    result = invoke("show", "brvt-2024:1", "--plans-dir", str(plans), "--today", "2025-10-15")
    assert result.exit_code == 0, result.output
    assert "Sở Kế hoạch và Đầu tư → nay là: Sở Tài chính (từ 01/03/2025)" in result.stdout
    info = json.loads(invoke("show", "hcm-2025:1", "--plans-dir", str(plans), "-f", "json").stdout)
    assert info["lead_now"] == []


def test_validate_checks_the_succession_keys(invoke, tmp_path):
    root = tmp_path / "plans"
    root.mkdir()
    (root / "agencies.yaml").write_text(
        textwrap.dedent(
            """\
            kehoach: 1
            agencies:
              - name: Sở A
                successors: [Sở Không Có]
              - name: Sở B
                from: 2025-03-01
                until: 2024-12-31
              - name: Sở C
                until: 2025-01-01
                successors: [Sở D]
              - name: Sở D
                until: 2025-02-01
                successors: [Sở C]
              - name: Sở E
                successors: [Sở B]
                level: ward
            provinces:
              - name: Tỉnh X
                until: 2025-06-30
                successors: [Tỉnh Y]
              - name: Tỉnh Z
                successors: [Tỉnh X]
            """
        ),
        encoding="utf-8",
    )
    result = invoke("validate", "--plans-dir", str(root))
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if ": error" in line or ": warning" in line]
    found = sorted((int(line.split(":")[1]), line.split()[2].rstrip(":")) for line in lines)
    assert found == [
        (4, "KH405"),  # Sở Không Có is no registry agency
        (7, "KH406"),  # Sở B ends before it begins
        (10, "KH407"),  # Sở C → Sở D → Sở C
        (13, "KH407"),
        (16, "KH207"),  # level: ward
        (20, "KH405"),  # Tỉnh Y is no registry province
        (22, "KH408"),  # Tỉnh Z: a successor, and no date on either side
    ]
    assert "did you mean 'Tỉnh X'" not in result.stdout  # never itself


def test_validate_warns_of_a_body_that_had_ended_when_the_plan_was_issued(invoke, plans):
    late = PLAN_2025.replace("id: hcm-2025", "id: hcm-2025-b").replace("22/KH-UBND", "23/KH-UBND")
    late = late.replace("lead: [Sở TC]", "lead: [Sở KH&ĐT]")
    (plans / "a" / "hcm-2025-b.yaml").write_text(late, encoding="utf-8")
    result = invoke("validate", "--plans-dir", str(plans))
    (line,) = [x for x in result.stdout.splitlines() if "KH409" in x]
    assert line.endswith(
        "hcm-2025-b.yaml:19:16: warning KH409: agency 'Sở KH&ĐT' no longer existed when the plan was issued "
        "(01/08/2025): its last day was 28/02/2025"
    )
    assert "  hint: now: Sở Tài chính" in result.stdout
