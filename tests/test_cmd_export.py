"""kehoach export: the plan's tables with the Vietnamese headers, as CSV, TSV or a workbook."""

from __future__ import annotations

import csv
import io

from conftest import PLAN58


def test_csv_on_stdout_is_laid_out_as_the_phu_luc(invoke):
    result = invoke("export", "58/KH-UBND", "--table", "tasks")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][0] == "Hoạt động đối ngoại năm 2024 của tỉnh Bà Rịa – Vũng Tàu"
    assert rows[1][0] == "(Kèm theo Kế hoạch số 58/KH-UBND ngày 11/3/2024 của Ủy ban nhân dân tỉnh Bà Rịa – Vũng Tàu)"
    assert rows[3] == [
        "TT",
        "Nhiệm vụ cụ thể",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian thực hiện",
        "Đối tác",
        "Quốc gia",
        "Căn cứ",
        "Nguồn kinh phí",
        "Tình trạng",
        "Ngày hoàn thành",
        "Kết quả",
        "Ghi chú",
    ]
    assert rows[5][9] == "Chưa thực hiện" and rows[4][9] == ""  # a task not started; a section row
    numbers = [r[0] for r in rows[4:]]
    assert numbers[:5] == ["I", "1", "II", "II.1", "1"]
    at = numbers.index("5")  # Với thành phố Padang: a heading with 5.1 … 5.3 under it, between 4 and 6
    assert numbers[at - 1 : at + 5] == ["4", "5", "5.1", "5.2", "5.3", "6"]
    assert len(rows) - 4 == 97 + 23
    padang = rows[4 + at]
    assert padang[1] == "Với thành phố Padang, Indonesia" and padang[2] == ""
    sakai = next(r for r in rows if r[1].startswith("Với thành phố Sakai"))
    assert sakai[2] == "Sở Tài nguyên và Môi trường; Sở Khoa học và Công nghệ; UBND huyện Côn Đảo"


def test_delegations_table(invoke):
    result = invoke("export", "brvt-58-2024", "--table", "delegations", "--format", "tsv")
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    header = rows[3]
    assert header[:4] == ["TT", "Đoàn ra/vào", "Cấp", "Nhóm"]
    first = dict(zip(header, rows[4], strict=True))
    assert first["TT"] == "DR.A.1" and first["Đoàn ra/vào"] == "Đoàn ra" and first["Cấp"] == "Cấp tỉnh"
    assert first["Kinh phí"] == "709.465.000" and first["Số người"] == "7"
    assert len(rows) - 4 == 15


def test_workbook_has_a_sheet_per_table_and_numbers_as_numbers(invoke, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "58.xlsx"
    assert invoke("export", "58", "-o", str(out)).exit_code == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["Nhiệm vụ", "Đoàn ra, đoàn vào"]
    ws = wb["Đoàn ra, đoàn vào"]
    header = [c.value for c in ws[4]]
    row = dict(zip(header, [c.value for c in ws[5]], strict=True))
    assert row["Kinh phí"] == 709465000 and row["Số người"] == 7
    assert ws.freeze_panes == "A5"


def test_a_workbook_needs_a_file_and_plan_files_are_not_overwritten(invoke, tmp_path):
    result = invoke("export", "58", "--format", "xlsx")
    assert result.exit_code == 2
    assert "add -o FILE.xlsx" in result.stderr
    before = PLAN58.read_bytes()
    result = invoke("export", "58", "-o", str(PLAN58))
    assert result.exit_code == 3
    assert PLAN58.read_bytes() == before
    copy = tmp_path / "58.yaml"
    copy.write_bytes(before)
    assert invoke("export", "58", "-o", str(copy), "--format", "csv").exit_code == 3
    assert invoke("export", "58", "-o", str(copy), "--format", "csv", "--force").exit_code == 0
    assert copy.read_text(encoding="utf-8-sig").startswith("Hoạt động đối ngoại năm 2024")


def test_csv_file_starts_with_a_byte_order_mark_for_excel(invoke, tmp_path):
    out = tmp_path / "binh-dinh.csv"
    assert invoke("export", "binhdinh-doi-ngoai-2022", "-o", str(out)).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "(Kèm theo Kế hoạch của Ủy ban nhân dân tỉnh Bình Định)" in raw.decode("utf-8-sig")


def test_an_id_the_numbering_cannot_give_goes_in_the_ma_column(invoke):
    """93/KH-UBND: section 2 holds a single task whose id is also 2."""
    result = invoke("export", "brvt-93-2024")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[3][:3] == ["TT", "Mã", "Nhiệm vụ cụ thể"]
    body = [(r[0], r[1]) for r in rows[4:]]
    assert body[body.index(("2", "")) + 1] == ("2.1", "2")
