"""kehoach show: one item in full — plan, section path, every field, the timeframe as understood, its state."""

from __future__ import annotations

import json


def show(invoke, *args):
    result = invoke("show", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_task_in_full(invoke):
    out = show(invoke, "58/KH-UBND:II.3.1", "--today", "2024-07-15")
    assert "\x1b[" not in out
    for text in (
        "58/KH-UBND · II.3.1  (task)",
        "Hoạt động đối ngoại năm 2024 của tỉnh Bà Rịa – Vũng Tàu [brvt-58-2024] — Bà Rịa – Vũng Tàu",
        "plans/ba-ria-vung-tau/58-kh-ubnd-2024.yaml:365",
        "II. CÔNG TÁC NGOẠI GIAO NHÀ NƯỚC › II.3. Thiết lập quan hệ hợp tác với đối tác quốc tế mới",
        "Ký kết Ý định thư với Chính quyền tỉnh Rayong, Thái Lan",
        "Tỉnh Rayong",
        "Ngân sách tỉnh (kinh phí đoàn vào)",
        "fixed, từ 2024-04-01 đến 2024-06-30 (năm: 2024)",
        "2024-06-30",
        "chưa hoàn thành, quá hạn (trễ 15 ngày) — tính đến 15/07/2024",
    ):
        assert text in out, text


def test_json(invoke):
    info = json.loads(show(invoke, "58:II.3.1", "--today", "2024-06-30", "-f", "json"))
    assert info["plan"] == "brvt-58-2024" and info["number"] == "58/KH-UBND"
    assert info["section"] == [
        {"id": "II", "title": "CÔNG TÁC NGOẠI GIAO NHÀ NƯỚC"},
        {"id": "II.3", "title": "Thiết lập quan hệ hợp tác với đối tác quốc tế mới"},
    ]
    assert info["fields"]["partner"] == "Tỉnh Rayong"
    assert info["timeframe"]["kind"] == "fixed" and info["timeframe"]["deadline"] == "2024-06-30"
    assert (info["deadline"], info["state"], info["days"]) == ("2024-06-30", "open-in-time", 0)


def test_a_unique_bare_id_is_enough(invoke):
    assert show(invoke, "II.1.10", "--today", "2024-07-15") == show(invoke, "58:II.1.10", "--today", "2024-07-15")


def test_a_delegation_shows_its_programme_milestone(invoke):
    out = show(invoke, "58:DR.A.5", "--today", "2024-04-20")
    assert "Liên bang Nga" in out
    assert "2024-05-01: Trình Trưởng đoàn chương trình Đoàn đi Liên bang Nga" in out
    assert "chưa hoàn thành, trong hạn (còn 163 ngày)" in out
    info = json.loads(show(invoke, "58:DR.A.5", "--today", "2024-04-20", "-f", "json"))
    assert [(m["id"], m["deadline"], m["days"]) for m in info["milestones"]] == [
        ("DR.A.5#chuong-trinh", "2024-05-01", 11)
    ]


def test_a_recurring_item_lists_every_deadline_and_the_state_of_this_year(invoke):
    info = json.loads(show(invoke, "binhdinh-doi-ngoai-2022:II.5", "--today", "2025-03-01", "-f", "json"))
    assert info["when"] == "Hằng năm"
    assert [d["deadline"] for d in info["deadlines"]] == ["2022-12-31", "2023-12-31", "2024-12-31", "2025-12-31"]
    assert [d["state"] for d in info["deadlines"]] == ["open-overdue"] * 3 + ["open-in-time"]
    assert (info["deadline"], info["state"]) == ("2025-12-31", "open-in-time")
    out = show(invoke, "binhdinh-doi-ngoai-2022:II.5", "--today", "2025-03-01")
    assert "recurring, mỗi năm một hạn" in out and "2022, 2023 và các năm tiếp theo" in out


def test_an_ongoing_item(invoke):
    info = json.loads(show(invoke, "58:I.1", "--today", "2024-07-15", "-f", "json"))
    assert (info["deadline"], info["state"], info["state_label"]) == (None, "no-deadline", "không có thời hạn")
    assert info["timeframe"]["kind"] == "ongoing"


def test_registry_names_are_shown_when_the_plan_spells_an_agency_differently(invoke):
    out = show(invoke, "58:IV.4", "--today", "2024-07-15")
    assert "Sở Kế hoạch-Đầu tư" in out
    assert "lead (registry)" in out and "Sở Kế hoạch và Đầu tư" in out


def test_unknown_items(invoke):
    result = invoke("show", "58:X.1")
    assert result.exit_code == 2
    assert "plan 58/KH-UBND has no item 'X.1'" in result.stderr and "closest:" in result.stderr
    result = invoke("show", "I.1")
    assert result.exit_code == 2
    assert "is in several plans" in result.stderr
    result = invoke("show", "57:I.1")
    assert result.exit_code == 2 and "unknown plan" in result.stderr


def test_bad_format(invoke):
    assert invoke("show", "58:I.1", "-f", "xml").exit_code == 2
