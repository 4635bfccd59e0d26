"""`kehoach calendar` as text: month tables, Markdown, JSON or iCalendar.

Each month is drawn by the table renderer of `due` (`render.entries.entries_table`, `render/table.py`): the
columns fit the page (every column on a wide one; deadline, state and a text column carrying the agency and
the plan · item reference on a narrow one), text wraps between words and nothing is cut off at 80 or 120
columns.
"""

from __future__ import annotations

from kehoach.calendar_ics import Calendar
from kehoach.render.table import Page, paragraph

MD_COLUMNS = ["month", "deadline", "kind", "id", "task", "lead", "number", "state_label"]
MD_HEADERS = ["Tháng", "Hạn", "Loại", "Mục", "Nội dung", "Chủ trì", "Kế hoạch", "Tình trạng"]


def calendar_text(cal: Calendar, fmt: str, out: Page) -> str:
    """The calendar in ``fmt``: "table" (month tables of ``out``'s width), "md", "json" or "ics"."""
    if fmt == "ics":
        from kehoach.calendar_ics import to_ics

        return to_ics(cal)
    if fmt == "json":
        from kehoach.render.data import to_json

        return to_json(cal.to_dict())
    if fmt == "md":
        from kehoach.render.data import to_markdown
        from kehoach.text import markdown

        rows = [dict(e.to_row(cal.today), month=f"{e.deadline.month}/{cal.year}") for e in cal.entries]
        return f"**{markdown(cal.title)}**\n\n" + to_markdown(rows, MD_COLUMNS, MD_HEADERS)
    from kehoach.render.entries import entries_table

    months = cal.by_month()
    parts = [paragraph(cal.title, "bold", out) + "\n"]
    for month, entries in months:
        parts.append(entries_table(entries, cal.today, f"Tháng {month}/{cal.year} ({len(entries)})", out))
    parts.append(paragraph(f"{len(cal.entries)} hạn trong {len(months)} tháng.", "dim", out) + "\n")
    return "".join(parts)
