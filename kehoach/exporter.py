"""Export a plan's task and delegation tables to CSV/TSV or XLSX, with the Vietnamese headers of the plans.

The task table is laid out the way a Phụ lục is: a Roman-numeral row per section, numbered rows for the
tasks (numbered within the section, 5.1 under a sub-section 5), so that ``kehoach import`` turns the table
back into the same sections and ids. Where an id cannot be read from that numbering, a "Mã" (id) column
carries it. Delegations are one table with "Đoàn ra/vào", "Cấp" and "Nhóm" columns and their ids in TT.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from kehoach.errors import UsageError
from kehoach.importer import parse_tt
from kehoach.model import Plan
from kehoach.text import spreadsheet_safe, visible

FORMATS = ("csv", "tsv", "xlsx")
TABLES = ("all", "tasks", "delegations")

# (field, header, always shown). Only the columns a plan uses are written, plus the "always" ones.
TASK_COLUMNS: list[tuple[str, str, bool]] = [
    ("tt", "TT", True),
    ("id", "Mã", False),
    ("task", "Nhiệm vụ cụ thể", True),
    ("lead", "Cơ quan chủ trì", True),
    ("support", "Cơ quan phối hợp", True),
    ("when", "Thời gian thực hiện", True),
    ("due", "Hạn cụ thể", False),
    ("remind", "Nhắc trước (ngày)", False),
    ("partner", "Đối tác", False),
    ("country", "Quốc gia", False),
    ("basis", "Căn cứ", True),
    ("funding", "Nguồn kinh phí", True),
    ("status", "Trạng thái", False),
    ("done_on", "Ngày hoàn thành", False),
    ("progress", "Nhật ký tiến độ", False),
    ("notes", "Ghi chú", False),
]
DELEGATION_COLUMNS: list[tuple[str, str, bool]] = [
    ("tt", "TT", True),
    ("direction", "Đoàn ra/vào", True),
    ("level", "Cấp", False),
    ("group", "Nhóm", False),
    ("destination", "Nơi đến", False),
    ("origin", "Đến từ", False),
    ("country", "Quốc gia", False),
    ("partner", "Đối tác làm việc", False),
    ("when", "Thời gian thực hiện", True),
    ("due", "Hạn cụ thể", False),
    ("remind", "Nhắc trước (ngày)", False),
    ("field", "Lĩnh vực", False),
    ("purpose", "Nội dung hoạt động", False),
    ("leader", "Trưởng đoàn", False),
    ("composition", "Thành phần đoàn", False),
    ("members", "Số người", False),
    ("days", "Số ngày", False),
    ("lead", "Cơ quan chủ trì", True),
    ("support", "Cơ quan phối hợp", False),
    ("budget", "Kinh phí", False),
    ("funding", "Nguồn kinh phí", False),
    ("status", "Trạng thái", False),
    ("done_on", "Ngày hoàn thành", False),
    ("progress", "Nhật ký tiến độ", False),
    ("notes", "Ghi chú", False),
]
DIRECTION_LABELS = {"out": "Đoàn ra", "in": "Đoàn vào"}
LEVEL_LABELS = {"province": "Cấp tỉnh", "department": "Cấp sở, ngành"}


@dataclass
class ExportRow:
    values: dict[str, Any]
    heading: bool = False  # a section row


@dataclass
class ExportTable:
    name: str  # sheet name
    caption: list[str]  # lines above the header
    columns: list[tuple[str, str]]  # (field, header)
    rows: list[ExportRow] = field(default_factory=list)

    def cells(self, row: ExportRow) -> list[Any]:
        return [row.values.get(f) for f, _ in self.columns]


# -- the task table ----------------------------------------------------------------------------------------
def _natural(key: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.]", key))


def _relative(child: str, base: str | None) -> str | None:
    """``II.1.5`` relative to base ``II.1`` → ``5``; None when it is not below the base as plain numbers."""
    if base is None:
        rest = child
    elif child.startswith(base + "."):
        rest = child[len(base) + 1 :]
    else:
        return None
    return (
        rest if re.fullmatch(r"\d+(?:\.\d+)*", rest) and all(not p.startswith("0") for p in rest.split(".")) else None
    )


class _TaskLayout:
    """Chooses each row's TT so that the importer's numbering rules give back the ids (else a Mã cell)."""

    def __init__(self):
        self.rows: list[ExportRow] = []
        self.needs_id = False

    def top(self, sections: list[dict]) -> None:
        for sec in sections:
            tt = parse_tt(str(sec.get("id", "")))
            if tt.kind in ("roman", "letter") and tt.value == str(sec["id"]):
                self.heading(sec, str(sec["id"]), None)
                self.children(sec, base=str(sec["id"]), prefix=None)
            else:
                local = _relative(str(sec.get("id", "")), None)
                given = None
                if local is None or "." in local:
                    local, given = self.free([], None, len(self.rows) + 1), str(sec.get("id"))
                self.heading(sec, local, given)
                self.children(sec, base=None, prefix=local)

    def free(self, used: list[str], prefix: str | None, start: int) -> str:
        n = start
        while True:
            cand = f"{prefix}.{n}" if prefix else str(n)
            if cand not in used:
                return cand
            n += 1

    def heading(self, sec: dict, tt: str, given: str | None) -> None:
        values = {"tt": tt, "task": sec.get("title"), "notes": sec.get("notes")}
        if given is not None:
            values["id"] = given
            self.needs_id = True
        self.rows.append(ExportRow(values, heading=True))

    def children(self, sec: dict, base: str | None, prefix: str | None) -> None:
        """Rows for the items and sub-sections of ``sec``; ``prefix`` is sec's own number when it is a
        numbered heading (5 → its rows are 5.1, 5.2), None when sec opened ``base``."""
        items = [i for i in sec.get("items") or [] if isinstance(i, dict)]
        subs = [s for s in sec.get("sections") or [] if isinstance(s, dict)]
        opening = []  # sub-sections written as "II.1" rows (they open a new base): only under a base, no items
        numbered = []
        for sub in subs:
            tt = parse_tt(str(sub.get("id", "")))
            sid = str(sub.get("id", ""))
            if (
                prefix is None
                and base is not None
                and not items
                and tt.kind == "full"
                and tt.value == sid
                and sid.rsplit(".", 1)[0] == base
            ):
                opening.append(sub)
            else:
                numbered.append(sub)
        used = []
        plan: list[tuple[str, str, dict, str | None]] = []  # (sort key, kind, entry, tt)
        for kind, entries in (("item", items), ("section", numbered)):
            for entry in entries:
                local = _relative(str(entry.get("id", "")), base)
                parent = local.rsplit(".", 1)[0] if local and "." in local else None
                ok = local is not None and parent == prefix and (kind == "item" or _has_rows(entry))
                plan.append((local if ok else "", kind, entry, local if ok else None))
                if ok:
                    used.append(local)
        rows = []
        for _key, kind, entry, tt in plan:
            given = None
            if tt is None:
                tt = self.free(used, prefix, 1)
                used.append(tt)
                given = str(entry.get("id", ""))
            rows.append((tt, kind, entry, given))
        rows.sort(key=lambda r: _natural(r[0]))
        for tt, kind, entry, given in rows:
            if kind == "item":
                values = {k: v for k, v in entry.items() if k != "id"}
                values["tt"] = tt
                if given is not None:
                    values["id"] = given
                    self.needs_id = True
                self.rows.append(ExportRow(values))
            else:
                self.heading(entry, tt, given)
                self.children(entry, base=base, prefix=tt)
        for sub in opening:
            self.heading(sub, str(sub["id"]), None)
            self.children(sub, base=str(sub["id"]), prefix=None)


def _has_rows(sec: dict) -> bool:
    return bool(sec.get("items") or sec.get("sections"))


def _columns(spec: list[tuple[str, str, bool]], rows: list[ExportRow], extra: set[str] = frozenset()) -> list:
    used = {k for r in rows for k, v in r.values.items() if v not in (None, "", [])} | set(extra)
    return [(f, h) for f, h, always in spec if always or f in used]


def task_table(plan: Plan, data: dict) -> ExportTable:
    layout = _TaskLayout()
    layout.top([s for s in data.get("sections") or [] if isinstance(s, dict)])
    columns = _columns(TASK_COLUMNS, layout.rows)
    return ExportTable("Nhiệm vụ", caption(plan), columns, layout.rows)


def delegation_table(plan: Plan, data: dict) -> ExportTable:
    rows = []
    for entry in data.get("delegations") or []:
        if not isinstance(entry, dict):
            continue
        values = dict(entry)
        values["tt"] = str(entry.get("id", ""))
        values.pop("id", None)
        values["direction"] = DIRECTION_LABELS.get(entry.get("direction"), entry.get("direction"))
        if entry.get("level") is not None:
            values["level"] = LEVEL_LABELS.get(entry.get("level"), entry.get("level"))
        rows.append(ExportRow(values))
    columns = _columns(DELEGATION_COLUMNS, rows)
    return ExportTable("Đoàn ra, đoàn vào", caption(plan), columns, rows)


def caption(plan: Plan) -> list[str]:
    """The title lines above a table: the plan's title, then "(Kèm theo Kế hoạch số … ngày … của …)"."""
    meta = plan.meta
    parts = ["Kèm theo Kế hoạch"]
    if plan.number:
        parts.append(f"số {plan.number}")
    issued = meta.get("issued")
    if isinstance(issued, dt.date):
        parts.append(f"ngày {issued.day}/{issued.month}/{issued.year}")
    issuer = meta.get("issuer") or (f"Ủy ban nhân dân tỉnh {plan.province}" if plan.province else "")
    if issuer:
        parts.append(f"của {issuer}")
    return [plan.title, "(" + " ".join(parts) + ")"]


def plan_tables(plan: Plan, data: dict, which: str = "all") -> list[ExportTable]:
    if which not in TABLES:
        raise UsageError(f"--table {which!r}: choose one of {', '.join(TABLES)}")
    tables = []
    if which in ("all", "tasks") and (data.get("sections") or which == "tasks"):
        tables.append(task_table(plan, data))
    if which in ("all", "delegations") and (data.get("delegations") or which == "delegations"):
        tables.append(delegation_table(plan, data))
    if not tables:
        tables.append(task_table(plan, data))
    return tables


# -- cell values -------------------------------------------------------------------------------------------
def cell_text(name: str, value: Any) -> str:
    """A value as text in a CSV cell (lists joined with '; ', budgets as 709.465.000, dates ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if name == "progress":
            return "\n".join(_progress_line(p) for p in value)
        return "; ".join(str(v) for v in value if v is not None)
    if isinstance(value, dt.date):
        return value.isoformat()
    if name == "budget" and isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)


def _progress_line(entry: Any) -> str:
    if isinstance(entry, dict):
        day = entry.get("date")
        day = day.isoformat() if isinstance(day, dt.date) else str(day or "")
        return f"{day}: {entry.get('note') or ''}".strip()
    return str(entry)


def to_csv(tables: list[ExportTable], delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for n, table in enumerate(tables):
        if n:
            writer.writerow([])
        width = len(table.columns)
        for line in table.caption if n == 0 else [table.name]:
            writer.writerow([spreadsheet_safe(visible(line))] + [""] * (width - 1))
        if n == 0:
            writer.writerow([""] * width)
        writer.writerow([h for _, h in table.columns])
        for row in table.rows:
            writer.writerow([spreadsheet_safe(visible(cell_text(f, row.values.get(f)))) for f, _ in table.columns])
    return buf.getvalue()


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def to_xlsx(tables: list[ExportTable]) -> bytes:
    """A workbook with one sheet per table: title lines, a bold header row frozen at the top, wrapped text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    widths = {
        "tt": 9,
        "id": 10,
        "task": 60,
        "purpose": 50,
        "basis": 40,
        "notes": 40,
        "when": 18,
        "members": 9,
        "days": 9,
        "budget": 16,
        "direction": 11,
        "level": 13,
    }
    for table in tables:
        ws = wb.create_sheet(table.name[:31])
        width = len(table.columns)
        r = 1
        for i, line in enumerate(table.caption):
            cell = ws.cell(r, 1, _ILLEGAL.sub("", line))
            cell.data_type = "s"  # plan text: never a formula
            cell.font = Font(bold=i == 0, italic=i > 0)
            if width > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            r += 1
        r += 1
        header_row = r
        for c, (_f, header) in enumerate(table.columns, start=1):
            cell = ws.cell(r, c, header)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        for row in table.rows:
            r += 1
            for c, (f, _h) in enumerate(table.columns, start=1):
                value = row.values.get(f)
                cell = ws.cell(r, c)
                if (
                    f in ("members", "days", "budget", "remind")
                    and isinstance(value, int)
                    and not isinstance(value, bool)
                ):
                    cell.value = value
                    if f == "budget":
                        cell.number_format = "#,##0"
                elif isinstance(value, dt.date) and f in ("due", "done_on"):
                    cell.value = value
                    cell.number_format = "yyyy-mm-dd"
                else:
                    text = _ILLEGAL.sub("", cell_text(f, value))
                    cell.value = text or None
                    if text:
                        cell.data_type = "s"  # plan text: never a formula
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if row.heading:
                    cell.font = Font(bold=True)
        for c, (f, _h) in enumerate(table.columns, start=1):
            ws.column_dimensions[get_column_letter(c)].width = widths.get(f, 24)
        ws.freeze_panes = ws.cell(header_row + 1, 1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_plan(plan: Plan, data: dict, fmt: str = "csv", which: str = "all") -> str | bytes:
    """The plan's tables as CSV/TSV text or XLSX bytes."""
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    tables = plan_tables(plan, data, which)
    if fmt == "xlsx":
        return to_xlsx(tables)
    return to_csv(tables, "\t" if fmt == "tsv" else ",")
