"""Size limits for everything kehoach reads, in one place; each exceeded limit is a clear error, never a
process that runs out of memory.

Real inputs are far below every limit: the largest shipped plan is under 100 KB, a province's task table a
few hundred rows of a dozen columns. A workbook is a zip archive: its entries are counted and their
uncompressed sizes added up from the archive's directory *before* openpyxl opens it (a 1 MB file can
hold a 1 GiB string), and its XML parts are refused if they declare a DTD or entities (XML bombs and
external entities). See docs/security.md.
"""

from __future__ import annotations

from pathlib import Path

MAX_PLAN_BYTES = 10 * 1024 * 1024  # a plan file (validate, every read, diff, set, fmt)
MAX_TABLE_BYTES = 10 * 1024 * 1024  # a CSV/TSV or .xlsx file to import
MAX_ZIP_ENTRIES = 2000  # parts of a workbook (sheets, styles, relations …)
MAX_ZIP_UNCOMPRESSED = 16 * 1024 * 1024  # all parts of a workbook, uncompressed
MAX_ROWS = 20_000  # rows of an imported table
MAX_COLUMNS = 200  # columns of an imported table
MAX_CELL_CHARS = 32_767  # characters in one cell (Excel's own limit)

_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".docx", ".zip")


class LimitError(ValueError):
    """An input over one of the limits; ``code`` is its diagnostic (KH122 size, KH123 XML declarations)."""

    def __init__(self, message: str, code: str = "KH122", line: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.line = line


def check_shape(rows: int, columns: int) -> None:
    """Raise LimitError for a table (or a sheet's used range) over MAX_ROWS rows or MAX_COLUMNS columns."""
    if rows > MAX_ROWS:
        raise LimitError(f"the table has {rows:,} rows or more; the limit is {MAX_ROWS:,}", line=MAX_ROWS + 1)
    if columns > MAX_COLUMNS:
        raise LimitError(f"the table has {columns:,} columns; the limit is {MAX_COLUMNS:,}")


def check_cells(cells: list[str], line: int) -> None:
    """Raise LimitError for a row of more than MAX_COLUMNS cells or a cell over MAX_CELL_CHARS characters."""
    if len(cells) > MAX_COLUMNS:
        raise LimitError(f"the row has {len(cells):,} cells; the limit is {MAX_COLUMNS:,}", line=line)
    for cell in cells:
        if len(cell) > MAX_CELL_CHARS:
            raise LimitError(f"a cell holds {len(cell):,} characters; the limit is {MAX_CELL_CHARS:,}", line=line)


def check_table_file(path: Path) -> None:
    """Raise LimitError when the file to import is too large, or (a workbook) holds too many or too large
    parts, or XML with a DTD or entity declarations. Nothing is decompressed beyond the XML scan, which
    reads each part in pieces and stops at the limit."""
    size = Path(path).stat().st_size
    if size > MAX_TABLE_BYTES:
        raise LimitError(f"the file is {size:,} bytes; the limit is {MAX_TABLE_BYTES:,}")
    if Path(path).suffix.lower() in _WORKBOOK_SUFFIXES:
        check_zip(path)


def check_zip(path: Path) -> None:
    import zipfile

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: the reader says so in its own words
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise LimitError(f"the workbook has {len(infos):,} parts; the limit is {MAX_ZIP_ENTRIES:,}")
        total = sum(info.file_size for info in infos)
        if total > MAX_ZIP_UNCOMPRESSED:
            raise LimitError(f"the workbook holds {total:,} bytes uncompressed; the limit is {MAX_ZIP_UNCOMPRESSED:,}")
        read = 0
        for info in infos:
            if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            try:
                with archive.open(info) as fh:
                    head, tail = b"", b""
                    while chunk := fh.read(1 << 20):
                        read += len(chunk)
                        if read > MAX_ZIP_UNCOMPRESSED:  # the directory lied about the sizes
                            raise LimitError(f"the workbook holds over {MAX_ZIP_UNCOMPRESSED:,} bytes uncompressed")
                        if not head:
                            head = chunk[:4]
                        if _declares(tail + chunk, head):
                            raise LimitError(
                                f"the part {info.filename} declares a DTD or entities (<!DOCTYPE or <!ENTITY): "
                                "a workbook never needs one; it is refused before it is parsed",
                                code="KH123",
                            )
                        tail = chunk[-64:]
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
                return  # damaged or encrypted: the reader reports it


def _declares(data: bytes, head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 XML
        data = data.decode("utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be", "ignore").encode()
    upper = data.upper()
    return b"<!DOCTYPE" in upper or b"<!ENTITY" in upper
