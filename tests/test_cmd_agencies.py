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
