"""kehoach when: how a time text is read."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize(
    ("text", "kind", "start", "deadline"),
    [
        ("Quý II/2024", "fixed", "2024-04-01", "2024-06-30"),
        ("Tháng 11/2022", "fixed", "2022-11-01", "2022-11-30"),
        ("Quý II- III/2024", "fixed", "2024-04-01", "2024-09-30"),
        ("trong năm 2024", "fixed", "2024-01-01", "2024-12-31"),
        ("thường xuyên", "ongoing", None, None),
        ("Theo KH đoàn vào", "conditional", None, None),
        ("Năm 2023 và các năm tiếp theo", "recurring", None, None),
    ],
)
def test_json(invoke, text, kind, start, deadline):
    result = invoke("when", text, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["text"], data["kind"], data["start"], data["deadline"]) == (text, kind, start, deadline)


def test_the_year_comes_from_year_or_today(invoke):
    assert json.loads(invoke("when", "Quý II", "--year", "2023", "-f", "json").stdout)["deadline"] == "2023-06-30"
    assert json.loads(invoke("when", "Quý II", "--today", "2024-03-01", "-f", "json").stdout)["deadline"] == (
        "2024-06-30"
    )


def test_text(invoke):
    out = invoke("when", "Năm 2023 và các năm tiếp theo").stdout
    assert "     kind: recurring" in out
    assert "    years: 2023 and following years" in out
    out = invoke("when", "Quý II/2024").stdout
    assert out.splitlines() == [
        "     text: Quý II/2024",
        "     kind: fixed",
        "    start: 2024-04-01",
        " deadline: 2024-06-30",
        "    years: 2024",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [("Quý V/2024", "KH304: quarter 'V' does not exist"), ("ngày mai", "KH301: cannot read the time text")],
)
def test_unreadable_texts_exit_2_with_a_suggestion(invoke, text, message):
    result = invoke("when", text)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "hint: write" in result.stderr


def test_a_periodic_text_shows_every_deadline_of_the_year(invoke):
    out = invoke("when", "hằng quý", "--year", "2025").stdout
    assert "   period: quarter" in out
    assert "deadlines: 2025-03-31, 2025-06-30, 2025-09-30, 2025-12-31 (in 2025)" in out
    data = json.loads(invoke("when", "6 tháng một lần", "--year", "2026", "-f", "json").stdout)
    assert (data["kind"], data["period"], data["deadlines"]) == ("recurring", "half", ["2026-06-30", "2026-12-31"])


def test_a_list_shows_each_deadline(invoke):
    out = invoke("when", "Quý I, III/2025").stdout
    assert "deadlines: 2025-03-31, 2025-09-30" in out.splitlines()


def test_the_unread_part_is_shown(invoke):
    result = invoke("when", "Quý II/2025 và bổ sung sau")
    assert result.exit_code == 0
    assert "   unread: 'bổ sung sau' not understood; the reading above rests on the rest" in result.stdout
    assert " deadline: 2025-06-30" in result.stdout
    data = json.loads(invoke("when", "Quý II/2025 và bổ sung sau", "-f", "json").stdout)
    assert data["unread"] == "bổ sung sau"
    assert json.loads(invoke("when", "Quý II/2025", "-f", "json").stdout)["unread"] == ""
