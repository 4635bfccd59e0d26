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
from kehoach.model import Plan
from kehoach.status import DONE, LABELS_VI, normalize_status
from kehoach.tables.numbering import parse_tt
from kehoach.tables.span import span_of
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
    ("output", "Sản phẩm", False),
    ("funding", "Nguồn kinh phí", True),
    ("status", "Tình trạng", True),
    ("done_on", "Ngày hoàn thành", True),
    ("result", "Kết quả", True),
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
    ("status", "Tình trạng", True),
    ("done_on", "Ngày hoàn thành", True),
    ("result", "Kết quả", True),
    ("progress", "Nhật ký tiến độ", False),
    ("notes", "Ghi chú", False),
]
# Columns a workbook computes (read-only look, never read back by import): the deadline kehoach reads from
# the time text (or "due"), and the days left (negative: late) as a live formula. After "when".
COMPUTED_COLUMNS = [("deadline", "Hạn"), ("days_left", "Còn / trễ (ngày)")]
STATUS_LABELS = {k: v[:1].upper() + v[1:] for k, v in LABELS_VI.items()}  # Chưa thực hiện, Hoàn thành …
DEFAULT_REMIND = 30  # days: amber when the deadline is this close (an item's own "remind" wins), as upcoming
DIRECTION_LABELS = {"out": "Đoàn ra", "in": "Đoàn vào"}
LEVEL_LABELS = {"province": "Cấp tỉnh", "department": "Cấp sở, ngành"}


@dataclass
class ExportRow:
    values: dict[str, Any]
    heading: bool = False  # a section row
    item_id: str | None = None  # the task or delegation the row shows


@dataclass
class ExportTable:
    name: str  # sheet name
    caption: list[str]  # lines above the header
    columns: list[tuple[str, str]]  # (field, header)
    rows: list[ExportRow] = field(default_factory=list)
    remind: int = DEFAULT_REMIND  # days before a deadline a row turns amber in a workbook

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
                self.rows.append(ExportRow(values, item_id=str(entry.get("id", ""))))
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


def _tracker_values(plan: Plan, rows: list[ExportRow]) -> None:
    """The tracker's cells of each item row: Tình trạng as a Vietnamese label, Kết quả (the latest progress
    note), and the computed deadline (``due``, else the deadline read from the time text) and remind days."""
    items = {i.id: i for i in plan.items}
    for row in rows:
        if row.heading:
            continue
        status = normalize_status(row.values.get("status"))
        row.values["status"] = STATUS_LABELS.get(status, row.values.get("status"))
        progress = [p for p in row.values.get("progress") or [] if isinstance(p, dict)]
        if progress and progress[-1].get("note"):
            row.values["result"] = str(progress[-1]["note"])
        item = items.get(row.item_id or "")
        if item is not None:
            row.values["deadline"] = item.due or (item.timeframe.deadline if item.timeframe else None)
            row.values["remind_days"] = item.remind


def task_table(plan: Plan, data: dict) -> ExportTable:
    layout = _TaskLayout()
    layout.top([s for s in data.get("sections") or [] if isinstance(s, dict)])
    _tracker_values(plan, layout.rows)
    columns = _columns(TASK_COLUMNS, layout.rows)
    return ExportTable("Nhiệm vụ", caption(plan), columns, layout.rows, plan.longest_remind() or DEFAULT_REMIND)


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
        rows.append(ExportRow(values, item_id=str(entry.get("id", ""))))
    _tracker_values(plan, rows)
    columns = _columns(DELEGATION_COLUMNS, rows)
    return ExportTable("Đoàn ra, đoàn vào", caption(plan), columns, rows, plan.longest_remind() or DEFAULT_REMIND)


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
    lines = [plan.title, "(" + " ".join(parts) + ")"]
    # the span, when the title does not say it (import reads the years from the title, else from this line)
    issued_year = issued.year if isinstance(issued, dt.date) else None
    said, goes_on = span_of(plan.title, issued_year)
    years = tuple(plan.years)
    if years and (said != years or goes_on != bool(plan.continues)):
        span = f"năm {years[0]}" if len(years) == 1 else f"năm {years[0]} - {years[-1]}"
        lines.append(f"(Thời gian thực hiện: {span}{' và các năm tiếp theo' if plan.continues else ''})")
    return lines


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
FONT = "Times New Roman"
_WIDTHS = {
    "tt": 7,
    "id": 10,
    "task": 55,
    "purpose": 45,
    "basis": 35,
    "output": 35,
    "notes": 30,
    "result": 40,
    "when": 18,
    "deadline": 12,
    "days_left": 10,
    "status": 16,
    "done_on": 13,
    "due": 12,
    "members": 9,
    "days": 9,
    "budget": 16,
    "direction": 11,
    "level": 13,
}
_GREY, _GREY_TEXT = "EDEDED", "595959"
_HEADER_FILL = "DDEBF7"
_RED, _AMBER, _GREEN = "F8CBAD", "FFE699", "C6EFCE"


def _sheet_columns(table: ExportTable) -> list[tuple[str, str]]:
    """The table's columns with the computed ones after the time column (task and delegation tables)."""
    out = []
    for f, h in table.columns:
        out.append((f, h))
        if f == "when":
            out.extend(COMPUTED_COLUMNS)
    return out


def to_xlsx(tables: list[ExportTable], plan_id: str | None = None) -> bytes:
    """A workbook that is a tracker, one sheet per table: the title lines, a header frozen and repeated on
    every printed page, an autofilter; Tình trạng a drop-down of the Vietnamese labels, Ngày hoàn thành a
    date, Kết quả free text; the computed Hạn and Còn / trễ (ngày) greyed; rows red when overdue, amber
    when due within the remind days, green when done; Times New Roman, borders, A4 landscape fit to width.
    The plan id is the workbook's ``identifier`` property, so ``import --update`` finds the plan."""
    from openpyxl import Workbook
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    wb.remove(wb.active)
    if plan_id:
        wb.properties.identifier = plan_id
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for table in tables:
        ws = wb.create_sheet(table.name[:31])
        columns = _sheet_columns(table)
        col = {f: get_column_letter(c) for c, (f, _h) in enumerate(columns, start=1)}
        width = len(columns)
        r = 1
        for i, line in enumerate(table.caption):
            cell = ws.cell(r, 1, _ILLEGAL.sub("", line))
            cell.data_type = "s"  # plan text: never a formula
            cell.font = Font(name=FONT, size=13 if i == 0 else 12, bold=i == 0, italic=i > 0)
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
            if width > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            r += 1
        r += 1
        header_row = r
        for c, (f, header) in enumerate(columns, start=1):
            cell = ws.cell(r, c, header)
            computed = f in ("deadline", "days_left")
            cell.font = Font(name=FONT, bold=True, color=_GREY_TEXT if computed else None)
            cell.fill = PatternFill("solid", fgColor=_GREY if computed else _HEADER_FILL)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            cell.border = border
        first = header_row + 1
        for row in table.rows:
            r += 1
            for c, (f, _h) in enumerate(columns, start=1):
                cell = ws.cell(r, c)
                _write_value(cell, f, row, col, r)
                cell.alignment = Alignment(
                    wrap_text=True,
                    vertical="top",
                    horizontal="center" if f in ("tt", "deadline", "days_left", "done_on", "due") else None,
                )
                cell.border = border
                computed = f in ("deadline", "days_left")
                cell.font = Font(name=FONT, bold=row.heading, color=_GREY_TEXT if computed else None)
                if computed:
                    cell.fill = PatternFill("solid", fgColor=_GREY)
        last = max(r, first)
        for c, (f, _h) in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(c)].width = _WIDTHS.get(f, 22)
        ws.freeze_panes = ws.cell(first, 1)
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(width)}{last}"
        if "status" in col:
            labels = ",".join(STATUS_LABELS.values())
            dv = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True, showDropDown=False)
            dv.error, dv.errorTitle = "Chọn một tình trạng trong danh sách", "Tình trạng"
            dv.prompt, dv.promptTitle = labels.replace(",", ", "), "Tình trạng"
            ws.add_data_validation(dv)
            dv.add(f"{col['status']}{first}:{col['status']}{last}")
        if "done_on" in col:
            dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
            dv.error, dv.errorTitle = "Nhập ngày, ví dụ 30/06/2025", "Ngày hoàn thành"
            ws.add_data_validation(dv)
            dv.add(f"{col['done_on']}{first}:{col['done_on']}{last}")
        if "deadline" in col and "status" in col and table.rows:
            area = f"A{first}:{get_column_letter(width)}{last}"
            h, st = f"${col['deadline']}{first}", f"${col['status']}{first}"
            done, cancelled = STATUS_LABELS[DONE], STATUS_LABELS["cancelled"]
            open_ = f'{st}<>"{done}",{st}<>"{cancelled}"'
            ws.conditional_formatting.add(
                area,
                FormulaRule(formula=[f'{st}="{done}"'], fill=PatternFill("solid", bgColor=_GREEN), stopIfTrue=True),
            )
            ws.conditional_formatting.add(
                area,
                FormulaRule(
                    formula=[f"AND(ISNUMBER({h}),{h}<TODAY(),{open_})"],
                    fill=PatternFill("solid", bgColor=_RED),
                    stopIfTrue=True,
                ),
            )
            ws.conditional_formatting.add(
                area,
                FormulaRule(
                    formula=[f"AND(ISNUMBER({h}),{h}>=TODAY(),{h}-TODAY()<={table.remind},{open_})"],
                    fill=PatternFill("solid", bgColor=_AMBER),
                    stopIfTrue=True,
                ),
            )
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _write_value(cell, f: str, row: ExportRow, col: dict[str, str], r: int) -> None:
    value = row.values.get(f)
    if row.heading and f in ("deadline", "days_left"):
        return
    if f == "days_left":
        h, st = f"{col['deadline']}{r}", f"{col['status']}{r}" if "status" in col else '""'
        done, cancelled = STATUS_LABELS[DONE], STATUS_LABELS["cancelled"]
        cell.value = f'=IF(OR(NOT(ISNUMBER({h})),{st}="{done}",{st}="{cancelled}"),"",{h}-TODAY())'
        cell.number_format = "0"
        return
    if f in ("members", "days", "budget", "remind") and isinstance(value, int) and not isinstance(value, bool):
        cell.value = value
        if f == "budget":
            cell.number_format = "#,##0"
    elif isinstance(value, dt.date) and f in ("due", "done_on", "deadline"):
        cell.value = value
        cell.number_format = "dd/mm/yyyy"
    elif f == "done_on":
        cell.number_format = "dd/mm/yyyy"
        cell.value = _ILLEGAL.sub("", cell_text(f, value)) or None
    else:
        text = _ILLEGAL.sub("", cell_text(f, value))
        cell.value = text or None
        if text:
            cell.data_type = "s"  # plan text: never a formula


def export_plan(plan: Plan, data: dict, fmt: str = "csv", which: str = "all") -> str | bytes:
    """The plan's tables as CSV/TSV text or XLSX bytes."""
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    tables = plan_tables(plan, data, which)
    if fmt == "xlsx":
        return to_xlsx(tables, plan.id)
    return to_csv(tables, "\t" if fmt == "tsv" else ",")
