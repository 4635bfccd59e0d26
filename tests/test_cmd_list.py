"""kehoach list: every task and delegation, one row each, grouped by section, agency or quarter.

Counts for 58/KH-UBND, read from the plan file: 97 tasks and 15 delegations; Quý I: 5 tasks and 2
delegations; Quý II: 10 + 6; Quý III: 10 + 6; Quý IV: 4 tasks "Quý IV", 8 tasks "trong năm 2024" and
one delegation; 60 items are ongoing or conditional.
"""

from __future__ import annotations

import csv
import io
import json

import pytest


def groups(invoke, *args):
    result = invoke("list", "--today", "2024-05-01", "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_by_section(invoke):
    found = groups(invoke, "-p", "58/KH-UBND")
    items = [i for g in found for i in g["items"]]
    assert len(items) == 97 + 15
    assert len({i["id"] for i in items}) == 112
    titles = [g["group"] for g in found]
    assert titles[0] == "58/KH-UBND · I. CÔNG TÁC ĐỐI NGOẠI ĐẢNG"
    assert titles[-1] == "58/KH-UBND · Đoàn ra, đoàn vào"
    section = "II. CÔNG TÁC NGOẠI GIAO NHÀ NƯỚC › II.3. Thiết lập quan hệ hợp tác với đối tác quốc tế mới"
    assert f"58/KH-UBND · {section}" in titles
    assert [i["id"] for i in found[-1]["items"]][:3] == ["DR.A.1", "DR.A.2", "DR.A.3"]
    assert len(found[-1]["items"]) == 15


def test_by_quarter(invoke):
    found = {g["group"]: [i["id"] for i in g["items"]] for g in groups(invoke, "-p", "58", "--by", "quarter")}
    assert list(found) == [
        "Quý I/2024",
        "Quý II/2024",
        "Quý III/2024",
        "Quý IV/2024",
        "Không có thời hạn (thường xuyên / theo điều kiện)",
    ]
    assert [len(v) for v in found.values()] == [7, 16, 16, 13, 60]
    assert set(found["Quý I/2024"]) == {
        "III.1.1.1",
        "III.1.1.2",
        "III.1.3.1",
        "III.1.3.2",
        "III.3.1",
        "DR.A.1",
        "DR.A.2",
    }


def test_by_agency_finds_every_spelling_and_orders_names_alphabetically(invoke):
    found = {g["group"]: [i["id"] for i in g["items"]] for g in groups(invoke, "-p", "58", "--by", "agency")}
    assert found["Sở Kế hoạch và Đầu tư"] == ["II.1.10", "II.1.11", "II.1.17", "IV.4", "IV.9"]
    names = list(found)
    assert (
        names.index("Ban Quản lý các khu công nghiệp tỉnh")
        < names.index("Sở Ngoại vụ")
        < names.index("Ủy ban nhân dân thành phố Vũng Tàu")
    )
    assert len(found["Sở Ngoại vụ"]) == 45
    # group phrases come after the agencies
    assert names[-5:] == [
        "Các cơ quan được giao chủ trì tham mưu đoàn ra",
        "Các cơ quan được giao chủ trì tham mưu đoàn vào",
        "các cơ quan liên quan",
        "các cơ quan liên quan được giao nhiệm vụ theo Kế hoạch số 250/KH-UBND",
        "Ủy ban nhân dân các huyện, thị xã, thành phố",
    ]


def test_same_filters_as_due(invoke):
    found = groups(invoke, "-p", "58", "--agency", "ke hoach dau tu", "--by", "agency")
    assert [g["group"] for g in found][0] == "Sở Công Thương"  # co-leads IV.4 and IV.9
    items = {i["id"] for g in found for i in g["items"]}
    assert items == {"II.1.10", "II.1.11", "II.1.17", "IV.4", "IV.9"}
    quarter = groups(invoke, "-p", "58", "--quarter", "II", "--by", "quarter")
    assert [(g["group"], len(g["items"])) for g in quarter] == [
        ("Quý II/2024", 16),
        ("Không có thời hạn (thường xuyên / theo điều kiện)", 60),
    ]
    delegations = groups(invoke, "-p", "58", "--kind", "delegation")
    assert [g["group"] for g in delegations] == ["58/KH-UBND · Đoàn ra, đoàn vào"]


def test_a_recurring_item_shows_its_deadline_in_the_year(invoke):
    def rows(year):
        found = groups(invoke, "-p", "binhdinh-doi-ngoai-2022", "--year", year)
        return {i["id"]: i["deadline"] for g in found for i in g["items"]}

    assert len(rows("2022")) == 25
    assert rows("2022")["II.5"] == "2022-12-31" and rows("2025")["II.5"] == "2025-12-31"
    assert rows("2022")["III.6"] == "2023-12-31"  # "Năm 2023 và các năm tiếp theo": its first deadline
    assert rows("2025")["I.1"] == "2022-12-31"  # "Quý IV/2022" stays where it is
    assert rows("2025")["II.4"] is None  # "Thường xuyên"


def test_notice_when_no_plan_covers_this_year(invoke):
    result = invoke("list", "-p", "58", "--today", "2026-02-01", "-f", "json")
    assert "no plan covers 2026; showing 2024" in result.stderr
    json.loads(result.stdout)


def test_csv_md_and_table(invoke):
    result = invoke("list", "-p", "93", "--today", "2024-05-01", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 13
    assert list(rows[0])[:4] == ["group", "plan", "number", "id"]
    md = invoke("list", "-p", "93", "--today", "2024-05-01", "-f", "md").stdout
    assert md.startswith("**Danh mục nhiệm vụ, đoàn (năm 2024)**")
    assert md.count("### 93/KH-UBND · ") == 5
    assert md.rstrip().endswith("13 mục trong 5 nhóm.")
    table = invoke("list", "-p", "93", "--today", "2024-05-01").stdout
    assert "\x1b[" not in table
    assert "93/KH-UBND · 1. Phối hợp với Bộ Thông tin và Truyền thông triển khai các nội dung (5)" in table
    assert "13 mục trong 5 nhóm." in table


@pytest.mark.parametrize("args", [["--by", "plan"], ["--quarter", "V"], ["--agency", "zzz qqq"]])
def test_bad_options(invoke, args):
    assert invoke("list", *args).exit_code == 2
