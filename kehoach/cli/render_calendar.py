"""Rendering `kehoach calendar` as month tables on the terminal.

Each month is drawn by the table renderer of `due` (`render_entries.entries_table`, `cli/table.py`): the
columns fit the page (every column on a wide one; deadline, state and a text column carrying the agency and
the plan · item reference on a narrow one), text wraps between words and nothing is cut off at 80 or 120
columns.
"""

from __future__ import annotations

from kehoach.calendar_ics import Calendar
from kehoach.cli.output import note, write_text
from kehoach.cli.render_entries import entries_table, partial_notice
from kehoach.cli.table import page, paragraph


def render_calendar_table(cal: Calendar) -> None:
    if cal.notice:
        note(cal.notice)
    if partial := partial_notice(cal.entries):
        note(partial)
    out = page()
    months = cal.by_month()
    parts = [paragraph(cal.title, "bold", out) + "\n"]
    for month, entries in months:
        parts.append(entries_table(entries, cal.today, f"Tháng {month}/{cal.year} ({len(entries)})", out))
    parts.append(paragraph(f"{len(cal.entries)} hạn trong {len(months)} tháng.", "dim", out) + "\n")
    write_text("".join(parts))
