"""A report skeleton as a Word document laid out as Nghị định 30/2020/NĐ-CP asks (Phụ lục I, mẫu 1.4).

A4 portrait, Times New Roman; margins top/bottom 20 mm, left 30 mm, right 15 mm. The header is a borderless
two-column table: parent body (regular capitals, 12 pt), issuing body (bold capitals) over a short rule and
"Số: …/BC-…" on the left; the Quốc hiệu (bold capitals, 13 pt), the Tiêu ngữ (bold, underlined, 14 pt) and
the place and date (italic, 14 pt) on the right, the number and the date on the same row. "BÁO CÁO" and the
subject line bold 14 pt, centred; body 14 pt, justified, first-line indent 1.27 cm, 6 pt after each
paragraph; task tables with borders (12 pt); "Nơi nhận:" bold italic 12 pt with the list in 11 pt; page
numbers centred in the top margin from page 2 (a different first-page header and a PAGE field).
python-docx is imported lazily: only this renderer needs it.
"""

from __future__ import annotations

import datetime as dt
import io

from kehoach.reports import BLANK, Group, Heading, Part, Report, Row, Table
from kehoach.status import DONE
from kehoach.text import visible

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
FIRST_LINE_CM = 1.27
# Task table columns (cm): 16.5 cm of text width between the 30 mm and 15 mm margins.
# TT holds 1, 2, 3 … within each group (the plan's own id is a line under the task text), so it is narrow;
# Kết quả is the widest column after Nội dung: it is what staff fill in.
TASK_COLUMNS = [
    ("TT", 0.9),
    ("Nội dung", 4.4),
    ("Chủ trì, phối hợp", 2.5),
    ("Thời gian, hạn", 2.0),
    ("Tình trạng", 1.8),
    ("Kết quả thực hiện", 4.9),
]
# The head of a department (Sở) is its Giám đốc (Nghị định 24/2014/NĐ-CP, Điều 6, amended by Nghị định
# 107/2020/NĐ-CP); Nghị định 30/2020/NĐ-CP puts the signer's authority and title above the signature.
DEPARTMENT_SIGNER = "GIÁM ĐỐC"
TEXT_WIDTH_CM = 16.5


def render_report_docx(report: Report) -> bytes:
    """The report as the bytes of a .docx file."""
    from docx import Document

    doc = Document()
    _page_setup(doc)
    _styles(doc)
    _properties(doc, report)
    _header_block(doc, report)
    _body_paragraph(doc, report.intro)
    for part in report.parts:
        _part(doc, part, report)
    _signature(doc, report)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------- set-up


def _page_setup(doc) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    # Page numbers from page 2: the first page has its own, empty header.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    first = section.first_page_header.paragraphs[0]
    _format(first, align="center", indent=False, after=0)
    header = section.header
    header.is_linked_to_previous = False
    para = header.paragraphs[0]
    _format(para, align="center", indent=False, after=0)
    _page_field(para)


def _styles(doc) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _font_all_scripts(normal.element.get_or_add_rPr())
    fmt = normal.paragraph_format
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING

    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(FIRST_LINE_CM)
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # Vietnamese for spelling and hyphenation, in every run by default.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(qn("w:val"), "vi-VN")
            _font_all_scripts(rpr)


def _font_all_scripts(rpr) -> None:
    """Times New Roman for Latin, complex and East Asian scripts alike (no theme fonts)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _properties(doc, report: Report) -> None:
    # The blank template's thumbnail would show a stranger's page in file browsers: drop it.
    rels = doc.part.package.rels
    for key, rel in list(rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            del rels[key]
    props = doc.core_properties
    props.title = visible(report.header.subject)[:250]
    props.subject = visible(f"{report.header.doc_type} {report.plan_number or report.plan_id}")
    props.author = visible(report.agency)
    props.last_modified_by = visible(report.agency)
    props.language = "vi-VN"
    props.keywords = visible(f"kehoach; {report.kind}; {report.plan_id}; {report.year}")
    props.comments = visible(report.header.deadline_line)
    stamp = dt.datetime(report.today.year, report.today.month, report.today.day)
    props.created = props.modified = stamp
    props.revision = 1


# ---------------------------------------------------------------------------------------------- helpers


def _format(
    para,
    align: str = "justify",
    indent: bool = True,
    after: float = 6,
    before: float = 0,
    keep_next: bool = False,
    left_cm: float | None = None,
):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    fmt = para.paragraph_format
    fmt.alignment = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
    }[align]
    fmt.first_line_indent = Cm(FIRST_LINE_CM) if indent else Cm(0)
    if left_cm is not None:
        fmt.left_indent = Cm(left_cm)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if keep_next:
        fmt.keep_with_next = True
    return para


def _run(
    para,
    text: str,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    caps: bool = False,
):
    from docx.shared import Pt

    text = visible(text)  # a control character is not allowed in a Word document's XML
    run = para.add_run(text.upper() if caps else text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic = bold or None, italic or None
    if underline:
        run.underline = True
    _font_all_scripts(run._element.get_or_add_rPr())
    return run


def _body_paragraph(
    doc, text: str, bold: bool = False, italic: bool = False, keep_next: bool = False, outline: int | None = None
):
    para = _format(doc.add_paragraph(), keep_next=keep_next)
    _run(para, text, bold=bold, italic=italic)
    if outline is not None:
        _outline(para, outline)
    return para


def _outline(para, level: int) -> None:
    """Mark a bold body paragraph as a heading for Word's navigation pane without a heading style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = para._p.get_or_add_pPr()
    node = OxmlElement("w:outlineLvl")
    node.set(qn("w:val"), str(level))
    ppr.append(node)


def _page_field(para) -> None:
    """A PAGE field: begin, instruction, separate, cached result, end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field_char(kind: str):
        run = _run(para, "", size=BODY_PT)
        node = OxmlElement("w:fldChar")
        node.set(qn("w:fldCharType"), kind)
        run._r.append(node)

    field_char("begin")
    run = _run(para, "", size=BODY_PT)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._r.append(instr)
    field_char("separate")
    _run(para, "2", size=BODY_PT)
    field_char("end")


def _rule(cell_or_doc, width_cm: float, container_cm: float, after: float = 0) -> None:
    """A short horizontal rule, centred: an empty paragraph with a bottom border, indented on both sides."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    para = cell_or_doc.add_paragraph()
    _format(para, align="center", indent=False, after=after)
    side = max((container_cm - width_cm) / 2, 0)
    para.paragraph_format.left_indent = Cm(side)
    para.paragraph_format.right_indent = Cm(side)
    para.paragraph_format.line_spacing = Pt(2)
    ppr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)
    _run(para, "", size=2)


def _table(doc, widths_cm: list[float], rows: int = 0, borders: bool = True):
    """A table with fixed column widths (both in the grid, for LibreOffice, and on every cell, for Word)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = doc.add_table(rows=rows, cols=len(widths_cm))
    if borders:
        table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(sum(widths_cm) * 567)))
    width.set(qn("w:type"), "dxa")
    for old in tblpr.findall(qn("w:tblW")):
        tblpr.remove(old)
    tblpr.append(width)
    if not borders:
        node = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            child = OxmlElement(f"w:{edge}")
            child.set(qn("w:val"), "nil")
            node.append(child)
        tblpr.append(node)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        child = OxmlElement(f"w:{edge}")
        child.set(qn("w:w"), "57" if borders else "0")
        child.set(qn("w:type"), "dxa")
        margins.append(child)
    tblpr.append(margins)
    for col, w in zip(table.columns, widths_cm, strict=True):
        col.width = Cm(w)
    table._widths = widths_cm
    return table


def _add_row(table):
    from docx.shared import Cm

    row = table.add_row()
    for cell, w in zip(row.cells, table._widths, strict=True):
        cell.width = Cm(w)
    return row


def _cell_text(
    cell, lines: list[str] | str, size: float = TABLE_PT, bold: bool = False, italic: bool = False, align: str = "left"
) -> None:
    """Fill a cell: one paragraph per line; the cell's own first paragraph is reused."""
    if isinstance(lines, str):
        lines = [lines]
    first = True
    for line in lines or [""]:
        para = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        _format(para, align=align, indent=False, after=0)
        _run(para, line, size=size, bold=bold, italic=italic)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    node = OxmlElement("w:tblHeader")
    node.set(qn("w:val"), "true")
    trpr.append(node)


def _cant_split(row) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


# ---------------------------------------------------------------------------------------------- header


def _header_block(doc, report: Report) -> None:
    h = report.header
    left_w, right_w = 7.2, 9.8  # 17 cm: a little wider than the text, as printed headers usually are
    table = _table(doc, [left_w, right_w], rows=0, borders=False)
    top, bottom = _add_row(table), _add_row(table)
    left, right = top.cells
    if h.parent_body:
        _cell_text(left, h.parent_body, size=12, align="center")
        para = left.add_paragraph()
    else:
        para = left.paragraphs[0]
    _format(para, align="center", indent=False, after=0)
    _run(para, h.issuing_body, size=13, bold=True)
    _rule(left, 2.0, left_w)
    _cell_text(right, h.national_name, size=13, bold=True, align="center")
    para = _format(right.add_paragraph(), align="center", indent=False, after=0)
    _run(para, h.motto, size=14, bold=True, underline=True)
    _cell_text(bottom.cells[0], h.number, size=13, align="center")
    _cell_text(bottom.cells[1], h.place_date, size=14, italic=True, align="center")
    for cell in bottom.cells:
        cell.paragraphs[0].paragraph_format.space_before = _pt(6)

    para = _format(doc.add_paragraph(), align="center", indent=False, after=0, before=18)
    _run(para, h.doc_type, size=14, bold=True)
    para = _format(doc.add_paragraph(), align="center", indent=False, after=0)
    _run(para, h.subject, size=14, bold=True)
    _rule(doc, 4.0, TEXT_WIDTH_CM, after=12)
    # "Hạn gửi: …" is for the one who writes the report, not for its reader: it is kept in the document
    # properties (Comments), never in the body.


def _pt(value: float):
    from docx.shared import Pt

    return Pt(value)


# ---------------------------------------------------------------------------------------------- body


def _part(doc, part: Part, report: Report) -> None:
    _body_paragraph(doc, f"{part.number}. {part.title}", bold=True, keep_next=True, outline=0)
    for block in part.blocks:
        if isinstance(block, Group):
            _group(doc, block, report)
        elif isinstance(block, Table):
            _summary_table(doc, block)
        elif isinstance(block, Heading):
            _body_paragraph(doc, block.text, bold=True, keep_next=True, outline=1)
        else:
            _body_paragraph(doc, block)


def _group(doc, group: Group, report: Report) -> None:
    _body_paragraph(doc, group.title, bold=True, keep_next=True, outline=1)
    if not group.rows:
        _body_paragraph(doc, group.empty_text, italic=True)
        return
    if group.kind == "carry-over":
        for row in group.rows:
            lead = "; ".join(row.lead) or BLANK
            _body_paragraph(doc, f"- {row.id}. {row.text} (chủ trì: {lead}; {row.time_text}; {row.state_text}).")
        return
    table = _table(doc, [w for _, w in TASK_COLUMNS])
    head = _add_row(table)
    last_title = (
        "Kết quả phối hợp"
        if group.kind == "cooperating"
        else ("Kết quả chuyến công tác" if group.kind == "delegations" else "Kết quả thực hiện, tiến độ")
    )
    titles = [t for t, _ in TASK_COLUMNS[:-1]] + [last_title]
    for cell, title in zip(head.cells, titles, strict=True):
        _cell_text(cell, title, bold=True, align="center")
    _repeat_header(head)
    shown: tuple = ()
    for n, row in enumerate(group.rows, start=1):
        if group.by_section:
            for depth, (sid, title) in enumerate(row.section):
                if shown[: depth + 1] != tuple(row.section[: depth + 1]):
                    _section_row(table, f"{sid}. {title}")
            shown = tuple(row.section)
        _task_row(table, row, report, n)
    doc.add_paragraph().paragraph_format.space_after = _pt(0)


def _section_row(table, text: str) -> None:
    row = _add_row(table)
    merged = row.cells[0].merge(row.cells[-1])
    _cell_text(merged, text, bold=True)
    _cant_split(row)


def _task_row(table, row: Row, report: Report, number: int) -> None:
    """One task: TT numbered within its group, the plan's id under the text. The plan file's ``notes`` are
    the encoder's notes (data entry), not report text: they stay out. A task done is compact: its text,
    the lead, and the result line only."""
    table_row = _add_row(table)
    _cant_split(table_row)  # a task never breaks across pages
    cells = table_row.cells
    done = row.status == DONE
    _cell_text(cells[0], str(number), align="center")
    details = [] if done else [f"{label}: {value}" for label, value in row.details if label != "Thời gian"]
    content = [row.text, *details, f"(Mục {row.id} của Kế hoạch)"]
    _cell_text(cells[1], content[0])
    for line in content[1:]:
        para = _format(cells[1].add_paragraph(), align="left", indent=False, after=0)
        _run(para, line, size=TABLE_PT - 1, italic=True)
    agencies = ["Chủ trì: " + ("; ".join(row.lead) or BLANK)]
    if row.support and not done:
        agencies.append("Phối hợp: " + "; ".join(row.support))
    _cell_text(cells[2], agencies)
    _cell_text(cells[3], row.time_text)
    _cell_text(cells[4], row.state_text)
    result = [f"{row.result_label}: " + (row.results[0] if row.results else BLANK)] + row.results[1:]
    if row.kind == "task" and row.result_label == "Kết quả thực hiện" and not done:
        result.append(f"Tiến độ/Tỷ lệ hoàn thành: {row.progress or BLANK}")
    _cell_text(cells[5], result)


def _summary_table(doc, block: Table) -> None:
    _body_paragraph(doc, block.title, italic=True, keep_next=True)
    first = 4.1
    rest = (TEXT_WIDTH_CM - first) / (len(block.columns) - 1)
    table = _table(doc, [first] + [rest] * (len(block.columns) - 1))
    head = _add_row(table)
    for cell, title in zip(head.cells, block.columns, strict=True):
        _cell_text(cell, title, size=11, bold=True, align="center")
    _repeat_header(head)
    for values in block.rows:
        row = _add_row(table)
        _cant_split(row)
        for i, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            _cell_text(cell, str(value), size=11, bold=values[0] == "Tổng cộng", align="left" if i == 0 else "center")
    if len(block.rows) <= 10:  # a short table stays on one page: every row keeps with the next
        for row in table.rows[:-1]:
            for cell in row.cells:
                for para in cell.paragraphs:
                    para.paragraph_format.keep_with_next = True
    doc.add_paragraph().paragraph_format.space_after = _pt(0)


def signer_title(report: Report) -> str:
    """The signer's title: the report's own, else GIÁM ĐỐC for a department (Sở), else blank to fill."""
    if report.signer_title and report.signer_title != BLANK:
        return report.signer_title
    if report.header.issuing_body.upper().startswith("SỞ "):
        return DEPARTMENT_SIGNER
    return report.signer_title


def recipient_lines(report: Report) -> list[str]:
    """The 'Nơi nhận' list; the last line ('- Lưu: VT, …') ends with a full stop (Nghị định 30/2020/NĐ-CP)."""
    lines = list(report.recipients)
    if lines and not lines[-1].endswith("."):
        lines[-1] += "."
    return lines


def _signature(doc, report: Report) -> None:
    """Nơi nhận and the signature: one row that never splits, every paragraph kept with the next, and the
    paragraph above kept with it, so the signature block is never alone on a page nor cut in two."""
    if doc.paragraphs:
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    table = _table(doc, [7.5, 9.0], rows=0, borders=False)
    row = _add_row(table)
    _cant_split(row)
    left, right = row.cells
    _cell_text(left, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in recipient_lines(report):
        para = _format(left.add_paragraph(), align="left", indent=False, after=0)
        _run(para, line, size=11)
    _cell_text(right, signer_title(report), size=14, bold=True, align="center")
    for _ in range(4):
        _format(right.add_paragraph(), align="center", indent=False, after=0)
    para = _format(right.add_paragraph(), align="center", indent=False, after=0)
    _run(para, report.signer_name, size=14, bold=True)
    left.paragraphs[0].paragraph_format.space_before = _pt(12)
    right.paragraphs[0].paragraph_format.space_before = _pt(12)
    for cell in (left, right):
        for para in cell.paragraphs:
            para.paragraph_format.keep_together = True
            para.paragraph_format.keep_with_next = para is not cell.paragraphs[-1]
