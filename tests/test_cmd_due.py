"""kehoach due: entries whose deadline falls in a period, filtered, in every format.

The expected rows were derived by reading plans/ba-ria-vung-tau/58-kh-ubnd-2024.yaml by hand, not by
running the code: the items whose `when` is "Quý II", the delegations of Quý II, the programme milestones
of the Quý III delegations (trip from 1 July, programme two months before: 1 May) — the Quý II
delegations' milestones fall on 1 February, in Quý I — and the reports of 10/5 and 20/5.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from kehoach.deadlines import ROW_KEYS

Q2_TASKS = {"II.1.2", "II.3.1", "III.1.3.3", "III.2.4", "IV.2", "VI.4", "VI.5", "IX.3", "IX.4", "IX.5"}
Q2_DELEGATIONS = {"DR.A.3", "DR.A.4", "DR.B.1", "DR.B.2", "DR.B.3", "DR.2.1"}
Q3_DELEGATIONS = {"DR.A.5", "DR.A.6", "DR.A.7", "DR.B.4", "DR.2.2", "DR.2.3"}
Q2_MILESTONES = {f"{d}#chuong-trinh" for d in Q3_DELEGATIONS}
Q2_REPORTS = {"bc-6-thang-so-nganh@2024", "bc-6-thang-tong-hop@2024"}
Q2_ALL = Q2_TASKS | Q2_DELEGATIONS | Q2_MILESTONES | Q2_REPORTS

# Led by Sở Ngoại vụ: the Quý II tasks and delegations it leads (VI.4 together with the radio and TV
# station), the milestones of the Quý III delegations it leads, the 20/5 report it sends itself and the
# 10/5 report every department ("Các sở, ban, ngành") sends.
SNGV_Q2 = {
    "II.3.1",
    "IV.2",
    "VI.4",
    "VI.5",
    "IX.3",
    "IX.4",
    "IX.5",
    "DR.A.3",
    "DR.A.5#chuong-trinh",
    "DR.A.6#chuong-trinh",
    "DR.A.7#chuong-trinh",
} | Q2_REPORTS

# Ongoing items led by Sở Kế hoạch và Đầu tư, however the plan spells it.
SKHDT_ONGOING = {"II.1.10", "II.1.11", "II.1.17", "IV.4", "IV.9"}


def data(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def ids(result) -> list[str]:
    return [r["id"] for r in data(result)]


def due58(invoke, *args):
    return invoke("due", "--plan", "58/KH-UBND", "--today", "2024-04-01", "-f", "json", *args)


def test_quarter_two_2024_of_plan_58(invoke):
    rows = data(due58(invoke, "--quarter", "II", "--year", "2024"))
    assert len(rows) == len(Q2_ALL) == 24
    assert {r["id"] for r in rows} == Q2_ALL
    kinds = {r["id"]: r["kind"] for r in rows}
    deadlines = {r["id"]: r["deadline"] for r in rows}
    for i in Q2_TASKS:
        assert (kinds[i], deadlines[i]) == ("task", "2024-06-30")
    for i in Q2_DELEGATIONS:
        assert (kinds[i], deadlines[i]) == ("delegation", "2024-06-30")
    for i in Q2_MILESTONES:
        assert (kinds[i], deadlines[i]) == ("milestone", "2024-05-01")
    assert {i: (kinds[i], deadlines[i]) for i in Q2_REPORTS} == {
        "bc-6-thang-so-nganh@2024": ("report", "2024-05-10"),
        "bc-6-thang-tong-hop@2024": ("report", "2024-05-20"),
    }
    # soonest first
    assert [r["deadline"] for r in rows] == sorted(r["deadline"] for r in rows)
    assert {r["state"] for r in rows} == {"open-in-time"}
    assert {r["plan"] for r in rows} == {"brvt-58-2024"} and {r["number"] for r in rows} == {"58/KH-UBND"}


@pytest.mark.parametrize("quarter", ["II", "ii", "2", "Quý II", "q2"])
def test_quarter_spellings(invoke, quarter):
    assert set(ids(due58(invoke, "--quarter", quarter, "--year", "2024"))) == Q2_ALL


def test_default_period_is_the_current_quarter(invoke):
    result = invoke("due", "-p", "58", "--today", "2024-05-01", "-f", "json")
    assert set(ids(result)) == Q2_ALL


def test_without_a_plan_for_this_year_the_latest_plan_year_is_shown_with_a_notice(invoke):
    result = invoke("due", "--quarter", "II", "-p", "58", "--today", "2026-05-01", "-f", "json")
    assert set(ids(result)) == Q2_ALL
    assert "no plan covers 2026; showing 2024" in result.stderr
    assert "no plan covers" not in result.stdout  # JSON stays clean
    table = invoke("due", "--quarter", "II", "--province", "Bà Rịa", "--today", "2026-05-01")
    assert table.stderr.count("no plan covers 2026") == 1
    # Bình Định's plan continues after 2023, so it covers 2026: this year, no notice
    assert invoke("due", "--quarter", "II", "--today", "2026-05-01").stderr == ""
    # with --year, or a plan for this year, no notice
    assert invoke("due", "-q", "II", "--year", "2024", "--today", "2026-05-01").stderr == ""
    assert invoke("due", "-q", "II", "--today", "2024-05-01").stderr == ""


def test_month_and_kind(invoke):
    assert set(ids(due58(invoke, "--month", "5", "--year", "2024"))) == Q2_MILESTONES | Q2_REPORTS
    assert set(ids(due58(invoke, "-q", "II", "--year", "2024", "--kind", "report"))) == Q2_REPORTS
    both = due58(invoke, "-q", "II", "--year", "2024", "-k", "task", "-k", "delegation")
    assert set(ids(both)) == Q2_TASKS | Q2_DELEGATIONS


@pytest.mark.parametrize("agency", ["so ngoai vu", "Sở Ngoại vụ", "SNgV", "sngv", "SO NGOAI VU"])
def test_agency_so_ngoai_vu(invoke, agency):
    assert set(ids(due58(invoke, "-q", "II", "--year", "2024", "--agency", agency))) == SNGV_Q2


def test_support_adds_items_the_agency_co_operates_on(invoke):
    plain = set(ids(due58(invoke, "-q", "II", "--year", "2024", "--agency", "sngv", "--all")))
    support = set(ids(due58(invoke, "-q", "II", "--year", "2024", "--agency", "sngv", "--all", "--support")))
    assert support - plain == {"II.5.1"}  # led by the districts, Sở Ngoại vụ co-operates


@pytest.mark.parametrize("agency", ["Sở Kế hoạch và Đầu tư", "ke hoach dau tu", "Sở KH&ĐT"])
def test_agency_ke_hoach_dau_tu_with_all_finds_every_spelling(invoke, agency):
    rows = data(due58(invoke, "-q", "II", "--year", "2024", "--agency", agency, "--all"))
    assert {r["id"] for r in rows} == SKHDT_ONGOING | {"bc-6-thang-so-nganh@2024"}
    undated = {r["id"]: r for r in rows if r["deadline"] is None}
    assert set(undated) == SKHDT_ONGOING
    assert undated["II.1.17"]["lead"] == ["Sở Kế hoạch - Đầu tư"]
    assert undated["IV.4"]["lead"][0] == "Sở Kế hoạch-Đầu tư"
    assert {r["state"] for r in undated.values()} == {"no-deadline"}
    assert {r["days"] for r in undated.values()} == {None}
    # dated entries come first, the undated ones after
    assert rows[0]["id"] == "bc-6-thang-so-nganh@2024"


def test_all_marks_undated_rows_and_without_it_a_footer_counts_them(invoke):
    plain = invoke("due", "-p", "58", "-q", "II", "--year", "2024", "--today", "2024-04-01")
    assert plain.exit_code == 0
    # 56 "thường xuyên…" items and 4 conditional ones ("Theo KH đoàn vào", "Theo Hướng dẫn …",
    # "Theo Kế hoạch đoàn ra", "theo lộ trình …")
    assert "24 mục có hạn. 60 mục thường xuyên/theo điều kiện" in plain.stdout
    assert "thêm --all để xem" in plain.stdout
    with_all = invoke("due", "-p", "58", "-q", "II", "--year", "2024", "--today", "2024-04-01", "--all")
    assert "24 mục có hạn và 60 mục thường xuyên/theo điều kiện" in with_all.stdout
    assert "không có thời hạn" in with_all.stdout
    assert "(thường xuyên)" in with_all.stdout and "(theo điều kiện)" in with_all.stdout
    assert len(data(due58(invoke, "-q", "II", "--year", "2024", "--all"))) == 84


def test_states_against_today(invoke):
    rows = {r["id"]: r for r in data(due58(invoke, "-q", "II", "--year", "2024", "--today", "2024-05-20"))}
    assert rows["bc-6-thang-tong-hop@2024"]["state"] == "open-in-time"  # due today
    assert rows["bc-6-thang-tong-hop@2024"]["days"] == 0
    # reports and milestones record no status: past their deadline they are not called overdue
    assert rows["bc-6-thang-so-nganh@2024"]["state"] == "past-untracked"
    assert rows["DR.A.5#chuong-trinh"]["days"] == -19
    assert rows["II.3.1"]["state"] == "open-in-time" and rows["II.3.1"]["days"] == 41
    later = {r["id"]: r for r in data(due58(invoke, "-q", "II", "--year", "2024", "--today", "2024-07-01"))}
    assert later["II.3.1"]["state"] == "open-overdue"
    assert later["II.3.1"]["state_label"] == "chưa hoàn thành, quá hạn"


def test_kehoach_today_in_the_environment(invoke, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2024-05-01")
    assert set(ids(invoke("due", "-p", "58", "-f", "json"))) == Q2_ALL


# ---------------------------------------------------------------------------------------------- formats


def test_json_objects_carry_the_documented_keys(invoke):
    rows = data(due58(invoke, "-q", "II", "--year", "2024"))
    required = {"plan", "number", "id", "kind", "task", "lead", "when", "deadline", "status", "state", "days"}
    for row in rows:
        assert required <= set(row)
        assert list(row) == list(ROW_KEYS)
        assert isinstance(row["lead"], list)
        assert isinstance(row["days"], int)
    task = next(r for r in rows if r["id"] == "II.3.1")
    assert task["task"] == "Ký kết Ý định thư với Chính quyền tỉnh Rayong, Thái Lan"
    assert task["when"] == "Quý II"
    assert task["lead"] == ["Sở Ngoại vụ"]
    assert (task["deadline"], task["status"], task["days"]) == ("2024-06-30", "planned", 90)
    delegation = next(r for r in rows if r["id"] == "DR.A.3")
    assert delegation["task"].startswith("Đoàn ra Ô-xtrây-li-a: ký kết mới thỏa thuận hợp tác")


def test_csv_has_the_same_keys(invoke):
    result = due58(invoke, "-q", "II", "--year", "2024")
    result_csv = invoke("due", "-p", "58", "-q", "II", "--year", "2024", "--today", "2024-04-01", "-f", "csv")
    assert result_csv.stdout.splitlines()[0] == ",".join(ROW_KEYS)
    rows = list(csv.DictReader(io.StringIO(result_csv.stdout)))
    assert [r["id"] for r in rows] == ids(result)
    by_id = {r["id"]: r for r in rows}
    assert by_id["VI.4"]["lead"] == "Sở Ngoại vụ; Đài Phát thanh và Truyền hình tỉnh"
    assert by_id["VI.4"]["days"] == "90"


def test_markdown_is_a_table_to_paste_into_an_issue(invoke):
    result = invoke("due", "-p", "58", "-q", "II", "--year", "2024", "--today", "2024-04-01", "-f", "md")
    lines = result.stdout.splitlines()
    assert lines[0] == "**Đến hạn Quý II/2024 (01/04 – 30/06/2024)**"
    table = [line for line in lines if line.startswith("|")]
    assert table[0] == "| Hạn | Còn | Tình trạng | Loại | Chủ trì | Nội dung | Thời gian | Kế hoạch · Mục |"
    assert set(table[1].replace(" ", "")) == {"|", "-"}
    assert len(table) == 2 + 24
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 9 for row in table)
    assert "| 30/06/2024 | còn 90 ngày | chưa hoàn thành, trong hạn | nhiệm vụ | Sở Ngoại vụ | Ký kết Ý định thư" in (
        result.stdout
    )
    assert lines[-1].startswith("24 mục có hạn.")


def test_table_piped_has_no_ansi_codes_and_every_field(invoke):
    result = invoke("due", "-p", "58", "-q", "II", "--year", "2024", "--today", "2024-07-01")
    assert result.exit_code == 0
    out = result.stdout
    assert "\x1b[" not in out
    for text in (
        "Đến hạn Quý II/2024",
        "30/06/2024",
        "trễ 1 ngày",
        "chưa hoàn thành, quá hạn",
        "nhiệm vụ",
        "đoàn",
        "mốc",
        "báo cáo",
        "Sở Ngoại vụ",
        "58/KH-UBND",
        "II.3.1",
        "DR.A.3",
    ):
        assert text in out, text


@pytest.mark.parametrize("columns", ["200", "120", "80", "60"])
def test_table_text_wraps_between_words_at_any_width(invoke, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    result = invoke("due", "-p", "58", "-q", "II", "--year", "2024", "--today", "2024-04-01", "-k", "task")
    out = result.stdout
    assert max(len(line) for line in out.splitlines()) <= int(columns)
    # no word of a long task text is cut: each one appears whole on some line
    text = (
        "Với thành phố Sakai, Nhật Bản: Xây dựng Chương trình hành động triển khai thỏa thuận hợp tác trong "
        "lĩnh vực môi trường, hướng tới xây dựng “thành phố không carbon”"
    )
    for word in text.split():
        assert word in out, word
    for item in Q2_TASKS:
        assert re.search(rf"(?<![\w.]){re.escape(item)}(?![\w.])", out), item


def test_colours_carry_meaning():
    import datetime as dt

    from kehoach.cli.render_entries import style_for
    from kehoach.deadlines import Entry
    from kehoach.model import Plan

    plan = Plan("p", "1/KH", "", "", 2024, (2024,), False, {}, [], {}, [], [], [])

    def entry(status="planned", done_on=None):
        return Entry(plan, "task", "I.1", "x", [], [], "Quý II", dt.date(2024, 6, 30), status=status, done_on=done_on)

    assert style_for(entry(), dt.date(2024, 7, 1)) == "red"
    assert style_for(entry(), dt.date(2024, 6, 20)) == "yellow"
    assert style_for(entry(), dt.date(2024, 4, 1)) == ""
    assert style_for(entry("done", dt.date(2024, 6, 1)), dt.date(2024, 7, 1)) == "dim"


# ---------------------------------------------------------------------------------------------- errors


def test_a_quarter_that_does_not_exist(invoke):
    result = invoke("due", "--quarter", "V")
    assert result.exit_code == 2
    assert "quarter 'V' does not exist: use I, II, III, IV or 1-4" in result.stderr
    assert "Traceback" not in result.output


def test_an_unknown_agency_lists_the_closest_names(invoke):
    result = invoke("due", "--agency", "so ngoai giao")
    assert result.exit_code == 2
    assert "unknown agency 'so ngoai giao'" in result.stderr
    assert "closest: Sở Ngoại vụ" in result.stderr


def test_an_unknown_plan_lists_the_closest_names(invoke):
    result = invoke("due", "--plan", "59/KH-UBND")
    assert result.exit_code == 2
    assert "unknown plan '59/KH-UBND'" in result.stderr
    assert "closest:" in result.stderr and "58/KH-UBND" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "13"], "month 13 does not exist"),
        (["--month", "5", "--quarter", "I"], "month 5 is not in quarter I"),
        (["--today", "2024-13-01"], "is not a date"),
        (["--province", "Hà Nội"], "no plan for the province 'Hà Nội'"),
    ],
)
def test_other_bad_options(invoke, args, message):
    result = invoke("due", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_plan_by_id_number_or_short_number(invoke):
    by_number = ids(due58(invoke, "-q", "II", "--year", "2024"))
    for ref in ("brvt-58-2024", "58", "58/kh-ubnd"):
        result = invoke("due", "--plan", ref, "-q", "II", "--year", "2024", "--today", "2024-04-01", "-f", "json")
        assert ids(result) == by_number


def test_a_plans_directory_that_is_missing_or_a_file(invoke, tmp_path):
    missing = invoke("due", "--plans-dir", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2
    assert f"plans directory {tmp_path / 'nowhere'} does not exist" in missing.stderr
    afile = tmp_path / "plans.yaml"
    afile.write_text("kehoach: 1\n", encoding="utf-8")
    result = invoke("due", "--plans-dir", str(afile))
    assert result.exit_code == 2
    assert f"plans directory {afile} is not a folder" in result.stderr
