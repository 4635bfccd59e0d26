"""Rendering deadline entries as a rich table, JSON, CSV or Markdown."""

from __future__ import annotations

import datetime as dt

from kehoach.cli.output import console, to_csv, to_json, to_markdown, write_text
from kehoach.deadlines import (
    CANCELLED_STATE,
    DONE_LATE,
    DONE_ON_TIME,
    NO_DEADLINE,
    OPEN_OVERDUE,
    STATE_LABELS,
    Entry,
)

COLUMNS = ["plan", "number", "id", "kind", "task", "lead", "when", "deadline", "status", "state", "days"]
MD_HEADERS = ["Kế hoạch", "Số", "Mục", "Loại", "Nội dung", "Chủ trì", "Thời gian", "Hạn", "Trạng thái",
              "Tình trạng", "Ngày"]
KIND_VI = {"task": "nhiệm vụ", "delegation": "đoàn", "milestone": "mốc", "report": "báo cáo"}
SOON_DAYS = 14


def style_for(entry: Entry, today: dt.date) -> str:
    state = entry.state(today)
    if state == OPEN_OVERDUE:
        return "red"
    if state in (DONE_ON_TIME, DONE_LATE, CANCELLED_STATE):
        return "dim"
    days = entry.days(today)
    if days is not None and days <= SOON_DAYS:
        return "yellow"
    return ""


def days_text(entry: Entry, today: dt.date) -> str:
    days = entry.days(today)
    if days is None:
        return ""
    if entry.state(today) in (DONE_ON_TIME, DONE_LATE, CANCELLED_STATE):
        return ""
    if days == 0:
        return "hôm nay"
    return f"còn {days} ngày" if days > 0 else f"trễ {-days} ngày"


def render_entries(entries: list[Entry], today: dt.date, fmt: str, title: str = "", footer: str = "",
                   notice: str | None = None) -> None:
    rows = [e.to_row(today) for e in entries]
    if fmt == "json":
        write_text(to_json(rows))
        return
    if fmt == "csv":
        write_text(to_csv(rows, COLUMNS))
        return
    if fmt == "md":
        md_rows = [dict(r, state=r["state_label"]) for r in rows]
        text = (f"**{title}**\n\n" if title else "") + to_markdown(md_rows, COLUMNS, MD_HEADERS)
        write_text(text + (f"\n{footer}\n" if footer else ""))
        return
    from rich.table import Table

    out = console()
    if notice:
        console(stderr=True).print(f"note: {notice}", markup=False, style="cyan")
    table = Table(title=title or None, show_lines=False, expand=False, title_justify="left")
    table.add_column("Hạn", no_wrap=True)
    table.add_column("Còn", max_width=12)
    table.add_column("Tình trạng", max_width=26)
    table.add_column("Loại", max_width=9)
    table.add_column("Chủ trì", max_width=28)
    table.add_column("Nội dung", ratio=1, min_width=30)
    table.add_column("Kế hoạch · Mục", max_width=24)
    for e in entries:
        state = e.state(today)
        label = STATE_LABELS[state]
        if state == NO_DEADLINE and e.timing in ("ongoing", "conditional", "invalid"):
            label = {"ongoing": "thường xuyên", "conditional": "theo điều kiện",
                     "invalid": "thời gian không đọc được"}[e.timing]
        table.add_row(
            e.deadline.strftime("%d/%m/%Y") if e.deadline else "—",
            days_text(e, today),
            label,
            KIND_VI.get(e.kind, e.kind),
            "; ".join(e.lead),
            e.text,
            f"{e.plan.label} · {e.id}",
            style=style_for(e, today),
        )
    out.print(table)
    if footer:
        out.print(footer, markup=False, style="dim")
