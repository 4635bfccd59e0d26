"""Import a plan's task or delegation table (CSV/TSV as copied from Word or Excel, or XLSX) into a plan file.

The pipeline: read the file into raw tables (rows of text cells, with the cells that came from a merged
range marked) → find the header row(s) and map each header to a plan field (accent-insensitive, tolerant of
suffixes such as "(tham mưu)") → walk the data rows, turning Roman-numeral rows into sections (or delegation
groups) and numbered rows into items, joining rows that continue the row above → convert each cell (agency
lists, time texts, numbers, dates) → a plan document in canonical key order, plus diagnostics that point at
the row and column of the table. ``yamlwrite.dump_plan`` writes the document in the canonical form of ``fmt``.

Nothing here prints or exits: the CLI renders the ``ImportResult``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kehoach.agencies import Registry
from kehoach.diagnostics import ERROR, Diagnostic, has_errors
from kehoach.errors import PlanDataError, UsageError
from kehoach.model import as_date
from kehoach.spec import KEY_ORDER
from kehoach.status import PLANNED, normalize_status
from kehoach.text import fold, line_col, nfc, slugify
from kehoach.timeframe import FIXED, PARTIAL_HINT, TimeParseError, parse_when
from kehoach.yamlwrite import dump_plan

TABLE_SUFFIXES = (".csv", ".tsv", ".tab", ".txt", ".xlsx", ".xlsm", ".docx")

TASK, DELEGATION = "task", "delegation"

# -- header vocabulary ------------------------------------------------------------------------------------
# field -> folded header spellings. A header maps to a field when its folded text equals a spelling or
# starts with it followed by more words ("Cơ quan chủ trì tham mưu/thực hiện" → "co quan chu tri"); the
# longest spelling wins. Failing that, a spelling of two words or more found inside the header counts.
# Pseudo-fields: "tt" (the numbering column), "section" (a --section-column), "funding_or_budget".
_COMMON = {
    "tt": ("tt", "stt", "so tt", "so thu tu", "thu tu"),
    "id": ("ma", "ma so", "id", "ma nhiem vu", "ma doan"),
    "lead": (
        "co quan chu tri",
        "don vi chu tri",
        "chu tri",
        "co quan thuc hien",
        "don vi thuc hien",
        "co quan tham muu",
        "don vi tham muu",
        "co quan don vi chu tri",
        "co quan dau moi",
        "don vi dau moi",
    ),
    "support": ("co quan phoi hop", "don vi phoi hop", "phoi hop", "co quan don vi phoi hop"),
    "when": (
        "han",
        "thoi gian thuc hien",
        "thoi gian",
        "thoi han",
        "thoi han hoan thanh",
        "han hoan thanh",
        "tien do",
        "thoi gian hoan thanh",
        "thoi diem",
    ),
    "due": ("han cu the", "ngay den han", "han chot"),
    "remind": ("nhac truoc",),
    "status": ("trang thai", "tinh trang"),
    "done_on": ("ngay hoan thanh",),
    "progress": ("nhat ky tien do",),
    "notes": ("ghi chu",),
    "result": ("ket qua", "ket qua thuc hien"),
    # columns a kehoach workbook computes (the deadline, days left or late): never read back
    "computed": ("con tre ngay", "con tre", "so ngay con lai", "han tinh"),
}
TASK_HEADERS: dict[str, tuple[str, ...]] = {
    **_COMMON,
    "task": (
        "nhiem vu",
        "nhiem vu cu the",
        "noi dung nhiem vu",
        "noi dung",
        "ten nhiem vu",
        "noi dung cong viec",
        "cong viec",
        "nhiem vu giai phap",
    ),
    "partner": ("doi tac", "doi tac lam viec"),
    "country": ("quoc gia", "nuoc"),
    "basis": ("can cu", "can cu phap ly"),
    "funding": ("nguon kinh phi", "kinh phi", "kinh phi thuc hien"),
}
DELEGATION_HEADERS: dict[str, tuple[str, ...]] = {
    **_COMMON,
    "direction": ("doan ra vao", "doan ra doan vao", "loai doan"),
    "level": ("cap", "cap doan"),
    "group": ("nhom", "nhom doan"),
    "composition": ("ten doan", "thanh phan doan", "thanh phan doan di", "thanh phan"),
    "leader": ("truong doan",),
    "destination": ("noi den", "nuoc di", "nuoc den", "dia diem"),
    "origin": ("den tu nuoc", "den tu", "nuoc cu doan"),
    "country": ("quoc gia",),
    "partner": ("doi tac lam viec", "doi tac"),
    "field": ("linh vuc",),
    "purpose": ("noi dung hoat dong", "muc dich", "noi dung", "muc dich noi dung", "noi dung lam viec"),
    "members": ("so nguoi", "so luong", "so thanh vien", "so luong thanh vien"),
    "days": ("so ngay",),
    "budget": ("kinh phi", "du toan kinh phi", "kinh phi du kien", "du toan"),
    "funding_or_budget": ("nguon kinh phi",),
}
# Headers that only a delegation table has: one of them makes the table a delegation table.
_DELEGATION_MARKERS = (
    "ten doan",
    "truong doan",
    "nuoc di",
    "noi den",
    "den tu",
    "so nguoi",
    "so ngay",
    "thanh phan doan",
    "doan ra vao",
    "doan ra doan vao",
    "linh vuc",
    "muc dich",
    "noi dung hoat dong",
)
_CONTENT = {TASK: "task", DELEGATION: None}  # the column a heading's title is read from (delegations: first text)
_AGENCY_FIELDS = ("lead", "support")


def header_field(header: str, kind: str, extra: dict[str, str] | None = None, loose: bool = True) -> str | None:
    """The plan field a header names in a table of ``kind`` (None when it is not recognised).

    ``loose=False`` accepts only a header that is or starts with a known spelling (used to find header rows).
    """
    key = fold(header)
    if not key:
        return None
    if extra and key in extra:
        return extra[key]
    table = DELEGATION_HEADERS if kind == DELEGATION else TASK_HEADERS
    best, best_len = None, -1
    for name, spellings in table.items():
        for sp in spellings:
            if (key == sp or key.startswith(sp + " ")) and len(sp) > best_len:
                best, best_len = name, len(sp)
    if best == "result" and key not in ("ket qua", "ket qua thuc hien"):
        return None  # "Kết quả dự kiến" (the expected output) is not the result reported so far
    if best is not None or not loose:
        return best
    padded = f" {key} "
    for name, spellings in table.items():
        for sp in spellings:
            if " " in sp and f" {sp} " in padded and len(sp) > best_len:
                best, best_len = name, len(sp)
    return best


def table_kind(headers: list[str]) -> str:
    """A delegation table has a header only delegation tables have (Tên đoàn, Trưởng đoàn, Nước đi, …)."""
    for header in headers:
        key = fold(header)
        if any(key == m or key.startswith(m + " ") for m in _DELEGATION_MARKERS):
            return DELEGATION
    return TASK


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


# -- options and result ------------------------------------------------------------------------------------
@dataclass
class ImportOptions:
    plan_id: str | None = None
    number: str | None = None
    title: str | None = None
    years: tuple[int, ...] = ()
    continues: bool | None = None
    province: str | None = None
    section_column: str | None = None
    column_map: dict[str, str] = field(default_factory=dict)  # header -> field, or "-" to ignore the column
    direction: str | None = None  # out | in
    level: str | None = None  # province | department
    sheet: str | None = None
    delimiter: str | None = None
    table: int | None = None  # only the N-th table found (1-based)
    today: dt.date | None = None  # the date of a progress entry made from a "Kết quả" cell


@dataclass
class TableInfo:
    name: str
    kind: str
    header_row: int
    columns: dict[str, str]  # header as written -> field ("?" when not recognised, "-" when ignored)
    entries: int = 0


@dataclass
class ImportResult:
    data: dict
    diagnostics: list[Diagnostic]
    tables: list[TableInfo]
    plan_ref: str | None = None  # the plan id a workbook exported by kehoach carries
    results: dict[str, str] = field(default_factory=dict)  # item id -> its "Kết quả" cell

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    def counts(self) -> dict[str, int]:
        tasks = sections = 0

        def walk(secs):
            nonlocal tasks, sections
            for sec in secs:
                sections += 1
                tasks += len(sec.get("items") or [])
                walk(sec.get("sections") or [])

        walk(self.data.get("sections") or [])
        return {"sections": sections, "tasks": tasks, "delegations": len(self.data.get("delegations") or [])}

    def to_dict(self) -> dict:
        return {
            "plan": self.data.get("plan", {}).get("id"),
            "counts": self.counts(),
            "tables": [vars(t) for t in self.tables],
            "errors": sum(d.severity == ERROR for d in self.diagnostics),
            "warnings": sum(d.severity != ERROR for d in self.diagnostics),
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }


# -- numbering ---------------------------------------------------------------------------------------------
_ROMAN_RE = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_TT_RE = re.compile(r"^(?P<tt>[IVX]+|[A-Z]|\d+)(?P<rest>(?:\.(?:[IVX]+|\d+))*)\.?\)?(?:\s+(?P<title>\S.*))?$", re.S)
_FULL_ID = re.compile(r"^[A-Za-z][\w.\-]*\d[\w.\-]*$|^[A-Za-z]+\.[\w.\-]+$")
_BULLETS = ("-", "–", "—", "+", "•", "*", "·")


def is_roman(text: str) -> bool:
    return bool(text) and bool(_ROMAN_RE.match(text))


def roman_value(text: str) -> int:
    total, prev = 0, 0
    for ch in reversed(text):
        v = _ROMAN_VALUES[ch]
        total += -v if v < prev else v
        prev = max(prev, v)
    return total


def to_roman(n: int) -> str:
    out = ""
    for value, numeral in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


@dataclass(frozen=True)
class TT:
    kind: str  # empty | bullet | roman | letter | number | full | bad
    value: str = ""  # roman/letter: the key; number: "5.1"; full: the id
    title: str = ""  # text written after the number in the same cell ("III. Đoàn sử dụng …")


def parse_tt(text: str) -> TT:
    """Read a numbering cell: ``I`` → roman, ``II.I`` → full id ``II.1``, ``5.1`` → number, ``A`` → letter."""
    s = text.strip()
    if not s:
        return TT("empty")
    if s in _BULLETS:
        return TT("bullet")
    m = _TT_RE.match(s)
    if m:
        head, rest, title = m["tt"], m["rest"], (m["title"] or "").strip()
        segs = [x for x in rest.split(".") if x]
        if head.isdigit():
            if any(not x.isdigit() for x in segs):
                return TT("bad", s)
            return TT("number", ".".join([str(int(head)), *(str(int(x)) for x in segs)]), title)
        if is_roman(head):
            if not segs:
                return TT("roman", head, title)
            parts = [head] + [str(roman_value(x)) if is_roman(x) else str(int(x)) for x in segs]
            if any(not (is_roman(x) or x.isdigit()) for x in segs):
                return TT("bad", s)
            return TT("full", ".".join(parts), title)
        if not segs:
            return TT("letter", head, title)
        return TT("full", ".".join([head, *segs]), title)
    if " " not in s and _FULL_ID.match(s):
        return TT("full", s)
    return TT("bad", s)


# -- cell conversion ---------------------------------------------------------------------------------------
_HEADS = (
    "Sở",
    "Ban",
    "Bộ",
    "Cục",
    "Chi cục",
    "Công an",
    "Ủy ban",
    "Uỷ ban",
    "UBND",
    "HĐND",
    "Hội",
    "Hiệp hội",
    "Văn phòng",
    "Trung tâm",
    "Đài",
    "Báo",
    "Liên hiệp",
    "Liên đoàn",
    "Trường",
    "Viện",
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "Tỉnh đoàn",
    "Thành ủy",
    "Thành đoàn",
    "Huyện ủy",
    "Thị ủy",
    "Đảng ủy",
    "Đoàn",
    "Mặt trận",
    "Kho bạc",
    "Ngân hàng",
    "Bảo hiểm",
    "Cảng vụ",
    "Hải quan",
    "Tòa án",
    "Toà án",
    "Bệnh viện",
    "Đại học",
    "Học viện",
    "Công ty",
    "Tổng công ty",
    "Tập đoàn",
    "Các",
    "các",
    "Cơ quan",
    "cơ quan",
    "Đơn vị",
    "đơn vị",
    "Phòng",
    "Thanh tra",
    "Quỹ",
    "Khu",
    "Vườn",
    "Bộ Chỉ huy",
    "Bộ đội",
    "Hội đồng",
    "Tổ",
    "Lãnh đạo",
    "Thường trực",
    "Chủ tịch",
    "Phó Chủ tịch",
    "Đại sứ quán",
    "Tổng Lãnh sự quán",
    "Ban Chỉ đạo",
    "Cổng",
    "Nhà",
    "Câu lạc bộ",
    "Hợp tác xã",
    "Doanh nghiệp",
    "Cảnh sát",
    "Phân viện",
    "Chi nhánh",
    "Trạm",
    "Đội",
    "Tổng cục",
    "Văn phòng",
)
_ABBREV = re.compile(r"^[A-ZĐ][A-Za-zĐđ&]*[A-ZĐ][A-Za-zĐđ&]*\b")


def _starts_agency(segment: str, registry: Registry | None, province: str) -> bool:
    s = segment.strip()
    if not s:
        return False
    if any(s == h or s.startswith(h + " ") for h in _HEADS):
        return True
    if _ABBREV.match(s):
        return True
    return bool(registry and registry.agencies and registry.resolve(s, province))


def split_agencies(text: str, registry: Registry | None = None, province: str = "") -> list[str]:
    """Split an agency cell into names, each spelled as written.

    ``;`` always separates. ``,`` and line breaks separate only before something that starts an agency name
    (Sở, Ban, UBND, các …, or a name the registry knows), so "Sở Lao động, Thương binh và Xã hội" and
    "UBND các huyện, thị xã, thành phố" stay whole; the registry's own names with commas are matched first.
    """
    names: list[str] = []
    for part in re.split(r";", text):
        # segments with their separators, as spans of the original text
        pieces = re.split(r"(,|\n)", part)
        segs = [(pieces[i], pieces[i - 1] if i else "") for i in range(0, len(pieces), 2)]
        segs = [(s, sep) for s, sep in segs if s.strip()]
        i = 0
        while i < len(segs):
            joined_to = None
            if registry and registry.agencies:
                for j in range(len(segs), i + 1, -1):
                    if registry.resolve(_join(segs[i:j]), province):
                        joined_to = j
                        break
            if joined_to is None:
                joined_to = i + 1
                while joined_to < len(segs) and not _starts_agency(segs[joined_to][0], registry, province):
                    joined_to += 1
            name = _join(segs[i:joined_to])
            if name:
                names.append(name)
            i = joined_to
    return names


def _join(segs: list[tuple[str, str]]) -> str:
    out = segs[0][0]
    for text, sep in segs[1:]:
        out += ("," if sep == "," else " ") + text
    return _squash(out).strip(" ,;.")


def _squash(text: str) -> str:
    """One line: line breaks (and the spaces around them) become one space."""
    return re.sub(r"[ \t]*\n\s*", " ", text).strip()


_NUMBER = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$|^\d+$")


def parse_amount(text: str) -> int | None:
    """'709.465.000' → 709465000; '10' → 10; anything else None."""
    s = text.strip().replace("\u202f", " ")
    if s.lower().endswith(("đ", "vnđ", "vnd", "đồng")):
        s = re.sub(r"\s*(vnđ|vnd|đồng|đ)$", "", s, flags=re.I)
    if not _NUMBER.match(s):
        return None
    return int(re.sub(r"\D", "", s))


_DIRECTIONS = {"out": "out", "in": "in", "doan ra": "out", "ra": "out", "doan vao": "in", "vao": "in"}
_LEVELS = {
    "province": "province",
    "department": "department",
    "cap tinh": "province",
    "tinh": "province",
    "cap so": "department",
    "so": "department",
    "cap so nganh": "department",
    "so nganh": "department",
    "cap so ban nganh": "department",
    "so ban nganh": "department",
    "cap so ban nganh dia phuong": "department",
}


def _direction_from_text(text: str) -> str | None:
    key = fold(text)
    out = "doan ra" in key or "nuoc di" in key or "tai nuoc ngoai" in key
    inn = "doan vao" in key
    if out != inn:
        return "out" if out else "in"
    return None


def _level_from_text(text: str) -> str | None:
    key = fold(text)
    prov = "cap tinh" in key or "lanh dao tinh lam truong doan" in key
    dept = "cap so" in key or "truong cac co quan" in key or "so nganh" in key and "truong doan" in key
    if prov != dept:
        return "province" if prov else "department"
    return None


# -- building --------------------------------------------------------------------------------------------
@dataclass
class Cell:
    text: str
    col: int
    merged: str = ""


@dataclass
class Entry:
    """A section/heading row or an item/delegation row, with its cells joined over continuation rows."""

    kind: str  # section | item | delegation
    id: str
    row: int
    cells: dict[str, Cell] = field(default_factory=dict)
    local: str = ""  # the number relative to its base section ("5.1")
    items: list[Entry] = field(default_factory=list)
    sections: list[Entry] = field(default_factory=list)
    parent: Entry | None = None
    group: str = ""
    direction: str | None = None
    level: str | None = None
    extra_notes: list[str] = field(default_factory=list)

    def text(self, name: str) -> str:
        cell = self.cells.get(name)
        return cell.text if cell else ""

    @property
    def has_data(self) -> bool:
        """A row with anything besides its number, title and notes is a task, never a heading."""
        return any(c.text for k, c in self.cells.items() if k not in ("tt", "task", "notes", "section", "id"))


class _Table:
    """One table: its header, columns and the rows below it."""

    def __init__(
        self, raw: RawTable, header: RawRow, kind: str, columns: list[tuple[int, str, str]], preamble: list[RawRow]
    ):
        self.raw = raw
        self.header = header
        self.kind = kind
        self.columns = columns  # (index, header text, field) — field "?" unknown, "-" ignored
        self.preamble = preamble
        self.rows: list[RawRow] = []

    def col_of(self, name: str) -> int | None:
        for index, _header, fld in self.columns:
            if fld == name:
                return index
        return None


class Importer:
    def __init__(self, options: ImportOptions, registry: Registry | None):
        self.opt = options
        self.registry = registry if registry and registry.agencies else None
        self.province = options.province or ""
        self.diags: list[Diagnostic] = []
        self.tables: list[TableInfo] = []
        self.sections: list[Entry] = []
        self.by_id: dict[str, Entry] = {}
        self.delegations: list[Entry] = []
        self.preamble: list[str] = []
        self.years: tuple[int, ...] = ()
        self.continues = False
        self.year: int | None = None
        self.extra = {fold(k): v for k, v in options.column_map.items()}
        self._t_of: dict[int, _Table] = {}  # id(entry) -> the table it came from
        self.repeated: set[str] = set()  # section ids used twice (rows under them are not reported again)
        self.unknown: dict[str, list[tuple[str, int, int]]] = {}  # agency not in the registry -> its cells
        self.where: dict[tuple[str, int], tuple[str, int]] = {}  # (file, row) -> (Word table, its row)
        self.results: dict[str, str] = {}  # item id -> its "Kết quả" cell

    def report_unknown_agencies(self) -> None:
        """One KH502 per unknown name, at its first cell, listing every cell that names it."""
        for agency, cells in self.unknown.items():
            table, row, col = cells[0]
            near = self.registry.suggest(agency) if self.registry else None
            first = self.where.get((table, row), (table, row))[0]
            where = []
            for t, r, c in cells:
                label, r = self.where.get((t, r), (t, r))
                where.append(
                    f"{column_letter(c)}{r}" + (f" ({label.rsplit('[', 1)[-1].rstrip(']')})" if label != first else "")
                )
            shown = ", ".join(where[:8]) + (", …" if len(where) > 8 else "")
            self.diag(
                "KH502",
                f"agency '{agency}' is not in the registry"
                + (f" ({len(where)} cells: {shown})" if len(where) > 1 else ""),
                table,
                row,
                col,
                hint=f"closest known: '{near}'; or add it to plans/agencies.yaml (as an alias)"
                if near
                else "add it to plans/agencies.yaml",
            )
        self.unknown = {}

    # -- diagnostics ----------------------------------------------------------------------------------------
    def diag(
        self,
        code: str,
        message: str,
        table: str,
        row: int = 0,
        col: int | None = None,
        hint: str = "",
        severity: str = "",
    ) -> None:
        if (table, row) in self.where:  # a Word document: its table and the row in that table
            table, row = self.where[(table, row)]
        where = f"{column_letter(col)}{row}" if col is not None and row else (f"row {row}" if row else "")
        text = f"{where}: {message}" if where else message
        self.diags.append(
            Diagnostic(code, text, table, row, (col + 1) if col is not None else 0, severity=severity, hint=hint)
        )

    # -- tables --------------------------------------------------------------------------------------------
    def _header(self, row: RawRow) -> tuple[str, list[tuple[int, str, str]]] | None:
        texts = [(i, c) for i, c in enumerate(row.cells) if c]
        if len(texts) < 2:
            return None
        sec = self.opt.section_column
        kind = table_kind([c for i, c in texts if not (sec and _is_column(sec, i, c))])
        cols = []
        for i, c in texts:
            fld = header_field(c, kind, self.extra)
            if sec and _is_column(sec, i, c):
                fld = "section"
            cols.append((i, c, fld or "?"))
        cols = [(i, c, "-" if f == "computed" else f) for i, c, f in cols]
        if sum(f == "when" for _, _, f in cols) > 1:  # "Hạn" next to "Thời gian thực hiện": the computed deadline
            cols = [(i, c, "-" if f == "when" and fold(c) == "han" else f) for i, c, f in cols]
        known = [f for _, _, f in cols if f != "?"]
        strict = [c for _, c, f in cols if f == "section" or header_field(c, kind, self.extra, loose=False)]
        if len(strict) < 2 or not ({"tt", "task", "composition", "destination", "origin", "purpose"} & set(known)):
            return None
        if sum(f == "?" for _, _, f in cols) > len(known) or any(len(c) > 100 for _, c, _ in cols):
            return None
        return kind, cols

    def split(self, raw: RawTable) -> list[_Table]:
        tables: list[_Table] = []
        pending: list[RawRow] = []  # text rows not yet claimed (preamble of the next table)
        for row in raw.rows:
            current = tables[-1] if tables else None
            if row.para:  # body text of a Word document: a caption or the plan's text, never a table row
                pending.append(row)
                continue
            found = self._header(row)
            if found:
                kind, cols = found
                captions = [r for r in pending if r.para and "tiep theo" not in fold(" ".join(r.texts))]
                if current and [f for _, _, f in cols] == [f for _, _, f in current.columns] and not captions:
                    pending = []
                    continue  # the header repeated at the top of a page (or of the next part of a split table)
                if current:
                    # text-only rows just above the new header introduce it ("2. Các đoàn do … làm Trưởng đoàn:")
                    while current.rows and (not current.rows[-1].texts or _is_text_row(current.rows[-1], current)):
                        pending.insert(0, current.rows.pop())
                tables.append(_Table(raw, row, kind, cols, pending))
                pending = []
            elif current is None:
                pending.append(row)
            elif row.source and current.header.source and _other_word_table(row, current):
                pending.append(row)  # a Word table that does not continue this one (a signature block)
            else:
                pending = [r for r in pending if not r.para]
                current.rows.append(row)
        if not tables:
            self.preamble.extend("\n".join(r.texts) for r in pending if r.texts)
        left = [r for r in pending if not r.para and r.texts]
        for n in dict.fromkeys(r.source[0] for r in left if r.source):  # Word tables after the last table
            rows = [r for r in left if r.source and r.source[0] == n]
            self.diag(
                "KH622",
                f"the {len(rows)} row(s) of this Word table (other columns than the table above) are not imported",
                raw.name,
                rows[0].number,
                hint="if they hold tasks, give the table the same columns and header as the task table",
            )
        return tables

    def run(self, raws: list[RawTable]) -> None:
        found = []
        self.where = {(raw.name, r.number): r.where for raw in raws for r in raw.rows if r.where}
        for raw in raws:
            parts = self.split(raw)
            if not parts and len(raws) > 1:
                if any(r.texts for r in raw.rows):
                    self.diag("KH622", "no table header in this sheet; it is skipped", raw.name)
                continue
            if not parts:
                self.diag(
                    "KH621",
                    "no table header found: expected a row with headers such as TT, Nhiệm vụ, "
                    "Cơ quan chủ trì, Thời gian thực hiện (or Tên đoàn, Trưởng đoàn, Nước đi …)",
                    raw.name,
                    hint="check the file holds the table; map unusual headers with --map 'Header=field'",
                )
                continue
            found.extend(parts)
        if not found and raws and len(raws) > 1 and not any(d.code == "KH621" for d in self.diags):
            self.diag("KH621", "no sheet holds a table header", raws[0].name.split("[")[0])
        if found and self.opt.table is not None:
            if not 1 <= self.opt.table <= len(found):
                raise UsageError(
                    f"--table {self.opt.table}: the file holds {len(found)} table(s)",
                    hint="tables: "
                    + "; ".join(f"{n}. {t.raw.name} row {t.header.number}" for n, t in enumerate(found, 1)),
                )
            found = [found[self.opt.table - 1]]
        if found:
            self.preamble = ["\n".join(r.texts) for r in found[0].preamble if r.texts] + self.preamble
        self._plan_years(found)
        for table in found:
            self.table(table)

    def _plan_years(self, tables: list[_Table]) -> None:
        meta = self.meta_from_preamble()
        years = tuple(sorted(set(self.opt.years))) or meta.get("years", ())
        if not years:
            counts: Counter = Counter()
            for t in tables:
                col = t.col_of("when")
                for r in t.rows:
                    counts.update(int(y) for y in re.findall(r"(?<!\d)(20\d{2})(?!\d)", r.cell(col)))
            if counts:
                years = (counts.most_common(1)[0][0],)
        if not years:
            years = (dt.date.today().year,)
            self.diag(
                "KH633",
                f"the plan year is not given; assumed {years[0]}",
                tables[0].raw.name if tables else "",
                hint="pass --year (repeat it for a plan over several years)",
            )
        self.years = years
        self.year = years[0]
        self.continues = self.opt.continues if self.opt.continues is not None else bool(meta.get("continues"))

    # -- one table -----------------------------------------------------------------------------------------
    def table(self, t: _Table) -> None:
        name = t.raw.name
        info = TableInfo(name, t.kind, t.header.number, {h: f for _, h, f in t.columns})
        self.tables.append(info)
        for index, header, fld in t.columns:
            if fld == "?":
                self.diag(
                    "KH620",
                    f"header '{_squash(header)}' is not recognised; its values are kept in the notes of each row",
                    name,
                    t.header.number,
                    index,
                    hint=f"rename the header, or map it: --map '{_squash(header)}=FIELD' "
                    "(FIELD a plan key, or - to leave the column out)",
                )
        if self.opt.section_column and t.col_of("section") is None:
            raise UsageError(
                f"--section-column {self.opt.section_column!r}: no such column in {name}",
                hint="headers: " + ", ".join(_squash(h) for _, h, _ in t.columns),
            )
        if t.col_of("lead") is None:
            self.diag(
                "KH503",
                "the table has no lead agency column (Cơ quan chủ trì): its rows have no lead",
                name,
                t.header.number,
                hint="add the column, or map one: --map 'Header=lead'",
            )
        start = len(self.delegations) if t.kind == DELEGATION else sum(1 for _ in self._all_items())
        if t.kind == TASK:
            _TaskWalker(self, t).walk()
            info.entries = sum(1 for _ in self._all_items()) - start
        else:
            _DelegationWalker(self, t).walk()
            info.entries = len(self.delegations) - start
        if not info.entries and not any(
            sec.row > t.header.number for sec in self.sections if self._t_of.get(id(sec)) is t
        ):
            self.diag("KH622", "the table has no rows under its header", name, t.header.number)

    def _all_items(self):
        def walk(secs):
            for sec in secs:
                yield from sec.items
                yield from walk(sec.sections)

        yield from walk(self.sections)

    # -- metadata ------------------------------------------------------------------------------------------
    def meta_from_preamble(self) -> dict:
        """Plan number, date, issuer, title and years read from the lines above the first header."""
        return preamble_meta(self.preamble)

    def plan_meta(self, default_id: str, default_title: str) -> dict:
        meta = self.meta_from_preamble()
        out: dict = {
            "id": self.opt.plan_id or slugify(default_id) or "imported-plan",
            "number": self.opt.number if self.opt.number is not None else meta.get("number"),
            "title": self.opt.title or meta.get("title") or default_title,
        }
        issuer = meta.get("issuer")
        if issuer:
            out["issuer"] = issuer
        province = self.opt.province or meta.get("province")
        if province:
            out["province"] = province
        if meta.get("issued"):
            out["issued"] = meta["issued"]
        if len(self.years) > 1:
            out["years"] = list(self.years)
        else:
            out["year"] = self.years[0]
        if self.continues:
            out["continues"] = True
        if self.opt.number is None and not meta.get("number"):
            out["notes"] = "Số hiệu chưa có trong bảng nhập (kehoach import); điền vào plan.number."
        return {k: out[k] for k in KEY_ORDER["plan"] if k in out}

    # -- converting entries ----------------------------------------------------------------------------------
    def convert_item(self, entry: Entry, t: _Table) -> dict:
        kind = "item" if entry.kind == "item" else "delegation"
        out: dict[str, Any] = {"id": entry.id}
        if kind == "delegation":
            out["direction"] = entry.direction
            if entry.level:
                out["level"] = entry.level
            if entry.group:
                out["group"] = entry.group
        notes: list[str] = []
        seen_merge: set[str] = set()
        for name, cell in entry.cells.items():
            if cell.merged and cell.text and cell.merged not in seen_merge:
                seen_merge.add(cell.merged)
                self.diag(
                    "KH625",
                    f"the merged cells {cell.merged} give this row the value of the row above",
                    t.raw.name,
                    entry.row,
                    cell.col,
                    hint="check the value applies to every row of the range",
                )
            if not cell.text or name in ("tt", "section", "direction", "level", "group") and kind == "delegation":
                continue
            if name in ("tt", "section", "id"):
                continue
            self._field(out, notes, name, cell, entry, t)
        if kind == "item" and not out.get("task"):
            col = t.col_of("task")
            self.diag("KH631", "the row has no task text (Nhiệm vụ)", t.raw.name, entry.row, col)
        if not out.get("lead") and t.col_of("lead") is not None:
            self.diag(
                "KH503",
                f"{'task' if kind == 'item' else 'delegation'} '{entry.id}' has no lead agency (Cơ quan chủ trì)",
                t.raw.name,
                entry.row,
                t.col_of("lead"),
                hint="fill in Cơ quan chủ trì",
            )
        notes.extend(entry.extra_notes)
        if notes:
            out["notes"] = "; ".join(notes)
        result = self.results.get(entry.id)
        progress = out.get("progress") or []
        if result and (not progress or _squash(progress[-1]["note"]) != result):
            # "Kết quả": the result so far, kept as a progress entry of the day of the import
            out["progress"] = [*progress, {"date": self.opt.today or dt.date.today(), "note": result}]
        order = KEY_ORDER["item" if kind == "item" else "delegation"]
        return {k: out[k] for k in order if k in out and out[k] not in (None, "", [])}

    def _field(self, out: dict, notes: list[str], name: str, cell: Cell, entry: Entry, t: _Table) -> None:
        table = t.raw.name
        text = cell.text
        allowed = KEY_ORDER["item" if entry.kind == "item" else "delegation"] + ["funding_or_budget", "result"]
        if name == "?" or name not in allowed:
            header = next((h for i, h, _ in t.columns if i == cell.col), "") or f"Cột {column_letter(cell.col)}"
            notes.append(f"{_squash(header)}: {_squash(text)}")
            return
        if name == "-":
            return
        if name in _AGENCY_FIELDS:
            names = split_agencies(text, self.registry, self.province)
            out[name] = names
            for agency in names:
                if self.registry and self.registry.resolve(agency, self.province) is None:
                    self.unknown.setdefault(agency, []).append((table, entry.row, cell.col))
        elif name == "when":
            value = _squash(text)
            out["when"] = value
            try:
                tf = parse_when(value, year=self.year, years=self.years, continues=self.continues)
            except TimeParseError as exc:
                self.diag(exc.code, exc.message, table, entry.row, cell.col, hint=exc.suggestion)
                return
            if tf.unread:
                self.diag("KH306", tf.partial_message(), table, entry.row, cell.col, hint=PARTIAL_HINT)
            if tf.kind == FIXED and not any(
                y in self.years or (self.continues and y > max(self.years)) for y in tf.years
            ):
                self.diag(
                    "KH303",
                    f"{value!r} falls in {', '.join(map(str, tf.years))}, outside the plan's years "
                    f"({', '.join(map(str, self.years))})",
                    table,
                    entry.row,
                    cell.col,
                    hint="pass the plan's years with --year",
                )
        elif name in ("due", "done_on"):
            day = as_date(text)
            if day is None:
                self.diag(
                    "KH302",
                    f"'{_squash(text)}' is not a date that exists",
                    table,
                    entry.row,
                    cell.col,
                    hint="write a date such as 30/6/2024 or 2024-06-30",
                )
            out[name] = day or text
        elif name == "remind":
            n = parse_amount(text)
            if n is None:
                self.diag("KH630", f"'{text}' is not a number of days", table, entry.row, cell.col)
                return
            out[name] = n
        elif name == "result":
            self.results[entry.id] = _squash(text)
        elif name == "status":
            if normalize_status(text) == PLANNED:
                return  # not started: the default, written by no plan
            if normalize_status(text) is None:
                self.diag(
                    "KH401",
                    f"unknown status '{text}'",
                    table,
                    entry.row,
                    cell.col,
                    hint="e.g. chưa thực hiện, đang thực hiện, hoàn thành, hủy, tạm hoãn",
                )
            out[name] = _squash(text)
        elif name == "progress":
            out[name] = self._progress(text, table, entry.row, cell.col)
        elif name in ("members", "days", "budget"):
            n = parse_amount(text)
            out[name] = n if n is not None else _squash(text)
        elif name == "funding_or_budget":
            n = parse_amount(text)
            if n is not None and "budget" not in out:
                out["budget"] = n
            else:
                out["funding"] = _squash(text)
        elif name == "notes":
            notes.insert(0, _squash(text))
        else:
            out[name] = _squash(text)

    def _progress(self, text: str, table: str, row: int, col: int) -> list[dict]:
        entries = []
        for line in text.splitlines():
            if not line.strip():
                continue
            m = re.match(r"^\s*(\S+?)\s*:\s*(.*)$", line)
            day = as_date(m[1]) if m else None
            if day is None:
                self.diag(
                    "KH302",
                    f"progress line '{line.strip()}' does not start with a date",
                    table,
                    row,
                    col,
                    hint="write one line per entry: 2024-05-10: note",
                )
                continue
            entries.append({"date": day, "note": m[2].strip()})
        return entries

    def section_dict(self, sec: Entry, t_of: dict) -> dict:
        out: dict[str, Any] = {"id": sec.id, "title": _squash(sec.text("task")) or sec.id}
        notes = [x for x in [_squash(sec.text("notes"))] + sec.extra_notes if x]
        if notes:
            out["notes"] = "; ".join(notes)
        if sec.items:
            out["items"] = [self.convert_item(i, t_of[id(i)]) for i in sec.items]
        if sec.sections:
            out["sections"] = [self.section_dict(s, t_of) for s in sec.sections]
        return out


_NUMBER_RE = re.compile(r"Kế hoạch số\s*([0-9]+\s*/\s*[A-ZĐ]+(?:\s*-\s*[A-ZĐ]+)*)", re.I)
_SHORT_DATE = re.compile(r"ngày\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", re.I)
_LONG_DATE = re.compile(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.I)
_ISSUER_RE = re.compile(r"\bcủa\s+(.+?)\s*[)\]]?\s*$", re.I)
_PROVINCE_RE = re.compile(r"\b(tỉnh|thành phố|TỈNH|THÀNH PHỐ|Tỉnh|Thành phố)\s+(?!ủy|uỷ|đoàn)(\S.*)$")
_SPAN_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:[-–—]|đến)\s*(?:năm\s*)?((?:19|20)\d{2})(?!\d)", re.I)
_UNTIL_RE = re.compile(r"(?:đến|tới)\s+năm\s+((?:19|20)\d{2})(?!\d)", re.I)
_YEAR_WORD_RE = re.compile(r"\bnăm\s+((?:19|20)\d{2})(?!\d)", re.I)
# dates and document numbers a title cites ("Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024"): not its years
_DATES_IN_TEXT = re.compile(
    r"(?:ngày\s*\d{1,2}\s*)?tháng\s*\d{1,2}\s*năm\s*\d{4}|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|"
    r"\bsố\s*[\w.-]+/[\w/.-]+",
    re.I,
)
_PLAN_RE = re.compile(r"Kế hoạch(?:\s+số)?", re.I)
_SO_RE = re.compile(r"^Số\s*:\s*([0-9]+\s*/\s*[A-ZĐ]+(?:\s*-\s*[A-ZĐ]+)*)")
_PLACE_DATE = re.compile(r"^[^\d,]{2,40},\s*ngày\s*\d{1,2}\s*tháng", re.I)
_REF_STARTS = ("kem theo", "ban hanh kem theo", "dinh kem", "phu luc")
_LETTERHEAD = (
    "uy ban nhan dan",
    "ubnd",
    "cong hoa xa hoi",
    "doc lap tu do",
    "phu luc",
    "kem theo",
    "dinh kem",
    "mau ",
    "tinh ",
    "so ",
    "thanh pho ",
)


def _date_in(text: str) -> dt.date | None:
    for rx in (_LONG_DATE, _SHORT_DATE):
        if m := rx.search(text):
            try:
                return dt.date(int(m[3]), int(m[2]), int(m[1]))
            except ValueError:
                return None
    return None


def preamble_meta(preamble: list[str]) -> dict:
    """Metadata from the lines above a table (docs/import.md, *Plan metadata*).

    The line naming the plan (``Kèm theo Kế hoạch số 123/KH-UBND ngày 18 tháng 11 năm 2025 của UBND tỉnh Quảng
    Ninh``, or ``(… ngày 05/3/2025 của Ủy ban nhân dân tỉnh …)``) gives ``number``, ``issued`` (long or short
    form), ``issuer`` and ``province``; for a whole plan document, its letterhead (``Số: 123/KH-UBND``, ``Quảng
    Ninh, ngày …``, ``ỦY BAN NHÂN DÂN TỈNH …``). The title (the first line that is not letterhead) gives the
    years: a span ``giai đoạn 2026–2030`` / ``năm 2022 - 2023``, ``đến năm 2030`` (from the year of issue),
    ``năm 2025``; without any, the year of issue — never a number of a document or a date the title cites.
    """
    meta: dict = {}
    lines = [_squash(x) for entry in preamble for x in entry.split("\n") if x.strip()]
    refs = [i for i, x in enumerate(lines) if fold(x).startswith(_REF_STARTS) and _PLAN_RE.search(x)]
    letterhead = lines[:12]
    if not refs and not any(_SO_RE.match(x) for x in letterhead):
        refs = [i for i, x in enumerate(lines) if _NUMBER_RE.search(x)][:1]
    ref = ""
    if refs:
        i = refs[0]
        ref = lines[i]
        number = _NUMBER_RE.search(ref)
        tail = ref[(number or _PLAN_RE.search(ref)).end() :]
        while "(" in ref and ")" not in tail and i + 1 < len(lines) and len(tail) < 400:
            i += 1
            tail += " " + lines[i]  # a caption broken over two lines
        if number:
            meta["number"] = re.sub(r"\s+", "", number[1]).upper()
        if day := _date_in(tail):
            meta["issued"] = day
        if m := _ISSUER_RE.search(tail.split(")")[0]):
            issuer = re.sub(r"^UBND\b", "Ủy ban nhân dân", m[1].strip(" .,;()"))
            if issuer:
                meta["issuer"] = issuer
    else:
        for x in letterhead:
            if m := _SO_RE.match(x):
                meta["number"] = re.sub(r"\s+", "", m[1]).upper()
            elif "issued" not in meta and _PLACE_DATE.match(x):
                meta["issued"] = _date_in(x)
        heads = [x for x in letterhead if fold(x).startswith(("uy ban nhan dan", "ubnd"))]
        if heads:
            head = heads[0]
            nxt = letterhead[letterhead.index(head) + 1] if letterhead.index(head) + 1 < len(letterhead) else ""
            if not _PROVINCE_RE.search(head) and _PROVINCE_RE.match(nxt):
                head = f"{head} {nxt}"
            issuer = re.sub(r"^(UỶ|ỦY|UBND)\s*(BAN NHÂN DÂN)?", "Ủy ban nhân dân", head.split(" Số")[0], flags=re.I)
            if p := _PROVINCE_RE.search(issuer):
                issuer = f"{issuer[: p.start()]}{p[1].lower()} {p[2].title()}"
            meta["issuer"] = issuer.strip()
            if not meta.get("issued"):
                meta.pop("issued", None)
    if meta.get("issuer") and (p := _PROVINCE_RE.search(meta["issuer"])):
        meta["province"] = p[2].strip(" .,;")
    candidates = [
        x
        for x in lines
        if len(fold(x)) > 12 and not fold(x).startswith(_LETTERHEAD) and x != ref and not _PLACE_DATE.match(x)
    ]
    title = next((x for x in candidates if not x.isupper()), candidates[0] if candidates else "")
    if title:
        meta["title"] = title.strip("() ")
    source = _DATES_IN_TEXT.sub(" ", meta.get("title", ""))
    issued_year = meta["issued"].year if meta.get("issued") else None
    if m := _SPAN_RE.search(source):
        first, last = sorted((int(m[1]), int(m[2])))
        meta["years"] = tuple(range(first, last + 1))
    elif m := _UNTIL_RE.search(source):
        last = int(m[1])
        first = issued_year if issued_year and issued_year <= last else last
        meta["years"] = tuple(range(first, last + 1))
    elif years := [int(y) for y in _YEAR_WORD_RE.findall(source)]:
        meta["years"] = tuple(sorted(set(years)))
    elif issued_year:
        meta["years"] = (issued_year,)
    elif years := re.findall(r"(?<![\d/.-])((?:19|20)\d{2})(?![\d/.-])", source):
        meta["years"] = tuple(sorted({int(y) for y in years}))
    meta["continues"] = "cac nam tiep theo" in fold(source)
    return meta


def _other_word_table(row: RawRow, t: _Table) -> bool:
    """A row of another Word table than the table's last row, with another number of columns."""
    last = t.rows[-1] if t.rows else t.header
    return row.source[0] != last.source[0] and row.source[1] != t.header.source[1]


def _is_column(spec: str, index: int, header: str) -> bool:
    """--section-column names a column by header (accents optional), letter (C) or number (3)."""
    s = spec.strip()
    if s.isdigit():
        return int(s) == index + 1
    if re.fullmatch(r"[A-Za-z]{1,2}", s) and fold(s) != fold(header):
        return column_letter(index) == s.upper()
    return fold(s) == fold(header)


def _is_text_row(row: RawRow, t: _Table) -> bool:
    """A row that is only text in its first cells (a caption), no numbered data."""
    texts = row.texts
    if not texts or len(texts) > 2:
        return False
    tt = parse_tt(row.cell(t.col_of("tt")) if t.col_of("tt") is not None else "")
    return tt.kind in ("bad", "empty") or (tt.kind == "number" and bool(tt.title))


class _Walker:
    def __init__(self, imp: Importer, t: _Table):
        self.imp = imp
        self.t = t
        self.name = t.raw.name
        self.tt_col = t.col_of("tt")
        self.prev: Entry | None = None  # the entry the last row went into
        self.after_table = False
        self.headerless: set[int] = set()

    def cells(self, row: RawRow) -> dict[str, Cell]:
        out = {}
        for index, _header, fld in self.t.columns:
            text = row.cell(index)
            if fld == "-":
                continue
            key = fld if fld != "?" else f"?{index}"
            out[key] = Cell(text, index, row.merged.get(index, ""))
        # values in columns without a header: kept in the notes, reported once per column
        known = {i for i, _, _ in self.t.columns}
        for index, text in enumerate(row.cells):
            if text and index not in known:
                out[f"?{index}"] = Cell(text, index)
                if index not in self.headerless:
                    self.headerless.add(index)
                    self.imp.diag(
                        "KH620",
                        f"column {column_letter(index)} has values but no header; they are "
                        "kept in the notes of each row",
                        self.name,
                        row.number,
                        index,
                        hint="give the column a header, or delete it",
                    )
        return out

    def rows(self):
        first = True
        for row in self.t.rows:
            if not row.texts:
                continue
            if len(row.texts) >= 3 and row.texts == [str(n) for n in range(1, len(row.texts) + 1)]:
                first = False
                continue  # the column-number row under a header (repeated on every page): 1 2 3 …
            if first and all(re.fullmatch(r"\d{1,2}", c) for c in row.texts) and len(row.texts) >= 3:
                first = False
                continue  # the column-number row under a header: 1 2 3 …
            first = False
            if self.after_table:
                continue
            tt_text = row.cell(self.tt_col)
            if (
                len(row.texts) == 1
                and fold(row.texts[0]).startswith(("ghi chu", "chu thich", "luu y"))
                and parse_tt(tt_text).kind in ("bad", "empty")
                or fold(row.texts[0]).startswith("ghi chu:")
            ):
                rest = [r for r in self.t.rows if r.number > row.number and r.texts]
                self.imp.diag(
                    "KH622",
                    f"the rows from here on ({1 + len(rest)}) follow the table (notes under it) and are not imported",
                    self.name,
                    row.number,
                )
                self.after_table = True
                continue
            yield row

    def join(self, entry: Entry, row: RawRow, cells: dict[str, Cell]) -> None:
        """A row without a number continues the row above: join each cell's text to the one above."""
        for key, cell in cells.items():
            if not cell.text or cell.merged or key == "tt":
                continue
            above = entry.cells.get(key)
            if above is None or not above.text:
                entry.cells[key] = Cell(cell.text, cell.col)
            else:
                above.text = f"{above.text}\n{cell.text}"
        self.imp.diag(
            "KH624",
            f"the row has no number (TT); it is joined to the row above ({entry.id})",
            self.name,
            row.number,
            self.tt_col,
            hint="a row broken over a page or a merged cell; check the joined text",
        )

    def heading_title(self, row: RawRow, cells: dict[str, Cell], tt: TT) -> str:
        """A heading's title: the content column, else the first text after the number, else the number cell's
        own text ("III. Đoàn sử dụng …")."""
        content = _CONTENT[self.t.kind]
        title = cells[content].text if content and content in cells else ""
        if not title:
            title = next(
                (c.text for k, c in sorted(cells.items(), key=lambda kv: kv[1].col) if c.text and k != "tt"), ""
            )
        return title or tt.title

    def tt_of(self, row: RawRow) -> TT:
        """The row's number; a number cell merged with the row above counts as empty (the row continues it)."""
        if self.tt_col is None:
            return TT("auto")
        if self.tt_col in row.merged:
            return TT("empty")
        return parse_tt(row.cell(self.tt_col))

    def stray_text(self, row: RawRow, tt: TT) -> bool:
        """A row holding only text in the number column (a footnote, a caption): skipped with a warning."""
        if tt.kind == "bad" and len(row.texts) == 1:
            self.imp.diag(
                "KH622",
                f"the text '{_squash(row.texts[0])[:60]}' is not a table row; it is not imported",
                self.name,
                row.number,
                self.tt_col,
            )
            return True
        return False

    def only_none(self, cells: dict[str, Cell]) -> bool:
        texts = [c.text for k, c in cells.items() if k != "tt" and c.text]
        return bool(texts) and all(fold(x) in ("khong", "khong co") for x in texts)


class _TaskWalker(_Walker):
    """Sections and task items from the rows of a task table.

    ``base`` is the section the last Roman (or letter, or ``II.1``) heading row opened; a numbered row's id is
    ``<base>.<number>`` (just ``<number>`` before any heading). A numbered row with only a title that has rows
    numbered under it (5 → 5.1, 5.2) becomes a sub-section. A "Mã" (id) column, when filled, gives the id.
    """

    def __init__(self, imp: Importer, t: _Table):
        super().__init__(imp, t)
        self.base: Entry | None = None
        self.local: dict[str, Entry] = {}  # the numbered rows since the last heading, by number
        self.sec_col = t.col_of("section")
        self.column_sections: dict[str, Entry] = {}
        self.locals: dict[int, dict[str, Entry]] = {}  # id(section) -> its numbered rows (--section-column)
        self.implicit: Entry | None = None  # holds numbered tasks of a table without headings

    def walk(self) -> None:
        for row in self.rows():
            cells = self.cells(row)
            tt = self.tt_of(row)
            if tt.title and "task" in cells and not cells["task"].text:
                cells["task"].text = tt.title
            if self.stray_text(row, tt):
                continue
            if self.sec_col is not None:
                self.by_column(row, cells, tt)
            elif tt.kind in ("roman", "letter"):
                self.new_section(row, cells, tt.value, None)
            elif tt.kind == "full":
                self.full(row, cells, tt.value)
            elif tt.kind == "number":
                self.numbered(row, cells, tt.value)
            elif tt.kind == "empty":
                self.unnumbered(row, cells)
            elif tt.kind in ("bullet", "auto"):
                self.auto(row, cells)
            else:
                self.imp.diag(
                    "KH623",
                    f"cannot read the number '{tt.value}' in the TT column",
                    self.name,
                    row.number,
                    self.tt_col,
                    hint="write 1, 2 … for tasks, 5.1 for sub-tasks, I, II or II.1 for sections",
                )
        if self.implicit is not None and not self.implicit.items and not self.implicit.sections:
            self.imp.sections.remove(self.implicit)
            if self.imp.by_id.get("§I") is self.implicit:
                del self.imp.by_id["§I"]

    # -- structure -----------------------------------------------------------------------------------------
    def prefix(self) -> str:
        return f"{self.base.id}." if self.base is not None else ""

    def container(self, row: RawRow) -> Entry:
        """The section numbered rows go into: the last heading's, or one made up for a table without headings."""
        if self.base is not None:
            return self.base
        if self.implicit is None:
            self.implicit = Entry("section", "I", row.number, {"task": Cell("Nhiệm vụ", 0)})
            self.register(self.implicit, None, row)
        return self.implicit

    def register(self, entry: Entry, parent: Entry | None, row: RawRow) -> None:
        """Add the entry to the tree; a repeated id is reported once (not again for the rows under it)."""
        key = f"§{entry.id}" if entry.kind == "section" else entry.id
        if key in self.imp.by_id:
            if not any(entry.id.startswith(p + ".") for p in self.imp.repeated):
                what = "section" if entry.kind == "section" else "number"
                self.imp.diag(
                    "KH204",
                    f"id '{entry.id}' is used twice: the {what} {entry.local or entry.id} repeats one above",
                    self.name,
                    row.number,
                    self.tt_col,
                    hint="check the numbering in the TT column",
                )
            if entry.kind == "section":
                self.imp.repeated.add(entry.id)
        else:
            self.imp.by_id[key] = entry
        entry.parent = parent
        if entry.kind == "section":
            (parent.sections if parent else self.imp.sections).append(entry)
        else:
            parent.items.append(entry)
        self.imp._t_of[id(entry)] = self.t

    def new_section(self, row: RawRow, cells: dict[str, Cell], sid: str, parent: Entry | None) -> None:
        sec = Entry("section", _given_id(cells) or sid, row.number, cells)
        self.heading_extras(sec, row)
        self.register(sec, parent, row)
        self.base = sec
        self.local = {}
        self.prev = sec

    def full(self, row: RawRow, cells: dict[str, Cell], value: str) -> None:
        """``II.1`` (or ``II.I``) with only a title opens a sub-section of II; with a lead or a time it is a task."""
        parent_id = value.rsplit(".", 1)[0] if "." in value else ""
        parent = self.imp.by_id.get(f"§{parent_id}") if parent_id else None
        if not _item_like(cells):
            if parent_id and parent is None:
                self.imp.diag(
                    "KH623",
                    f"section '{value}' has no section '{parent_id}' above it",
                    self.name,
                    row.number,
                    self.tt_col,
                    hint=f"add the heading row {parent_id}",
                )
            self.new_section(row, cells, value, parent)
        else:
            self.new_item(row, cells, value, parent or self.container(row), "")

    def heading_extras(self, sec: Entry, row: RawRow) -> None:
        if not sec.text("task"):
            title = self.heading_title(row, sec.cells, TT("x"))
            sec.cells["task"] = Cell(title, self.t.col_of("task") or 0)
            for k, c in list(sec.cells.items()):
                if k != "task" and c.text == title:
                    c.text = ""
        for key, cell in sec.cells.items():
            if key in ("tt", "task", "notes", "id") or not cell.text:
                continue
            header = next((h for i, h, _ in self.t.columns if i == cell.col), column_letter(cell.col))
            sec.extra_notes.append(f"{_squash(header)}: {_squash(cell.text)}")
            self.imp.diag(
                "KH629",
                f"the heading row has a value under '{_squash(header)}'; it is kept in the section's notes",
                self.name,
                row.number,
                cell.col,
            )

    def new_item(self, row: RawRow, cells: dict[str, Cell], iid: str, parent: Entry, local: str) -> Entry:
        item = Entry("item", _given_id(cells) or iid, row.number, cells, local=local)
        self.register(item, parent, row)
        if local:
            self.local[local] = item
        self.prev = item
        return item

    def promote(self, item: Entry) -> Entry:
        """A numbered row without a lead that has rows below it (5 → 5.1, 5.2) is a sub-section."""
        parent = item.parent
        parent.items.remove(item)
        if self.imp.by_id.get(item.id) is item:
            del self.imp.by_id[item.id]
        sec = Entry("section", item.id, item.row, item.cells, local=item.local)
        if parent is self.implicit:  # a numbered heading in a table without Roman headings: a top-level section
            sec.parent = None
            self.imp.sections.append(sec)
        else:
            sec.parent = parent
            parent.sections.append(sec)
        self.imp.by_id.setdefault(f"§{sec.id}", sec)
        self.imp._t_of[id(sec)] = self.t
        self.local[item.local] = sec
        return sec

    def numbered(self, row: RawRow, cells: dict[str, Cell], local: str) -> None:
        parent = self.container(row)
        if "." in local:
            parent_local = local.rsplit(".", 1)[0]
            above = self.local.get(parent_local)
            where = f" in section {self.base.id}" if self.base is not None else ""
            if above is None:
                self.imp.diag(
                    "KH623",
                    f"row {local} has no row {parent_local} above it{where}",
                    self.name,
                    row.number,
                    self.tt_col,
                    hint=f"add the row {parent_local}, or renumber",
                )
            elif above.kind == "item" and above.has_data:
                self.imp.diag(
                    "KH623",
                    f"row {local} comes under {parent_local}, which is a task (it has a lead "
                    "or a time); only a row with just a title can head sub-rows",
                    self.name,
                    row.number,
                    self.tt_col,
                    hint=f"empty the other cells of row {parent_local}, or renumber",
                )
            else:
                parent = self.promote(above) if above.kind == "item" else above
        self.new_item(row, cells, self.prefix() + local, parent, local)

    def unnumbered(self, row: RawRow, cells: dict[str, Cell]) -> None:
        prev = self.prev
        data = _item_like(cells)
        if prev is not None and prev.kind == "item" and (prev.has_data or not data):
            self.join(prev, row, cells)
        elif (
            prev is not None
            and prev.kind == "section"
            and not data
            and not self.only_none(cells)
            and not prev.items
            and not prev.sections
        ):
            self.join(prev, row, cells)  # a heading broken over two lines
        else:
            self.auto(row, cells)

    def auto(self, row: RawRow, cells: dict[str, Cell]) -> None:
        """A row without a number that is not a continuation: the next number where it stands."""
        prev = self.prev
        if prev is not None and prev.kind == "item" and not prev.has_data and _item_like(cells) and prev.local:
            parent = self.promote(prev)
            local = f"{prev.local}.{len(parent.items) + 1}"
        elif prev is not None and prev.kind == "section" and prev.local:
            parent, local = prev, f"{prev.local}.{len(prev.items) + 1}"
        elif prev is not None and prev.kind == "item" and prev.parent and prev.parent.local:
            parent = prev.parent
            local = f"{parent.local}.{len(parent.items) + 1}"
        else:
            parent = self.container(row)
            numbers = [int(k) for k in self.local if k.isdigit()]
            local = str(max(numbers, default=0) + 1)
        item = self.new_item(row, cells, self.prefix() + local, parent, local)
        if self.tt_col is not None:
            self.imp.diag(
                "KH626",
                f"the row has no number (TT); it is numbered {local} ({item.id})",
                self.name,
                row.number,
                self.tt_col,
            )

    def by_column(self, row: RawRow, cells: dict[str, Cell], tt: TT) -> None:
        """--section-column: each row names its section; rows of one section need not be together."""
        value = _squash(cells["section"].text) if "section" in cells else ""
        if not value:
            if tt.kind == "empty" and self.prev is not None and self.prev.kind == "item":
                self.join(self.prev, row, cells)
                return
            if self.base is None:
                self.imp.diag(
                    "KH623", "the row has no section in the section column", self.name, row.number, self.sec_col
                )
                return
        else:
            key = fold(value)
            sec = self.column_sections.get(key)
            if sec is None:
                m = re.match(r"^([IVX]+|[A-Z])[.)]?\s+(\S.*)$", value)
                sid, title = (
                    (m[1], m[2])
                    if m and (is_roman(m[1]) or len(m[1]) == 1)
                    else (to_roman(len(self.column_sections) + 1), value)
                )
                sec = Entry("section", sid, row.number, {"task": Cell(title, self.sec_col)})
                self.register(sec, None, row)
                self.column_sections[key] = sec
            self.base = sec
            self.local = self.locals.setdefault(id(sec), {})
        cells = {k: c for k, c in cells.items() if k != "section"}
        if tt.kind == "number":
            self.numbered(row, cells, tt.value)
        elif tt.kind == "full":
            self.new_item(row, cells, tt.value, self.base, "")
        else:
            numbers = [int(k) for k in self.local if k.isdigit()]
            local = str(max(numbers, default=0) + 1)
            if tt.kind not in ("empty", "auto"):
                self.imp.diag(
                    "KH623", f"cannot read the number '{tt.value}' in the TT column", self.name, row.number, self.tt_col
                )
            self.new_item(row, cells, f"{self.base.id}.{local}", self.base, local)


def _given_id(cells: dict[str, Cell]) -> str:
    cell = cells.get("id")
    return _squash(cell.text) if cell and cell.text else ""


class _DelegationWalker(_Walker):
    def __init__(self, imp: Importer, t: _Table):
        super().__init__(imp, t)
        self.group = ""
        self.group_key = ""
        self.direction = imp.opt.direction or self.detect_direction()
        self.level = imp.opt.level or self.detect_level()
        self.reported_direction = False
        self.group_col = t.col_of("group") if t.col_of("group") is not None else t.col_of("section")

    def detect_direction(self) -> str | None:
        fields = {f for _, _, f in self.t.columns}
        if "destination" in fields and "origin" not in fields:
            return "out"
        if "origin" in fields and "destination" not in fields:
            return "in"
        for line in reversed([" ".join(r.texts) for r in self.t.preamble]):
            if d := _direction_from_text(line):
                return d
        return None

    def detect_level(self) -> str | None:
        for line in reversed([" ".join(r.texts) for r in self.t.preamble]):
            if lv := _level_from_text(line):
                return lv
        return None

    def walk(self) -> None:
        for row in self.rows():
            cells = self.cells(row)
            tt = self.tt_of(row)
            if self.stray_text(row, tt):
                continue
            if tt.kind in ("roman", "letter") or (tt.kind == "number" and tt.title and not _item_like(cells)):
                if tt.kind == "number":
                    self.imp.diag(
                        "KH622", "a caption inside the table is read as a group heading", self.name, row.number
                    )
                self.group_key = tt.value if tt.kind != "number" else ""
                title = tt.title or self.heading_title(row, cells, tt)
                self.group = _squash(title)
                if lv := _level_from_text(title):
                    self.level = self.imp.opt.level or lv
                if d := _direction_from_text(title):
                    self.direction = self.imp.opt.direction or d
                continue
            if tt.kind == "empty":
                if self.prev is not None:
                    self.join(self.prev, row, cells)
                    continue
                if not _item_like(cells):
                    self.group = _squash(" ".join(c.text for c in cells.values() if c.text))
                    continue
            if self.only_none(cells):
                self.imp.diag("KH627", "the row says only 'Không' (none); it is not imported", self.name, row.number)
                continue
            direction = self.row_direction(row, cells)
            prefix = "DR" if direction == "out" else "DV"
            if tt.kind == "full":
                did = tt.value
            elif tt.kind == "number":
                did = ".".join(x for x in (prefix, self.group_key, tt.value) if x)
            elif tt.kind == "bad":
                self.imp.diag(
                    "KH623", f"cannot read the number '{tt.value}' in the TT column", self.name, row.number, self.tt_col
                )
                continue
            else:
                stem = f"{prefix}.{self.group_key}".rstrip(".")
                n = 1 + sum(1 for d in self.imp.delegations if d.id.startswith(stem + "."))
                did = ".".join(x for x in (prefix, self.group_key, str(n)) if x)
                if self.tt_col is not None:
                    self.imp.diag(
                        "KH626", f"the row has no number (TT); it is numbered {did}", self.name, row.number, self.tt_col
                    )
            did = _given_id(cells) or did
            entry = Entry("delegation", did, row.number, cells, direction=direction)
            entry.level = self.row_level(row, cells)
            group = cells.get("group") or cells.get("section")
            entry.group = _squash(group.text) if group and group.text else self.group
            if did in self.imp.by_id:
                self.imp.diag(
                    "KH204",
                    f"id '{did}' is used twice",
                    self.name,
                    row.number,
                    self.tt_col,
                    hint="number the rows, or head each group with a row such as 'A' or 'II'",
                )
                continue
            self.imp.by_id[did] = entry
            self.imp._t_of[id(entry)] = self.t
            self.imp.delegations.append(entry)
            self.prev = entry

    def row_direction(self, row: RawRow, cells: dict[str, Cell]) -> str:
        cell = cells.get("direction")
        if cell and cell.text:
            value = _DIRECTIONS.get(fold(cell.text))
            if value:
                return value
            self.imp.diag("KH630", f"'{cell.text}' is not Đoàn ra or Đoàn vào", self.name, row.number, cell.col)
        if self.direction:
            return self.direction
        if not self.reported_direction:
            self.reported_direction = True
            self.imp.diag(
                "KH628",
                "cannot tell whether the delegations are outbound (đoàn ra) or inbound (đoàn vào)",
                self.name,
                self.t.header.number,
                hint="pass --direction out or --direction in, or add a column 'Đoàn ra/vào'",
            )
        return "out"

    def row_level(self, row: RawRow, cells: dict[str, Cell]) -> str | None:
        cell = cells.get("level")
        if cell and cell.text:
            value = _LEVELS.get(fold(cell.text))
            if value:
                return value
            self.imp.diag(
                "KH630", f"'{cell.text}' is not a level (cấp tỉnh or cấp sở, ngành)", self.name, row.number, cell.col
            )
        return self.level


def _item_like(cells: dict[str, Cell]) -> bool:
    return any(c.text for k, c in cells.items() if k not in ("tt", "task", "notes", "section", "group", "id"))


# -- entry point -------------------------------------------------------------------------------------------
def import_table(
    path: Path, options: ImportOptions | None = None, registry: Registry | None = None, display: str | None = None
) -> ImportResult:
    """Read ``path`` and build a plan document from its table(s); problems come back as diagnostics."""
    options = options or ImportOptions()
    path = Path(path)
    raws = read_tables(path, options.sheet, options.delimiter, display)
    imp = Importer(options, registry)
    imp.run(raws)
    data: dict[str, Any] = {"kehoach": 1, "plan": imp.plan_meta(path.stem, path.stem)}
    if imp.province == "" and data["plan"].get("province"):
        imp.province = data["plan"]["province"]
    data["sections"] = [imp.section_dict(s, imp._t_of) for s in imp.sections]
    if imp.delegations:
        data["delegations"] = [imp.convert_item(d, imp._t_of[id(d)]) for d in imp.delegations]
    imp.report_unknown_agencies()
    data = {k: data[k] for k in KEY_ORDER["top"] if k in data}
    diags = sorted(imp.diags, key=lambda d: (d.file, d.line, d.column, d.code))
    return ImportResult(data, diags, imp.tables, next((r.plan_id for r in raws if r.plan_id), None), imp.results)


# -- writing ---------------------------------------------------------------------------------------------
def check_output(text: str, display: str, registry: Registry | None) -> list[Diagnostic]:
    """Validate the YAML about to be written; only errors are returned (warnings were reported on the table)."""
    from kehoach.loader import parse_text
    from kehoach.validate import check_document

    try:
        doc = parse_text(text, display)
    except PlanDataError as exc:
        return exc.diagnostics
    return [d for d in check_document(doc, registry) if d.severity == ERROR]


def plan_id_owner(plan_id: str, plans_dir: Path | None, skip: Path | None = None) -> str | None:
    """The plan file under ``plans_dir`` that already uses ``plan_id`` (None when it is free)."""
    if plans_dir is None or not Path(plans_dir).is_dir():
        return None
    from kehoach.cache import load_cached
    from kehoach.repo import AGENCY_FILE, display_path, plan_files

    for path in plan_files([Path(plans_dir)]):
        if path.name == AGENCY_FILE or (skip is not None and path.resolve() == Path(skip).resolve()):
            continue
        try:
            data = load_cached(path, display_path(path)).data
        except PlanDataError:
            continue
        if isinstance(data, dict) and isinstance(data.get("plan"), dict) and data["plan"].get("id") == plan_id:
            return display_path(path)
    return None


# -- the whole command -------------------------------------------------------------------------------------
MAPPABLE = sorted({*KEY_ORDER["item"], *KEY_ORDER["delegation"], "tt", "result", "-"})


def parse_column_map(specs: list[str]) -> dict[str, str]:
    """``--map 'Đơn vị thực hiện=lead'`` → {header: field}; the field must be a plan key, tt, id or '-'."""
    out = {}
    for spec in specs:
        header, sep, fld = spec.rpartition("=")
        header, fld = header.strip(), fld.strip()
        if not sep or not header or not fld:
            raise UsageError(f"--map {spec!r}: write HEADER=FIELD, e.g. 'Đơn vị thực hiện=lead'")
        if fld not in MAPPABLE:
            raise UsageError(f"--map {spec!r}: '{fld}' is not a plan field", hint="fields: " + ", ".join(MAPPABLE))
        out[header] = fld
    return out


def registry_for(plans_dir: Path | None) -> Registry | None:
    """The agency registry of the plans folder (None when there is none or it cannot be read)."""
    from kehoach.agencies import registry_from_data
    from kehoach.cache import load_cached
    from kehoach.repo import AGENCY_FILE, display_path

    if plans_dir is None:
        return None
    path = Path(plans_dir) / AGENCY_FILE
    if not path.is_file():
        return None
    try:
        return registry_from_data(load_cached(path, display_path(path)).data, str(path))
    except PlanDataError:
        return None


@dataclass
class ImportRun:
    """What ``kehoach import`` did: the result, the YAML text, and where it went (None: not written)."""

    result: ImportResult
    text: str
    written: Path | None = None


def _overwrite_warning(path: Path, new_data: dict) -> list[Diagnostic]:
    """KH636: what ``import --force`` over an existing plan file loses (reporting rules, statuses, progress,
    notes, comments …), with the pointer to ``--update``."""
    from kehoach.tableupdate import count_comments, overwrite_losses

    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
        from kehoach.loader import parse_text

        old = parse_text(text, str(path)).data
    except (OSError, UnicodeDecodeError, PlanDataError):
        return []
    if not isinstance(old, dict) or not isinstance(old.get("plan"), dict):
        return []
    lost = overwrite_losses(old, new_data)
    comments = count_comments(text)
    if comments and comments > 1:  # the schema comment on the first line is written again
        lost.append(f"{comments - 1} comment line(s)")
    if not lost:
        return []
    return [
        Diagnostic(
            "KH636",
            f"--force replaces {path} and loses: " + "; ".join(lost),
            str(path),
            hint="to keep them, update the plan from the table instead: kehoach import FILE --update",
        )
    ]


def import_plan(
    path: Path,
    options: ImportOptions,
    registry: Registry | None = None,
    output: Path | None = None,
    force: bool = False,
    plans_dir: Path | None = None,
    strict: bool = False,
    display: str | None = None,
) -> ImportRun:
    """Import ``path`` and, when there are no errors, write the plan to ``output`` (refusing to overwrite a
    plan file unless ``force``). The YAML is validated before it is written; a plan id another plan already
    uses is an error (KH206)."""
    from kehoach.fileio import guard_output, is_stdout, write_output

    output = None if is_stdout(output) else output
    if output is not None:
        # a NEW plan file may be written into the plans folder (it is validated first); only overwriting an
        # existing file needs --force
        guard_output(output, force or not Path(output).exists(), plans_dir)
    result = import_table(path, options, registry, display)
    text = dump_plan(result.data)
    out_name = str(output) if output is not None else "<stdout>"
    if result.ok:  # a safety net: the table's own problems were reported on its cells
        result.diagnostics.extend(check_output(text, out_name, registry))
    owner = plan_id_owner(result.data["plan"]["id"], plans_dir, skip=output)
    if owner:
        result.diagnostics.append(
            Diagnostic(
                "KH206",
                f"plan id '{result.data['plan']['id']}' is already used by {owner}",
                result.tables[0].name if result.tables else str(path),
                hint="choose another id with --plan-id",
            )
        )
    if strict:
        result.diagnostics = [d.with_severity(ERROR) for d in result.diagnostics]
    if output is not None and force and Path(output).is_file():
        result.diagnostics.extend(_overwrite_warning(Path(output), result.data))
    run = ImportRun(result, text)
    if output is not None and result.ok:
        write_output(Path(output), text)
        run.written = Path(output)
    return run
