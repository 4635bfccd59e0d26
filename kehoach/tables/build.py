"""Build a plan document from raw tables.

Find the header row(s) and map each header to a plan field (``vocabulary``) → walk the data rows, turning
Roman-numeral rows into sections (or delegation groups) and numbered rows into items, joining rows that
continue the row above → convert each cell (agency lists, time texts, numbers, dates) → sections, items and
delegations in canonical key order, plus diagnostics that point at the row and column of the table.
Nothing here prints or exits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kehoach.agencies import Registry
from kehoach.diagnostics import ERROR, Diagnostic, has_errors
from kehoach.errors import UsageError
from kehoach.model import DELEGATION, TASK, as_date
from kehoach.spec import KEY_ORDER
from kehoach.status import PLANNED, normalize_status
from kehoach.tables.cells import (
    DIRECTIONS,
    LEVELS,
    direction_from_text,
    level_from_text,
    parse_amount,
    split_agencies,
    split_roles,
    squash,
)
from kehoach.tables.numbering import TT, is_roman, parse_tt, to_roman
from kehoach.tables.preamble import preamble_meta
from kehoach.tables.read import RawRow, RawTable, column_letter
from kehoach.tables.vocabulary import header_field, table_kind
from kehoach.text import fold, slugify
from kehoach.timeframe import FIXED, TimeParseError, parse_when

_CONTENT = {TASK: "task", DELEGATION: None}  # the column a heading's title is read from (delegations: first text)
_AGENCY_FIELDS = ("lead", "support")


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


# -- building --------------------------------------------------------------------------------------------
@dataclass
class TableCell:
    text: str
    col: int
    merged: str = ""


@dataclass
class TableRow:
    """A section/heading row or an item/delegation row, with its cells joined over continuation rows."""

    kind: str  # section | item | delegation
    id: str
    row: int
    cells: dict[str, TableCell] = field(default_factory=dict)
    local: str = ""  # the number relative to its base section ("5.1")
    items: list[TableRow] = field(default_factory=list)
    sections: list[TableRow] = field(default_factory=list)
    parent: TableRow | None = None
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


class PlanBuilder:
    def __init__(self, options: ImportOptions, registry: Registry | None):
        self.opt = options
        self.registry = registry if registry and registry.agencies else None
        self.province = options.province or ""
        self.diags: list[Diagnostic] = []
        self.tables: list[TableInfo] = []
        self.sections: list[TableRow] = []
        self.by_id: dict[str, TableRow] = {}
        self.delegations: list[TableRow] = []
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
            count = len(where)
            if count > 1:  # one whole message each, so that the interface language has both
                message = f"agency '{agency}' is not in the registry ({count} cells: {shown})"
            else:
                message = f"agency '{agency}' is not in the registry"
            self.diag(
                "KH502",
                message,
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
                listed = "; ".join(f"{n}. {t.raw.name} row {t.header.number}" for n, t in enumerate(found, 1))
                raise UsageError(
                    f"--table {self.opt.table}: the file holds {len(found)} table(s)", hint=f"tables: {listed}"
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
                    f"header '{squash(header)}' is not recognised; its values are kept in the notes of each row",
                    name,
                    t.header.number,
                    index,
                    hint=f"rename the header, or map it: --map '{squash(header)}=FIELD' "
                    "(FIELD a plan key, or - to leave the column out)",
                )
        if self.opt.section_column and t.col_of("section") is None:
            raise UsageError(
                f"--section-column {self.opt.section_column!r}: no such column in {name}",
                hint="headers: " + ", ".join(squash(h) for _, h, _ in t.columns),
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
            "id": self.opt.plan_id or _id_from_meta(meta, self.opt) or slugify(default_id) or "imported-plan",
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
    def convert_item(self, entry: TableRow, t: _Table) -> dict:
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
        if result and (not progress or squash(progress[-1]["note"]) != result):
            # "Kết quả": the result so far, kept as a progress entry of the day of the import
            out["progress"] = [*progress, {"date": self.opt.today or dt.date.today(), "note": result}]
        order = KEY_ORDER["item" if kind == "item" else "delegation"]
        return {k: out[k] for k in order if k in out and out[k] not in (None, "", [])}

    def _field(self, out: dict, notes: list[str], name: str, cell: TableCell, entry: TableRow, t: _Table) -> None:
        table = t.raw.name
        text = cell.text
        allowed = KEY_ORDER["item" if entry.kind == "item" else "delegation"] + ["funding_or_budget", "result"]
        if name == "?" or name not in allowed:
            header = next((h for i, h, _ in t.columns if i == cell.col), "") or f"Cột {column_letter(cell.col)}"
            notes.append(f"{squash(header)}: {squash(text)}")
            return
        if name == "-":
            return
        if name in _AGENCY_FIELDS:
            roles = split_roles(text) if name == "lead" else None
            if roles is not None:  # 'Chủ trì: X. Phối hợp: Y.' in one cell: Y co-operates
                text, support = roles
                more = split_agencies(support, self.registry, self.province)
                out["support"] = [*out.get("support", []), *(n for n in more if n not in out.get("support", []))]
                for agency in more:
                    if self.registry and self.registry.resolve(agency, self.province) is None:
                        self.unknown.setdefault(agency, []).append((table, entry.row, cell.col))
            names = split_agencies(text, self.registry, self.province)
            out[name] = names
            for agency in names:
                if self.registry and self.registry.resolve(agency, self.province) is None:
                    self.unknown.setdefault(agency, []).append((table, entry.row, cell.col))
        elif name == "when":
            value = squash(text)
            out["when"] = value
            try:
                tf = parse_when(value, year=self.year, years=self.years, continues=self.continues)
            except TimeParseError as exc:
                self.diag(exc.code, exc.message, table, entry.row, cell.col, hint=exc.suggestion)
                return
            if tf.unread:
                self.diag(
                    "KH306",
                    tf.partial_message(),
                    table,
                    entry.row,
                    cell.col,
                    hint="rewrite the time as kehoach reads it (try `kehoach when TEXT`), "
                    "or move the extra words to notes",
                )
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
                    f"'{squash(text)}' is not a date that exists",
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
            self.results[entry.id] = squash(text)
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
            out[name] = squash(text)
        elif name == "progress":
            out[name] = self._progress(text, table, entry.row, cell.col)
        elif name in ("members", "days", "budget"):
            n = parse_amount(text)
            out[name] = n if n is not None else squash(text)
        elif name == "funding_or_budget":
            n = parse_amount(text)
            if n is not None and "budget" not in out:
                out["budget"] = n
            else:
                out["funding"] = squash(text)
        elif name == "notes":
            notes.insert(0, squash(text))
        else:
            out[name] = squash(text)

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

    def section_dict(self, sec: TableRow, t_of: dict) -> dict:
        out: dict[str, Any] = {"id": sec.id, "title": squash(sec.text("task")) or sec.id}
        notes = [x for x in [squash(sec.text("notes"))] + sec.extra_notes if x]
        if notes:
            out["notes"] = "; ".join(notes)
        if sec.items:
            out["items"] = [self.convert_item(i, t_of[id(i)]) for i in sec.items]
        if sec.sections:
            out["sections"] = [self.section_dict(s, t_of) for s in sec.sections]
        return out


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
    def __init__(self, imp: PlanBuilder, t: _Table):
        self.imp = imp
        self.t = t
        self.name = t.raw.name
        self.tt_col = t.col_of("tt")
        self.prev: TableRow | None = None  # the entry the last row went into
        self.after_table = False
        self.headerless: set[int] = set()

    def cells(self, row: RawRow) -> dict[str, TableCell]:
        out = {}
        for index, _header, fld in self.t.columns:
            text = row.cell(index)
            if fld == "-":
                continue
            key = fld if fld != "?" else f"?{index}"
            out[key] = TableCell(text, index, row.merged.get(index, ""))
        # values in columns without a header: kept in the notes, reported once per column
        known = {i for i, _, _ in self.t.columns}
        for index, text in enumerate(row.cells):
            if text and index not in known:
                out[f"?{index}"] = TableCell(text, index)
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

    def join(self, entry: TableRow, row: RawRow, cells: dict[str, TableCell]) -> None:
        """A row without a number continues the row above: join each cell's text to the one above."""
        for key, cell in cells.items():
            if not cell.text or cell.merged or key == "tt":
                continue
            above = entry.cells.get(key)
            if above is None or not above.text:
                entry.cells[key] = TableCell(cell.text, cell.col)
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

    def heading_title(self, row: RawRow, cells: dict[str, TableCell], tt: TT) -> str:
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
                f"the text '{squash(row.texts[0])[:60]}' is not a table row; it is not imported",
                self.name,
                row.number,
                self.tt_col,
            )
            return True
        return False

    def only_none(self, cells: dict[str, TableCell]) -> bool:
        texts = [c.text for k, c in cells.items() if k != "tt" and c.text]
        return bool(texts) and all(fold(x) in ("khong", "khong co") for x in texts)


class _TaskWalker(_Walker):
    """Sections and task items from the rows of a task table.

    ``base`` is the section the last Roman (or letter, or ``II.1``) heading row opened; a numbered row's id is
    ``<base>.<number>`` (just ``<number>`` before any heading). A numbered row with only a title that has rows
    numbered under it (5 → 5.1, 5.2) becomes a sub-section. A "Mã" (id) column, when filled, gives the id.
    """

    def __init__(self, imp: PlanBuilder, t: _Table):
        super().__init__(imp, t)
        self.base: TableRow | None = None
        self.local: dict[str, TableRow] = {}  # the numbered rows since the last heading, by number
        self.sec_col = t.col_of("section")
        self.column_sections: dict[str, TableRow] = {}
        self.locals: dict[int, dict[str, TableRow]] = {}  # id(section) -> its numbered rows (--section-column)
        self.implicit: TableRow | None = None  # holds numbered tasks of a table without headings

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

    def container(self, row: RawRow) -> TableRow:
        """The section numbered rows go into: the last heading's, or one made up for a table without headings."""
        if self.base is not None:
            return self.base
        if self.implicit is None:
            self.implicit = TableRow("section", "I", row.number, {"task": TableCell("Nhiệm vụ", 0)})
            self.register(self.implicit, None, row)
        return self.implicit

    def register(self, entry: TableRow, parent: TableRow | None, row: RawRow) -> None:
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

    def new_section(self, row: RawRow, cells: dict[str, TableCell], sid: str, parent: TableRow | None) -> None:
        sec = TableRow("section", _given_id(cells) or sid, row.number, cells)
        self.heading_extras(sec, row)
        self.register(sec, parent, row)
        self.base = sec
        self.local = {}
        self.prev = sec

    def full(self, row: RawRow, cells: dict[str, TableCell], value: str) -> None:
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

    def heading_extras(self, sec: TableRow, row: RawRow) -> None:
        if not sec.text("task"):
            title = self.heading_title(row, sec.cells, TT("x"))
            sec.cells["task"] = TableCell(title, self.t.col_of("task") or 0)
            for k, c in list(sec.cells.items()):
                if k != "task" and c.text == title:
                    c.text = ""
        for key, cell in sec.cells.items():
            if key in ("tt", "task", "notes", "id") or not cell.text:
                continue
            header = next((h for i, h, _ in self.t.columns if i == cell.col), column_letter(cell.col))
            sec.extra_notes.append(f"{squash(header)}: {squash(cell.text)}")
            self.imp.diag(
                "KH629",
                f"the heading row has a value under '{squash(header)}'; it is kept in the section's notes",
                self.name,
                row.number,
                cell.col,
            )

    def new_item(self, row: RawRow, cells: dict[str, TableCell], iid: str, parent: TableRow, local: str) -> TableRow:
        item = TableRow("item", _given_id(cells) or iid, row.number, cells, local=local)
        self.register(item, parent, row)
        if local:
            self.local[local] = item
        self.prev = item
        return item

    def promote(self, item: TableRow) -> TableRow:
        """A numbered row without a lead that has rows below it (5 → 5.1, 5.2) is a sub-section."""
        parent = item.parent
        parent.items.remove(item)
        if self.imp.by_id.get(item.id) is item:
            del self.imp.by_id[item.id]
        sec = TableRow("section", item.id, item.row, item.cells, local=item.local)
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

    def numbered(self, row: RawRow, cells: dict[str, TableCell], local: str) -> None:
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

    def unnumbered(self, row: RawRow, cells: dict[str, TableCell]) -> None:
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

    def auto(self, row: RawRow, cells: dict[str, TableCell]) -> None:
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

    def by_column(self, row: RawRow, cells: dict[str, TableCell], tt: TT) -> None:
        """--section-column: each row names its section; rows of one section need not be together."""
        value = squash(cells["section"].text) if "section" in cells else ""
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
                sec = TableRow("section", sid, row.number, {"task": TableCell(title, self.sec_col)})
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


def _given_id(cells: dict[str, TableCell]) -> str:
    cell = cells.get("id")
    return squash(cell.text) if cell and cell.text else ""


class _DelegationWalker(_Walker):
    def __init__(self, imp: PlanBuilder, t: _Table):
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
            if d := direction_from_text(line):
                return d
        return None

    def detect_level(self) -> str | None:
        for line in reversed([" ".join(r.texts) for r in self.t.preamble]):
            if lv := level_from_text(line):
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
                self.group = squash(title)
                if lv := level_from_text(title):
                    self.level = self.imp.opt.level or lv
                if d := direction_from_text(title):
                    self.direction = self.imp.opt.direction or d
                continue
            if tt.kind == "empty":
                if self.prev is not None:
                    self.join(self.prev, row, cells)
                    continue
                if not _item_like(cells):
                    self.group = squash(" ".join(c.text for c in cells.values() if c.text))
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
            entry = TableRow("delegation", did, row.number, cells, direction=direction)
            entry.level = self.row_level(row, cells)
            group = cells.get("group") or cells.get("section")
            entry.group = squash(group.text) if group and group.text else self.group
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

    def row_direction(self, row: RawRow, cells: dict[str, TableCell]) -> str:
        cell = cells.get("direction")
        if cell and cell.text:
            value = DIRECTIONS.get(fold(cell.text))
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

    def row_level(self, row: RawRow, cells: dict[str, TableCell]) -> str | None:
        cell = cells.get("level")
        if cell and cell.text:
            value = LEVELS.get(fold(cell.text))
            if value:
                return value
            self.imp.diag(
                "KH630", f"'{cell.text}' is not a level (cấp tỉnh or cấp sở, ngành)", self.name, row.number, cell.col
            )
        return self.level


def _item_like(cells: dict[str, TableCell]) -> bool:
    return any(c.text for k, c in cells.items() if k not in ("tt", "task", "notes", "section", "group", "id"))


def _id_from_meta(meta: dict, opt) -> str:
    """A plan id from what the title lines say, as the shipped plans are named: province, number, first year
    ("Kế hoạch số 45/KH-UBND ngày 05/3/2026 của UBND tỉnh Lào Cai" → ``lao-cai-45-2026``); "" when they do
    not say enough (the file name is used then)."""
    number = opt.number if opt.number is not None else meta.get("number")
    province = opt.province or meta.get("province")
    years = tuple(opt.years or ()) or tuple(meta.get("years") or ())
    head = str(number or "").split("/")[0].strip()
    if not (head and province and years):
        return ""
    return slugify(f"{province} {head} {min(years)}")
