"""Rendering `kehoach calendar` as month tables on the terminal."""

from __future__ import annotations

from kehoach.calendar_ics import KIND_LABELS, Calendar
from kehoach.cli.output import console, note
from kehoach.cli.render_entries import deadline_text, partial_notice, style_for
from kehoach.deadlines import STATE_LABELS


def render_calendar_table(cal: Calendar) -> None:
    from rich.table import Table

    out = console()
    if cal.notice:
        note(cal.notice)
    if partial := partial_notice(cal.entries):
        note(partial)
    out.print(cal.title, markup=False, style="bold")
    for month, entries in cal.by_month():
        table = Table(title=f"Tháng {month}/{cal.year} ({len(entries)})", title_justify="left", expand=False)
        table.add_column("Hạn", no_wrap=True)
        table.add_column("Loại", max_width=10)
        table.add_column("Nội dung", overflow="fold", min_width=30, ratio=1)
        table.add_column("Chủ trì / đơn vị", overflow="fold", max_width=26)
        table.add_column("Kế hoạch · Mục", overflow="fold", max_width=24)
        table.add_column("Tình trạng", overflow="fold", max_width=18)
        for e in entries:
            table.add_row(
                deadline_text(e),
                KIND_LABELS.get(e.kind, e.kind),
                " ".join(e.text.split()),
                "; ".join(e.lead),
                f"{e.plan.label} · {e.id}",
                STATE_LABELS[e.state(cal.today)],
                style=style_for(e, cal.today),
            )
        out.print(table)
    out.print(f"{len(cal.entries)} hạn trong {len(cal.by_month())} tháng.", style="dim")
