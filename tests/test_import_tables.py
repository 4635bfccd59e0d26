"""kehoach import of real tables: metadata from the lines above the table, multi-year titles, writing a new
plan into the plans folder, one warning per unknown agency, and validate's check of agency lists split at
commas."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from conftest import PLANS

from kehoach.loader import load_document
from kehoach.tables.preamble import preamble_meta


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [
                "PHỤ LỤC I",
                "DANH MỤC NHIỆM VỤ TRIỂN KHAI",
                "Kèm theo Kế hoạch số 123/KH-UBND ngày 18 tháng 11 năm 2025 của UBND tỉnh Quảng Ninh",
            ],
            {
                "number": "123/KH-UBND",
                "issued": dt.date(2025, 11, 18),
                "issuer": "Ủy ban nhân dân tỉnh Quảng Ninh",
                "province": "Quảng Ninh",
                "years": (2025,),
            },
        ),
        (
            [
                "Kế hoạch phát triển kinh tế số đến năm 2030",
                "(Kèm theo Kế hoạch số 45/KH-UBND ngày 05/3/2025 của Ủy ban nhân dân tỉnh Lào Cai)",
            ],
            {
                "number": "45/KH-UBND",
                "issued": dt.date(2025, 3, 5),
                "issuer": "Ủy ban nhân dân tỉnh Lào Cai",
                "province": "Lào Cai",
                "title": "Kế hoạch phát triển kinh tế số đến năm 2030",
                "years": (2025, 2026, 2027, 2028, 2029, 2030),
            },
        ),
        (
            [
                "Kế hoạch hành động giai đoạn 2026–2030 thực hiện Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024",
                "(Kèm theo Kế hoạch số 7/KH-UBND ngày 05/3/2025",
                "của Ủy ban nhân dân tỉnh Lào Cai)",
            ],
            {"number": "7/KH-UBND", "issued": dt.date(2025, 3, 5), "years": (2026, 2027, 2028, 2029, 2030)},
        ),
        (
            # the year of a document the title cites is not the plan's year: the plan's date is
            ["Triển khai Chỉ thị số 15/CT-TTg ngày 10/4/2024", "(Kèm theo Kế hoạch số 9/KH-UBND ngày 2/1/2025)"],
            {"number": "9/KH-UBND", "issued": dt.date(2025, 1, 2), "years": (2025,)},
        ),
        (
            # a whole plan document: the letterhead gives number, date and issuer; a plan the body cites does not
            [
                "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NINH\nSố: 123/KH-UBND",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
                "Quảng Ninh, ngày 18 tháng 11 năm 2025",
                "KẾ HOẠCH",
                "Triển khai công tác đối ngoại năm 2026",
                "Thực hiện Kế hoạch số 12/KH-UBND của Ủy ban nhân dân tỉnh …",
            ],
            {
                "number": "123/KH-UBND",
                "issued": dt.date(2025, 11, 18),
                "issuer": "Ủy ban nhân dân tỉnh Quảng Ninh",
                "title": "Triển khai công tác đối ngoại năm 2026",
                "years": (2026,),
            },
        ),
    ],
)
def test_metadata_from_the_lines_above_the_table(lines, expected):
    meta = preamble_meta(lines)
    assert {k: meta.get(k) for k in expected} == expected


TABLE = """\
Kế hoạch chuyển đổi số giai đoạn 2026 - 2030
(Kèm theo Kế hoạch số 123/KH-UBND ngày 18 tháng 11 năm 2025 của UBND tỉnh Quảng Ninh)
TT,Nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian thực hiện
I,Hạ tầng số,,,
1,Việc một,Ban Chỉ đạo chuyển đổi số tỉnh,Sở Ngoại vụ,Năm 2026
2,Việc hai,Sở Ngoại vụ,Ban Chỉ đạo chuyển đổi số tỉnh,Năm 2027
3,Việc ba,Ban Chỉ đạo chuyển đổi số tỉnh,,Năm 2030
"""


def test_a_new_plan_is_written_into_the_plans_folder_with_the_years_of_its_title(invoke, tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    table = tmp_path / "bang.csv"
    table.write_text(TABLE, encoding="utf-8")
    out = plans / "quang-ninh" / "123-kh-ubnd-2025.yaml"
    out.parent.mkdir()
    result = invoke("import", str(table), "--plan-id", "qn-123-2025", "-o", str(out), "--plans-dir", str(plans))
    assert result.exit_code == 0, result.stderr
    plan = load_document(out).data["plan"]
    assert plan["number"] == "123/KH-UBND"
    assert plan["issued"] == dt.date(2025, 11, 18)
    assert plan["province"] == "Quảng Ninh"
    assert plan["years"] == [2026, 2027, 2028, 2029, 2030]
    # one warning for the unknown name, listing its cells
    lines = [x for x in result.stderr.splitlines() if "KH502" in x]
    unknown = "agency 'Ban Chỉ đạo chuyển đổi số tỉnh' is not in the registry (3 cells: C5, D6, C7)"
    assert lines == [f"{table}:5:3: warning KH502: C5: {unknown}"]
    # overwriting it needs --force
    again = invoke("import", str(table), "--plan-id", "qn-123-2025", "-o", str(out), "--plans-dir", str(plans))
    assert again.exit_code == 3
    assert invoke("validate", "--plans-dir", str(plans), str(out)).exit_code == 0


def test_validate_warns_about_a_flow_list_split_at_the_commas_of_one_name(invoke, tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text(
        "kehoach: 1\nplan:\n  id: t-1\n  number: 1/KH-UBND\n  title: T\n  year: 2025\nsections:\n"
        "  - id: I\n    title: A\n    items:\n      - id: I.1\n        task: Việc\n        lead: [Sở Ngoại vụ]\n"
        "        support: [Các sở, ban, ngành tỉnh]\n        when: Quý I\n",
        encoding="utf-8",
    )
    result = invoke("validate", str(plan))
    found = [x for x in result.stdout.splitlines() + result.stderr.splitlines() if "KH634" in x]
    assert len(found) == 2, result.stdout + result.stderr
    assert "'ban'" in found[0] and "'ngành tỉnh'" in found[1]
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("[Các sở, ban, ngành tỉnh]", '["Các sở, ban, ngành tỉnh"]')
    )
    result = invoke("validate", str(plan))
    assert "KH634" not in result.stdout + result.stderr


def test_a_new_province_folder_is_made_inside_the_plans_folder_only(invoke, tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    table = tmp_path / "bang.csv"
    table.write_text(TABLE, encoding="utf-8")
    out = plans / "lao-cai" / "123-kh-ubnd-2025.yaml"  # plans/lao-cai/ does not exist yet
    result = invoke("import", str(table), "--plan-id", "lc-123-2025", "-o", str(out), "--plans-dir", str(plans))
    assert result.exit_code == 0, result.stderr
    assert load_document(out).data["plan"]["id"] == "lc-123-2025"
    # a failed import leaves no empty folder behind
    bad = tmp_path / "bad.csv"
    bad.write_text("TT,Nhiệm vụ,Cơ quan chủ trì,Thời gian thực hiện\n1,Việc,Sở Ngoại vụ,Quý V/2025\n", encoding="utf-8")
    failed = plans / "son-la" / "1-kh-ubnd-2025.yaml"
    result = invoke("import", str(bad), "--plan-id", "sl-1-2025", "-o", str(failed), "--plans-dir", str(plans))
    assert result.exit_code == 1 and not (plans / "son-la").exists()
    # outside the plans folder a missing folder stays an error
    elsewhere = tmp_path / "nowhere" / "x.yaml"
    result = invoke("import", str(table), "--plan-id", "x-1-2025", "-o", str(elsewhere), "--plans-dir", str(plans))
    assert result.exit_code == 2 and not elsewhere.parent.exists()


def test_a_title_on_the_appendix_line_gives_the_span():
    from kehoach.tables.preamble import preamble_meta

    meta = preamble_meta(
        [
            "PHỤ LỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ GIAI ĐOẠN 2026 - 2030",
            "Kèm theo Kế hoạch số 45/KH-UBND ngày 05/3/2026 của UBND tỉnh Lào Cai",
        ]
    )
    assert meta["title"] == "NHIỆM VỤ CHUYỂN ĐỔI SỐ GIAI ĐOẠN 2026 - 2030"
    assert meta["years"] == (2026, 2027, 2028, 2029, 2030) and meta["issued"] == dt.date(2026, 3, 5)
    assert meta["province"] == "Lào Cai" and meta["number"] == "45/KH-UBND"


def test_a_line_of_the_time_of_execution_gives_the_span_the_title_does_not():
    """A title without its span (a ministry plan of 2026-2027): `export` writes the span on a line of its own
    below the caption, and `import` reads it from there; the line is never taken for the title."""
    from kehoach.tables.preamble import preamble_meta

    lines = [
        "Kế hoạch triển khai thực hiện Nghị định số 180/2026/NĐ-CP ngày 21 tháng 5 năm 2026 của Chính phủ",
        "(Kèm theo Kế hoạch số 2200/QĐ-BNNMT ngày 10/6/2026 của Bộ Nông nghiệp và Môi trường)",
    ]
    assert preamble_meta(lines)["years"] == (2026,)  # the issue year: dates and numbers cited are not the span
    meta = preamble_meta([*lines, "(Thời gian thực hiện: năm 2026 - 2027)"])
    assert meta["years"] == (2026, 2027) and not meta["continues"]
    assert meta["title"].startswith("Kế hoạch triển khai thực hiện Nghị định số 180/2026/NĐ-CP")
    on = preamble_meta([*lines, "(Thời gian thực hiện: năm 2026 - 2027 và các năm tiếp theo)"])
    assert on["years"] == (2026, 2027) and on["continues"]


def test_export_writes_the_span_only_when_the_title_does_not_say_it(invoke):
    ministry = invoke("export", "bnnmt-2200-2026", "-f", "csv")
    assert ministry.exit_code == 0, ministry.output
    assert "(Thời gian thực hiện: năm 2026 - 2027)" in ministry.stdout.splitlines()[2]
    lao_cai = invoke("export", "laocai-134-2026", "-f", "csv")  # "… năm 2026" in its title
    assert "Thời gian thực hiện" not in lao_cai.stdout.split("TT")[0]
