"""kehoach agencies: the registry with how many items each agency leads and supports.

Sở Ngoại vụ leads 90 items and co-operates on 9, counted by hand from the plan files: 45 + 1 in
58/KH-UBND, 2 + 0 in 93/KH-UBND, 18 + 7 in Bình Định, 25 + 1 in 90/KH-UBND (Đồng Nai).
"""

from __future__ import annotations

import csv
import io
import json

import pytest


@pytest.mark.parametrize("query", ["so ngoai vu", "Sở Ngoại vụ", "SNgV"])
def test_counts_for_so_ngoai_vu(invoke, query):
    result = invoke("agencies", query, "-f", "json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert (row["name"], row["short"], row["lead"], row["support"]) == ("Sở Ngoại vụ", "SNgV", 90, 9)


def test_every_spelling_counts_for_one_agency(invoke):
    (row,) = json.loads(invoke("agencies", "ke hoach dau tu", "-f", "json").stdout)
    assert row["name"] == "Sở Kế hoạch và Đầu tư"
    assert set(row["aliases"]) == {"Sở Kế hoạch - Đầu tư", "Sở Kế hoạch-Đầu tư"}


def test_the_whole_registry_busiest_first(invoke):
    rows = json.loads(invoke("agencies", "-f", "json").stdout)
    assert rows[0]["name"] == "Sở Ngoại vụ"
    assert [r["lead"] for r in rows] == sorted((r["lead"] for r in rows), reverse=True)


def test_formats(invoke):
    text = invoke("agencies", "sngv").stdout
    assert "\x1b[" not in text and "Sở Ngoại vụ" in text and "90" in text
    rows = list(csv.DictReader(io.StringIO(invoke("agencies", "sngv", "-f", "csv").stdout)))
    assert rows == [
        {"name": "Sở Ngoại vụ", "short": "SNgV", "province": "", "lead": "90", "support": "9", "aliases": ""}
    ]
    md = invoke("agencies", "sngv", "-f", "md").stdout.splitlines()
    assert md[0] == "| name | short | province | lead | support | aliases |"
    assert md[2] == "| Sở Ngoại vụ | SNgV |  | 90 | 9 |  |"


def test_unknown_agency(invoke):
    result = invoke("agencies", "so ngoai giao")
    assert result.exit_code == 2
    assert "closest: Sở Ngoại vụ" in result.stderr


def test_json_lists_dates_predecessors_successors_and_sources(invoke):
    rows = {r["name"]: r for r in json.loads(invoke("agencies", "-f", "json").stdout)}
    finance, planning = rows["Sở Tài chính"], rows["Sở Kế hoạch và Đầu tư"]
    assert "Sở Kế hoạch và Đầu tư" in finance["predecessors"]
    assert planning["successors"] == ["Sở Tài chính"] and planning["until"] == "2025-02-28"
    assert "45/2025/NĐ-CP" in planning["source"] and "45/2025/NĐ-CP" in finance["source"]


def test_provinces_lists_the_34_units_and_the_merged_ones(invoke):
    rows = json.loads(invoke("agencies", "--provinces", "-f", "json").stdout)
    current = [r for r in rows if r["current"]]
    assert len(current) == 34
    hcm = next(r for r in rows if r["name"] == "Thành phố Hồ Chí Minh")
    assert {"Bà Rịa – Vũng Tàu", "Bình Dương"} <= set(hcm["predecessors"])
    brvt = next(r for r in rows if r["name"] == "Bà Rịa – Vũng Tàu")
    assert brvt["until"] == "2025-06-30" and brvt["successors"] == ["Thành phố Hồ Chí Minh"]
    assert "202/2025/QH15" in brvt["source"] and brvt["plans"] == 2
    table = invoke("agencies", "--provinces", "gia lai")
    assert table.exit_code == 0 and "Bình Định" in table.stdout
