"""kehoach import --update: a plan updated from its exported table, losing nothing; and the exported workbook
as a tracker (drop-down, autofilter, conditional formats, print set-up) read back with openpyxl."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess

import pytest
from conftest import PLANS
from openpyxl import load_workbook

from kehoach.loader import load_document

PLAN = "ba-ria-vung-tau/58-kh-ubnd-2024.yaml"


@pytest.fixture
def repo(tmp_path):
    """A git repository holding a copy of the shipped plans."""
    root = tmp_path / "repo"
    shutil.copytree(PLANS, root / "plans")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=root, check=True)
    return root


def git_diff(root) -> list[str]:
    out = subprocess.run(["git", "diff", "-U0"], cwd=root, check=True, capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def columns(ws, header_row: int = 4) -> dict[str, int]:
    return {c.value: c.column for c in ws[header_row] if c.value}


def row_of(ws, text_start: str) -> int:
    return next(r[0].row for r in ws.iter_rows(min_row=5) if str(r[1].value or "").startswith(text_start))


def test_one_status_cell_changed_in_excel_is_one_edit_of_the_plan(invoke, repo):
    plans = repo / "plans"
    book = repo / "58.xlsx"
    assert invoke("export", "58/KH-UBND", "-o", str(book), "--plans-dir", str(plans)).exit_code == 0
    wb = load_workbook(book)
    ws = wb["Nhiệm vụ"]
    col = columns(ws)
    sakai = row_of(ws, "Với thành phố Sakai")  # task II.1.2
    ws.cell(sakai, col["Tình trạng"]).value = "Hoàn thành"
    ws.cell(sakai, col["Ngày hoàn thành"]).value = dt.date(2024, 5, 2)
    wb.save(book)
    before = (plans / PLAN).read_bytes()

    dry = invoke("import", str(book), "--update", "--dry-run", "--plans-dir", str(plans))
    assert dry.exit_code == 0, dry.stderr
    assert (plans / PLAN).read_bytes() == before  # --dry-run writes nothing
    assert "II.1.2" in dry.stdout and "status: planned (chưa thực hiện) → done (hoàn thành)" in dry.stdout
    assert "would update" in dry.stderr

    result = invoke("import", str(book), "--update", "--plans-dir", str(plans))
    assert result.exit_code == 0, result.stderr
    assert git_diff(repo) == ["+            status: done", "+            done_on: 2024-05-02"]
    old = load_document(PLANS / PLAN).data
    new = load_document(plans / PLAN).data
    assert new["reporting"] == old["reporting"] and new["plan"] == old["plan"]
    # the same workbook again changes nothing
    again = invoke("import", str(book), "--update", "--plans-dir", str(plans))
    assert again.exit_code == 0 and "changes nothing" in again.stderr


def test_result_cell_becomes_a_progress_entry_and_a_done_task_without_date_is_done_today(invoke, repo):
    plans = repo / "plans"
    book = repo / "58.xlsx"
    invoke("export", "58/KH-UBND", "-o", str(book), "--plans-dir", str(plans))
    wb = load_workbook(book)
    ws = wb["Nhiệm vụ"]
    col = columns(ws)
    sakai = row_of(ws, "Với thành phố Sakai")
    ws.cell(sakai, col["Tình trạng"]).value = "Hoàn thành"
    ws.cell(sakai, col["Kết quả"]).value = "Đã ký Chương trình hành động"
    wb.save(book)
    result = invoke("import", str(book), "--update", "--plans-dir", str(plans), "--today", "2024-06-03")
    assert result.exit_code == 0, result.stderr
    assert git_diff(repo) == [
        "+            status: done",
        "+            done_on: 2024-06-03",
        "+            progress:",
        "+              - date: 2024-06-03",
        "+                note: Đã ký Chương trình hành động",
    ]


def test_rows_added_and_missing_in_a_csv_and_prune(invoke, repo, tmp_path):
    plans = repo / "plans"
    out = invoke("export", "58/KH-UBND", "--table", "tasks", "--plans-dir", str(plans))
    rows = list(csv.reader(io.StringIO(out.stdout)))
    header = rows[3]
    first_task = next(i for i, r in enumerate(rows) if r[0] == "1")  # I.1, the first task under section I
    last_of_i = next(i for i, r in enumerate(rows) if r[0] == "II") - 1
    new = [""] * len(header)
    new[0], new[1], new[2], new[4] = "99", "Việc mới thêm", "Sở Ngoại vụ", "Quý IV"
    rows.insert(last_of_i + 1, new)
    del rows[first_task]
    table = tmp_path / "58.csv"
    with table.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    result = invoke("import", str(table), "--update", "--plans-dir", str(plans))
    assert result.exit_code == 0, result.stderr
    assert "warning KH635: 'I.1' is in the plan but not in the table; it is kept" in result.stderr
    data = load_document(plans / PLAN).data
    items = [i["id"] for i in data["sections"][0]["items"]]
    assert items == ["I.1", "I.99"]
    assert data["sections"][0]["items"][1] == {
        "id": "I.99",
        "task": "Việc mới thêm",
        "lead": ["Sở Ngoại vụ"],
        "when": "Quý IV",
    }
    pruned = invoke("import", str(table), "--update", "--prune", "--plans-dir", str(plans))
    assert pruned.exit_code == 0, pruned.stderr
    assert [i["id"] for i in load_document(plans / PLAN).data["sections"][0]["items"]] == ["I.99"]
    assert [line[:1] for line in git_diff(repo)].count("-") >= 5  # the removed task's lines


def test_a_plain_force_import_over_a_plan_says_what_it_loses(invoke, repo):
    plans = repo / "plans"
    book = repo / "58.xlsx"
    invoke("export", "58/KH-UBND", "-o", str(book), "--plans-dir", str(plans))
    result = invoke(
        "import", str(book), "--plan-id", "brvt-58-2024", "-o", str(plans / PLAN), "--force", "--plans-dir", str(plans)
    )
    line = next(x for x in result.stderr.splitlines() if "KH636" in x)
    assert "loses: reporting (" in line and "plan." in line
    assert "--update" in result.stderr


def test_the_workbook_is_a_tracker(invoke, tmp_path):
    book = tmp_path / "58.xlsx"
    assert invoke("export", "58/KH-UBND", "-o", str(book)).exit_code == 0
    wb = load_workbook(book)
    assert wb.properties.identifier == "brvt-58-2024"
    ws = wb["Nhiệm vụ"]
    col = columns(ws)
    assert list(col)[4:7] == ["Thời gian thực hiện", "Hạn", "Còn / trễ (ngày)"]
    assert {"Tình trạng", "Ngày hoàn thành", "Kết quả"} <= set(col)
    letter = {h: ws.cell(4, c).column_letter for h, c in col.items()}
    last = ws.max_row
    # the drop-down of statuses on the Tình trạng column
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1
    assert lists[0].formula1 == '"Chưa thực hiện,Đang thực hiện,Hoàn thành,Hủy,Tạm hoãn"'
    assert str(lists[0].sqref) == f"{letter['Tình trạng']}5:{letter['Tình trạng']}{last}"
    assert ws.auto_filter.ref == f"A4:{ws.cell(4, len(col)).column_letter}{last}"
    assert ws.freeze_panes == "A5"
    assert ws.print_title_rows == "$4:$4"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    # overdue red, due within the remind days amber, done green
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    formulas = [rule.formula[0] for rule in rules]
    h, st = f"${letter['Hạn']}5", f"${letter['Tình trạng']}5"
    assert formulas == [
        f'{st}="Hoàn thành"',
        f'AND(ISNUMBER({h}),{h}<TODAY(),{st}<>"Hoàn thành",{st}<>"Hủy")',
        f'AND(ISNUMBER({h}),{h}>=TODAY(),{h}-TODAY()<=14,{st}<>"Hoàn thành",{st}<>"Hủy")',
    ]
    assert [r.dxf.fill.bgColor.rgb[-6:] for r in rules] == ["C6EFCE", "F8CBAD", "FFE699"]
    # Sakai (II.1.2, "Quý II" of 2024): its deadline is 30/06/2024, a real date shown dd/mm/yyyy
    sakai = row_of(ws, "Với thành phố Sakai")
    deadline = ws.cell(sakai, col["Hạn"])
    assert deadline.value.date() == dt.date(2024, 6, 30) and deadline.number_format == "dd/mm/yyyy"
    assert ws.cell(sakai, col["Còn / trễ (ngày)"]).value.startswith("=IF(")
    assert ws.cell(sakai, col["Tình trạng"]).value == "Chưa thực hiện"
    assert ws.cell(sakai, 2).font.name == "Times New Roman"
    assert ws.cell(sakai, 2).border.left.style == "thin"


def test_a_csv_file_for_excel_has_a_byte_order_mark(invoke, tmp_path):
    out = tmp_path / "58.csv"
    assert invoke("export", "58/KH-UBND", "--format", "csv", "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
