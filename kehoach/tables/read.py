"""Read a table file (CSV/TSV as copied from Word or Excel, XLSX, DOCX) into raw tables: rows of text cells,
with the cells that came from a merged range marked. The size caps of ``kehoach.limits`` apply to every
reader."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kehoach.diagnostics import Diagnostic
from kehoach.errors import PlanDataError, UsageError
from kehoach.text import fold, line_col, nfc

TABLE_SUFFIXES = (".csv", ".tsv", ".tab", ".txt", ".xlsx", ".xlsm", ".docx")


# -- raw tables -------------------------------------------------------------------------------------------
@dataclass
class RawRow:
    number: int  # 1-based row in the file or sheet (a CSV record that spans lines counts once)
    cells: list[str]
    merged: dict[int, str] = field(default_factory=dict)  # column index -> merged range it was copied from
    # .docx: where the row is shown in diagnostics (the document's table and its row), whether the row is a
    # paragraph of body text (never a table row), and the Word table it came from with its grid width
    where: tuple[str, int] | None = None
    para: bool = False
    source: tuple[int, int] | None = None

    def cell(self, col: int | None) -> str:
        return self.cells[col] if col is not None and col < len(self.cells) else ""

    @property
    def texts(self) -> list[str]:
        return [c for c in self.cells if c]


@dataclass
class RawTable:
    name: str  # as shown in diagnostics: "tasks.csv" or "plan.xlsx[Nhiệm vụ]"
    rows: list[RawRow]
    plan_id: str | None = None  # the plan a workbook says it was exported from (its "identifier" property)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _clean_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if not (value.hour or value.minute or value.second) else value
    if isinstance(value, dt.date):
        return value.isoformat()
    text = nfc(str(value)).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return text.strip()


def read_tables(
    path: Path, sheet: str | None = None, delimiter: str | None = None, display: str | None = None
) -> list[RawTable]:
    """The raw tables in ``path``: one for a CSV/TSV file, one per sheet of a workbook."""
    from kehoach.limits import LimitError, check_table_file

    path = Path(path)
    display = display or path.name
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    try:
        check_table_file(path)
        return _read_tables(path, sheet, delimiter, display)
    except LimitError as exc:  # kehoach.limits: the same caps for every reader
        raise PlanDataError(
            f"{display}: over a size limit",
            [Diagnostic(exc.code, exc.message, display, exc.line, 1 if exc.line else None)],
        ) from None


def _read_tables(path: Path, sheet: str | None, delimiter: str | None, display: str) -> list[RawTable]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet, display)
    if suffix == ".docx":
        if sheet:
            raise UsageError("--sheet applies to .xlsx workbooks only")
        return [_read_docx(path, display)]
    if suffix in (".doc", ".pdf", ".rtf", ".odt"):
        raise UsageError(
            f"{path}: a {suffix} file cannot be read; kehoach reads .docx, .xlsx, .csv and .tsv",
            hint="open it in Word and save it as .docx (File › Save As › Word Document); "
            "a PDF: open it in Word, check the tables, then save as .docx",
        )
    if suffix == ".xls":
        raise UsageError(
            f"{path}: the old Excel format (.xls) cannot be read",
            hint="save it as .xlsx (Excel Workbook) or as CSV UTF-8",
        )
    if sheet:
        raise UsageError("--sheet applies to .xlsx workbooks only")
    return [_read_csv(path, delimiter, display)]


def _decode(raw: bytes, display: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16 with a BOM
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = line_col(raw, exc.start)[0]
        raise PlanDataError(
            f"{display}: not UTF-8",
            [
                Diagnostic(
                    "KH632",
                    f"byte 0x{raw[exc.start]:02x} is not UTF-8 (the file looks like Windows-1258 or Latin-1)",
                    display,
                    line,
                    1,
                    hint="save it from Excel as 'CSV UTF-8', or as .xlsx",
                )
            ],
        ) from None


def _sniff_delimiter(text: str, suffix: str) -> str:
    if suffix in (".tsv", ".tab"):
        return "\t"
    sample = "\n".join(text.splitlines()[:50])
    counts = {d: sample.count(d) for d in ("\t", ";", ",")}
    if counts["\t"]:
        return "\t"  # text copied out of Word or Excel is tab-separated
    if suffix == ".txt":
        return "\t"
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;").delimiter
    except csv.Error:
        return ";" if counts[";"] > counts[","] else ","


def _read_csv(path: Path, delimiter: str | None, display: str) -> RawTable:
    text = _decode(path.read_bytes(), display)
    if delimiter in ("tab", "\\t"):
        delimiter = "\t"
    delimiter = delimiter or _sniff_delimiter(text, path.suffix.lower())
    if len(delimiter) != 1:
        raise UsageError(f"--delimiter {delimiter!r} must be one character (or 'tab')")
    from kehoach.limits import MAX_CELL_CHARS, LimitError, check_cells, check_shape
    from kehoach.text import from_spreadsheet

    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for n, record in enumerate(reader, start=1):
            check_shape(n, 0)
            cells = [_clean_cell(from_spreadsheet(c)) for c in record]  # the quote export put before a formula
            check_cells(cells, n)
            rows.append(RawRow(n, cells))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # csv's own cap, 131,072 characters
            raise LimitError(
                f"a cell holds over {MAX_CELL_CHARS:,} characters, the limit", line=reader.line_num
            ) from None
        raise PlanDataError(
            f"{display}: cannot be read",
            [Diagnostic("KH632", f"not a table that can be read ({exc})", display, reader.line_num or None, 1)],
        ) from None
    return RawTable(display, rows)


def _read_xlsx(path: Path, sheet: str | None, display: str) -> list[RawTable]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise PlanDataError(
            f"{display}: cannot be read",
            [Diagnostic("KH632", f"the file is not an Excel workbook that can be read ({exc})", display)],
        ) from None
    sheets = wb.worksheets
    if sheet:
        by_key = {fold(ws.title): ws for ws in sheets}
        if fold(sheet) not in by_key:
            raise UsageError(
                f"{display} has no sheet '{sheet}'", hint="sheets: " + ", ".join(ws.title for ws in sheets)
            )
        sheets = [by_key[fold(sheet)]]
    tables = []
    from kehoach.limits import check_cells, check_shape

    for ws in sheets:
        check_shape(ws.max_row, ws.max_column)  # before iter_rows fills the used range with empty cells
        grid = [[_clean_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
        for n, cells in enumerate(grid, start=1):
            check_cells(cells, n)
        rows = [RawRow(i + 1, cells) for i, cells in enumerate(grid)]
        for rng in ws.merged_cells.ranges:
            if rng.max_row == rng.min_row:
                continue  # spans columns in one row (a heading across the table): the value stays in its cell
            col = rng.min_col - 1
            value = rows[rng.min_row - 1].cell(col) if rng.min_row - 1 < len(rows) else ""
            for r in range(rng.min_row, min(rng.max_row, len(rows))):  # rows below the anchor (0-based r)
                row = rows[r]
                while len(row.cells) <= col:
                    row.cells.append("")
                row.cells[col] = value
                row.merged[col] = rng.coord
        tables.append(
            RawTable(
                f"{display}[{ws.title}]" if len(wb.worksheets) > 1 else display,
                rows,
                plan_id=nfc(wb.properties.identifier or "") or None,
            )
        )
    return tables


def _read_docx(path: Path, display: str) -> RawTable:
    """A Word document as one raw table: body paragraphs (``para`` rows, one cell) and the rows of every table
    in document order, so the header, the tables a page break split and the captions between them are read
    like the rows of a pasted table. Cells are laid out on the table grid (``gridBefore``, ``gridSpan``); a
    cell merged down (``vMerge``) gives each row below its text, marked as merged like a workbook's merged
    range; a cell merged across keeps its text in its first column. A cell of several paragraphs is one text
    with a line break between them ("Trước ngày" / "30/11/2025"; one agency per paragraph)."""
    from zipfile import BadZipFile

    from docx import Document as open_docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    try:
        document = open_docx(str(path))
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise PlanDataError(
            f"{display}: cannot be read",
            [Diagnostic("KH632", f"the file is not a Word document that can be read ({exc})", display)],
        ) from None

    def text_of(element) -> str:
        paras = [Paragraph(p, None).text for p in element.iter(qn("w:p"))]
        return _clean_cell("\n".join(x.strip() for x in paras if x.strip()))

    rows: list[RawRow] = []
    n_table = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = text_of(child)
            if text:
                rows.append(RawRow(len(rows) + 1, [text], para=True))
        elif child.tag == qn("w:tbl"):
            n_table += 1
            label = f"{display}[table {n_table}]"
            grid = child.find(qn("w:tblGrid"))
            width = len(grid.findall(qn("w:gridCol"))) if grid is not None else 0
            above: dict[int, tuple[str, int]] = {}  # column -> (text, row) of the cell a vMerge continues
            spans: dict[tuple[int, int], list[RawRow]] = {}  # (column, first row) -> the rows it continues into
            for r, tr in enumerate(child.iterchildren(qn("w:tr")), start=1):
                cells: list[str] = []
                merged: dict[int, str] = {}
                trpr = tr.find(qn("w:trPr"))
                before = trpr.find(qn("w:gridBefore")) if trpr is not None else None
                col = int(before.get(qn("w:val"), "0")) if before is not None else 0
                cells.extend([""] * col)
                for tc in tr.iterchildren(qn("w:tc")):
                    span = tc.grid_span
                    vmerge = tc.vMerge
                    if vmerge == "continue" and col in above:
                        value, first = above[col]
                        merged[col] = ""
                        spans.setdefault((col, first), [])
                    else:
                        value = text_of(tc)
                        above.pop(col, None)
                        if vmerge == "restart":
                            above[col] = (value, r)
                    cells.extend([value] + [""] * (span - 1))
                    col += span
                width = max(width, len(cells))
                rows.append(RawRow(len(rows) + 1, cells, merged, where=(label, r), source=(n_table, width)))
                for (c, first), below in spans.items():
                    if merged.get(c) == "" and above.get(c, ("", 0))[1] == first:
                        below.append(rows[-1])
            for (c, first), below in spans.items():
                coord = f"{column_letter(c)}{first}:{column_letter(c)}{below[-1].where[1]}"
                for row in below:
                    row.merged[c] = coord
    return RawTable(display, rows)
