"""`kehoach list` as text: groups as JSON, CSV, Markdown or box tables."""

from __future__ import annotations

import datetime as dt

from kehoach.render.data import to_csv, to_json, to_markdown
from kehoach.render.entries import COLUMNS, MD_COLUMNS, MD_HEADERS, entries_table, md_row
from kehoach.render.table import Page, paragraph
from kehoach.text import markdown


def list_text(result, today: dt.date, fmt: str, out: Page) -> str:
    """Groups as JSON ({group, items}), CSV (a `group` column first), Markdown (one table per group) or tables."""
    groups = result.groups
    if fmt == "json":
        return to_json([{"group": g.title, "items": [e.to_row(today) for e in g.entries]} for g in groups])
    if fmt == "csv":
        rows = [dict(e.to_row(today), group=g.title) for g in groups for e in g.entries]
        return to_csv(rows, ["group", *COLUMNS])
    footer = f"{result.count} mục trong {len(groups)} nhóm."
    if fmt == "md":
        parts = [f"**{markdown(result.title)}**\n"] if result.title else []
        for g in groups:
            rows = [md_row(e, today) for e in g.entries]
            parts.append(f"### {markdown(g.title)} ({len(g.entries)})\n\n" + to_markdown(rows, MD_COLUMNS, MD_HEADERS))
        return "\n".join(parts) + f"\n{footer}\n"
    parts = [paragraph(result.title, "bold", out) + "\n"] if result.title else []
    parts += [entries_table(g.entries, today, f"{g.title} ({len(g.entries)})", out) for g in groups]
    return "".join(parts) + paragraph(footer, "dim", out)
