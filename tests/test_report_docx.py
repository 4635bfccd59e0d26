"""kehoach.render.report_docx: the Nghị định 30/2020 layout read back with python-docx, and a LibreOffice
conversion to PDF where LibreOffice is installed."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from conftest import PLANS
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from kehoach.render.report_docx import render_report_docx
from kehoach.repo import load_repo
from kehoach.reports import ANNUAL, SIX_MONTH, build_report


@pytest.fixture(scope="module")
def repo():
    return load_repo(PLANS)


@pytest.fixture(scope="module")
def six_month(repo):
    report = build_report(repo, repo.plan("58/KH-UBND"), SIX_MONTH, 2024, dt.date(2024, 5, 5), agency="Sở Du lịch")
    return report, render_report_docx(report)


def _doc(data: bytes):
    return Document(io.BytesIO(data))


def _runs(paragraph):
    return [r for r in paragraph.runs if r.text]


def test_page_setup(six_month):
    section = _doc(six_month[1]).sections[0]

    def mm(length) -> float:
        return round(length.mm, 1)

    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)


def test_page_numbers_from_page_two(six_month):
    section = _doc(six_month[1]).sections[0]
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    header = section.header.paragraphs[0]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    instr = [n.text for n in header._p.iter(qn("w:instrText"))]
    assert instr == [" PAGE "]
    kinds = [n.get(qn("w:fldCharType")) for n in header._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]


def test_fonts_and_body_paragraphs(six_month):
    report, data = six_month
    doc = _doc(data)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {"Times New Roman"}
    intro = next(p for p in doc.paragraphs if p.text == report.intro)
    fmt = intro.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert fmt.first_line_indent == Cm(1.27)
    assert fmt.space_after == Pt(6)
    assert all(r.font.size == Pt(14) and r.font.name == "Times New Roman" for r in _runs(intro))


def test_header_formatting(six_month):
    doc = _doc(six_month[1])
    header = doc.tables[0]
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}  # borderless
    parent, body = [p for p in header.cell(0, 0).paragraphs if p.text][:2]
    assert parent.text == "UBND TỈNH BÀ RỊA – VŨNG TÀU" and not _runs(parent)[0].bold
    assert _runs(parent)[0].font.size == Pt(12)
    assert body.text == "SỞ DU LỊCH" and _runs(body)[0].bold and _runs(body)[0].font.size == Pt(13)
    national, motto = header.cell(0, 1).paragraphs
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert _runs(national)[0].bold and _runs(national)[0].font.size == Pt(13)
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert _runs(motto)[0].bold and _runs(motto)[0].underline and _runs(motto)[0].font.size == Pt(14)
    place = header.cell(1, 1).paragraphs[0]
    assert _runs(place)[0].italic and place.alignment == WD_ALIGN_PARAGRAPH.CENTER
    title = next(p for p in doc.paragraphs if p.text == "BÁO CÁO")
    assert _runs(title)[0].bold and _runs(title)[0].font.size == Pt(14)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    subject = next(p for p in doc.paragraphs if p.text.startswith("Kết quả thực hiện 6 tháng đầu năm 2024"))
    assert _runs(subject)[0].bold and _runs(subject)[0].font.size == Pt(14)


def test_task_tables_have_borders_and_repeat_their_header(six_month):
    doc = _doc(six_month[1])
    tables = [t for t in doc.tables if t.cell(0, 0).text == "TT"]
    assert len(tables) == 2  # own tasks (running), co-operation; empty groups have no table
    for table in tables:
        assert table.style.name == "Table Grid"
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    row = tables[0].rows[1]
    assert row.cells[0].text == "1"  # numbered 1, 2, 3 within the group; the plan's id is under the text
    assert row.cells[1].paragraphs[-1].text == "(Mục II.1.4 của Kế hoạch)"
    assert row.cells[5].text == "Kết quả thực hiện: …\nTiến độ/Tỷ lệ hoàn thành: …"
    assert [r.cells[0].text for r in tables[0].rows[1:4]] == ["1", "2", "3"][: len(tables[0].rows) - 1]
    widths = [round(c.width.cm, 1) for c in tables[0].rows[1].cells]
    assert widths[5] > widths[2] and widths[5] > widths[3]  # Kết quả is wide: it is what staff fill in
    # the encoder's notes of the plan file are not report text
    assert not any("bị ngắt trang" in c.text for t in tables for r in t.rows for c in r.cells)


def test_the_deadline_line_is_a_property_not_body_text(six_month):
    doc = _doc(six_month[1])
    assert not any(p.text.startswith("Hạn gửi") for p in doc.paragraphs)
    assert doc.core_properties.comments.startswith("Hạn gửi: trước ngày 10/5/2024")


def test_recipients_and_signature(six_month):
    doc = _doc(six_month[1])
    left, right = doc.tables[-1].rows[0].cells
    label = left.paragraphs[0]
    assert label.text == "Nơi nhận:"
    assert _runs(label)[0].bold and _runs(label)[0].italic and _runs(label)[0].font.size == Pt(12)
    last = left.paragraphs[-1]
    assert last.text == "- Lưu: VT, …." and _runs(last)[0].font.size == Pt(11)  # ends with a full stop
    # a department's report is signed by its Giám đốc; the name is left to fill
    assert [p.text for p in right.paragraphs if p.text] == ["GIÁM ĐỐC", "…"]
    # the block is kept together: the row never splits, every paragraph but the last keeps with the next
    row = doc.tables[-1].rows[0]
    assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    for cell in (left, right):
        assert all(p.paragraph_format.keep_with_next for p in cell.paragraphs[:-1])
        assert all(p.paragraph_format.keep_together for p in cell.paragraphs)


def test_no_template_thumbnail(six_month):
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(six_month[1])).namelist()
    assert "docProps/thumbnail.jpeg" not in names
    assert "thumbnail" not in zipfile.ZipFile(io.BytesIO(six_month[1])).read("_rels/.rels").decode()


def test_consolidated_section_rows(repo):
    report = build_report(repo, repo.plan("58"), ANNUAL, 2024, dt.date(2024, 9, 20))
    doc = _doc(render_report_docx(report))
    table = next(t for t in doc.tables if t.cell(0, 0).text == "TT")
    first = table.rows[1].cells
    assert first[0]._tc is first[-1]._tc  # merged across the table
    assert first[0].text == "I. CÔNG TÁC ĐỐI NGOẠI ĐẢNG"
    assert table.rows[2].cells[0].text == "1"
    assert table.rows[2].cells[1].paragraphs[-1].text == "(Mục I.1 của Kế hoạch)"
    assert doc.core_properties.title == report.header.subject
    assert doc.core_properties.language == "vi-VN"


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    _soffice() is None,
    reason="LibreOffice (soffice/libreoffice) is not installed: the DOCX is only checked with python-docx",
)
def test_libreoffice_converts_it_to_pdf(six_month, tmp_path):
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(six_month[1])
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    pdf = tmp_path / "bao-cao.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr.decode(errors="replace")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
        text = text.decode("utf-8")
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Hạn gửi" not in text  # kept in the document properties only
        pages = text.split("\f")
        assert pages[1].strip().startswith("2")  # the page number at the top of page 2


def test_a_done_task_is_compact(repo):
    import dataclasses

    from kehoach.reports import Group
    from kehoach.status import DONE

    report = build_report(repo, repo.plan("58/KH-UBND"), SIX_MONTH, 2024, dt.date(2024, 5, 5), agency="Sở Du lịch")
    group = next(b for p in report.parts for b in p.blocks if isinstance(b, Group) and b.rows)
    group.rows[0] = dataclasses.replace(group.rows[0], status=DONE, support=["Sở Ngoại vụ"], details=[("Đối tác", "X")])
    doc = _doc(render_report_docx(report))
    table = next(t for t in doc.tables if t.cell(0, 0).text == "TT")
    cells = table.rows[1].cells
    assert [p.text for p in cells[1].paragraphs] == [group.rows[0].text, f"(Mục {group.rows[0].id} của Kế hoạch)"]
    assert cells[2].text == "Chủ trì: " + "; ".join(group.rows[0].lead)  # no co-operating agencies
    assert "Tiến độ" not in cells[5].text
