"""kehoach import FILE.docx: a plan's tables read from Word as real documents lay them out — the plan's text
and the appendix title above the table, the header repeated at the top of the next part of a table split by a
page break, group rows merged across the table, a lead agency merged down over several rows, cells of several
paragraphs and empty spacer rows — give the same plan as the same table saved as CSV."""

from __future__ import annotations

import csv

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from kehoach.loader import load_document

HEADER = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]
# The table as a CSV holds it (one row per task; a merged cell's text in every row it covers).
CSV_ROWS = [
    ["I", "Công tác đối ngoại", "", "", ""],
    ["1", "Tổ chức đoàn công tác", "Sở Ngoại vụ", "Sở Tài chính; Sở Nội vụ", "Trước ngày 30/11/2025"],
    ["2", "Đón đoàn đối tác Nhật Bản", "Sở Ngoại vụ", "Công an tỉnh", "Quý III/2025"],
    ["3", "Tổng kết năm", "Sở Ngoại vụ", "", "Tháng 12/2025"],
    ["II", "Xúc tiến đầu tư", "", "", ""],
    ["1", "Hội nghị xúc tiến", "Sở Tài chính", "Sở Ngoại vụ", "Quý IV/2025"],
    ["2", "Ấn phẩm giới thiệu", "Sở Văn hóa, Thể thao và Du lịch", "", "Năm 2025"],
]
TITLE = "Danh mục nhiệm vụ công tác đối ngoại năm 2025"
REF = "(Kèm theo Kế hoạch số 123/KH-UBND ngày 18 tháng 11 năm 2025 của UBND tỉnh Quảng Ninh)"


def write_csv(path):
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([TITLE])
        w.writerow([REF])
        w.writerow(HEADER)
        w.writerows(CSV_ROWS)


def repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def fill(cell, *paragraphs: str) -> None:
    cell.text = paragraphs[0]
    for text in paragraphs[1:]:
        cell.add_paragraph(text)


def new_table(doc, rows: int):
    table = doc.add_table(rows=rows, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    repeat_header(table.rows[0])
    numbers = table.rows[1].cells  # the column-number row under the header
    for n, cell in enumerate(numbers, start=1):
        cell.text = str(n)
    return table


def write_docx(path, whole_plan: bool) -> None:
    doc = Document()
    if whole_plan:  # the plan's own text, letterhead in a table, before the appendix
        head = doc.add_table(rows=1, cols=2)
        fill(head.cell(0, 0), "ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NINH", "Số: 123/KH-UBND")
        fill(head.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
        doc.add_paragraph("Quảng Ninh, ngày 18 tháng 11 năm 2025")
        doc.add_paragraph("KẾ HOẠCH")
        doc.add_paragraph("Công tác đối ngoại năm 2025")
        doc.add_paragraph("Thực hiện Kế hoạch số 7/KH-UBND của Ủy ban nhân dân tỉnh, Ủy ban nhân dân tỉnh ban hành …")
        doc.add_paragraph("1. Sở Ngoại vụ chủ trì, theo dõi, đôn đốc thực hiện Kế hoạch này.")
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph(TITLE)
    doc.add_paragraph(REF)
    # part 1: header, column numbers, group row I merged across, a lead merged down over tasks 1–3,
    # multi-paragraph cells, an empty spacer row
    t1 = new_table(doc, 7)
    group = t1.cell(2, 0).merge(t1.cell(2, 4))
    group.text = "I. Công tác đối ngoại"
    for r, row in enumerate(CSV_ROWS[1:4], start=3):
        cells = t1.rows[r].cells
        cells[0].text, cells[1].text = row[0], row[1]
    t1.cell(3, 2).merge(t1.cell(5, 2)).text = "Sở Ngoại vụ"
    fill(t1.cell(3, 3), "Sở Tài chính;", "Sở Nội vụ")
    fill(t1.cell(3, 4), "Trước ngày", "30/11/2025")
    t1.cell(4, 3).text = "Công an tỉnh"
    fill(t1.cell(4, 4), "Quý III/2025")
    t1.cell(5, 4).text = "Tháng 12/2025"
    # row 6 stays empty: a spacer
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    # part 2 after a page break: the header and column numbers repeated as rows, then group II
    t2 = new_table(doc, 5)
    t2.cell(2, 0).text = "II"
    t2.cell(2, 1).merge(t2.cell(2, 4)).text = "Xúc tiến đầu tư"
    for r, row in enumerate(CSV_ROWS[5:], start=3):
        for c, value in enumerate(row):
            t2.cell(r, c).text = value
    fill(t2.cell(4, 2), "Sở Văn hóa, Thể thao", "và Du lịch")
    if whole_plan:
        sign = doc.add_table(rows=1, cols=2)
        fill(sign.cell(0, 0), "Nơi nhận:", "- Như trên;", "- Lưu: VT.")
        fill(sign.cell(0, 1), "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    doc.save(str(path))


def plan_of(invoke, path, out, *extra):
    result = invoke("import", str(path), "--plan-id", "qn-123-2025", "-o", str(out), *extra)
    assert result.exit_code == 0, result.stderr
    return result


@pytest.mark.parametrize("whole_plan", [False, True], ids=["appendix", "whole-plan"])
def test_a_word_table_imports_to_the_same_plan_as_the_csv(invoke, tmp_path, whole_plan):
    write_csv(tmp_path / "bang.csv")
    write_docx(tmp_path / "bang.docx", whole_plan)
    plan_of(invoke, tmp_path / "bang.csv", tmp_path / "from-csv.yaml")
    result = plan_of(invoke, tmp_path / "bang.docx", tmp_path / "from-docx.yaml")
    from_csv = load_document(tmp_path / "from-csv.yaml").data
    from_docx = load_document(tmp_path / "from-docx.yaml").data
    assert from_docx["sections"] == from_csv["sections"]
    meta = from_docx["plan"]
    assert (meta["number"], str(meta["issued"]), meta["province"], meta["year"]) == (
        "123/KH-UBND",
        "2025-11-18",
        "Quảng Ninh",
        2025,
    )
    if not whole_plan:
        assert from_docx == from_csv
        assert (tmp_path / "from-docx.yaml").read_text(encoding="utf-8") == (tmp_path / "from-csv.yaml").read_text(
            encoding="utf-8"
        )
    # diagnostics point at the Word table and its row: the lead merged down from task 1 over tasks 2 and 3
    stderr = result.stderr.replace(str(tmp_path) + "/", "")
    n = 2 if whole_plan else 1  # the letterhead is the plan's first table
    if whole_plan:  # the signature block after the appendix is a table of other columns: said, not imported
        assert "bang.docx[table 4]:1:0: warning KH622: row 1: the 1 row(s) of this Word table" in stderr
    assert f"bang.docx[table {n}]:5:3: warning KH625: C5: the merged cells C4:C6 give this row" in stderr
    assert f"bang.docx[table {n}]:6:3: warning KH625: C6: the merged cells C4:C6 give this row" in stderr
    items = {i["id"]: i for s in from_docx["sections"] for i in s.get("items", [])}
    assert items["I.1"]["when"] == "Trước ngày 30/11/2025"
    assert items["I.1"]["support"] == ["Sở Tài chính", "Sở Nội vụ"]
    assert [items[k]["lead"] for k in ("I.1", "I.2", "I.3")] == [["Sở Ngoại vụ"]] * 3
    assert items["II.2"]["lead"] == ["Sở Văn hóa, Thể thao và Du lịch"]


def test_table_option_and_a_diagnostic_in_a_word_table(invoke, tmp_path):
    doc = Document()
    doc.add_paragraph("Kèm theo Kế hoạch số 5/KH-UBND ngày 2/1/2025 của UBND tỉnh Lào Cai")
    for n, when in enumerate(("Quý I", "sắp tới"), start=1):
        # two tables with the same header: the caption between them makes the second a table of its own
        doc.add_paragraph(f"Phụ lục {n}")
        t = doc.add_table(rows=2, cols=4)
        for cell, text in zip(t.rows[0].cells, ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"], strict=True):
            cell.text = text
        for cell, text in zip(t.rows[1].cells, ["1", "Việc", "Sở Ngoại vụ", when], strict=True):
            cell.text = text
    path = tmp_path / "hai-bang.docx"
    doc.save(str(path))
    assert invoke("import", str(path), "--table", "1").exit_code == 0
    bad = invoke("import", str(path), "--table", "2")
    assert bad.exit_code == 1
    assert f"{path}[table 2]:2:4: error KH301: D2:" in bad.stderr
    assert invoke("import", str(path), "--table", "3").exit_code == 2


@pytest.mark.parametrize("suffix", [".doc", ".pdf"])
def test_an_old_word_file_or_a_pdf_gets_the_hint_to_save_as_docx(invoke, tmp_path, suffix):
    path = tmp_path / f"ke-hoach{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not read")
    result = invoke("import", str(path))
    assert result.exit_code == 2
    assert "save it as .docx" in result.stderr
