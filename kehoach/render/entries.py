"""Deadline entries (`due`, `overdue`, `upcoming`, a `calendar` month) as text: the box table, JSON, CSV or
Markdown."""

from __future__ import annotations

import datetime as dt

from kehoach.deadlines import (
    CANCELLED_STATE,
    DONE_LATE,
    DONE_ON_TIME,
    NO_DEADLINE,
    OPEN_OVERDUE,
    PAST_UNTRACKED,
    ROW_KEYS,
    Entry,
    days_phrase,
)
from kehoach.labels import KIND_LABELS, SOON_DAYS, STATE_LABELS, TIMING_LABELS
from kehoach.render.data import to_csv, to_json, to_markdown
from kehoach.render.table import Column, Page, paragraph, render
from kehoach.text import markdown

COLUMNS = list(ROW_KEYS)  # CSV: the same keys as the JSON objects
MD_COLUMNS = ["deadline", "days_text", "state_label", "kind_vi", "lead", "task", "when", "ref"]
MD_HEADERS = ["Hạn", "Còn", "Tình trạng", "Loại", "Chủ trì", "Nội dung", "Thời gian", "Kế hoạch · Mục"]
WIDE = 140  # below this many columns the table folds agency and plan into the text column


def style_for(entry: Entry, today: dt.date) -> str:
    """Colours carry meaning: overdue red, due soon yellow, done (or cancelled) dim."""
    state = entry.state(today)
    if state == OPEN_OVERDUE:
        return "red"
    if state in (DONE_ON_TIME, DONE_LATE, CANCELLED_STATE):
        return "dim"
    days = entry.days(today)
    soon = entry.remind if entry.remind is not None else SOON_DAYS
    if days is not None and 0 <= days <= soon and entry.status not in ("done", "cancelled"):
        return "yellow"
    return ""


def days_text(entry: Entry, today: dt.date) -> str:
    """'hôm nay', 'còn 9 ngày', 'trễ 15 ngày'; nothing for done entries and entries without a deadline."""
    days = entry.days(today)
    if days is None:
        return ""
    if entry.state(today) in (DONE_ON_TIME, DONE_LATE, CANCELLED_STATE):
        return ""
    if days < 0 and entry.state(today) == PAST_UNTRACKED:
        return f"{-days} ngày trước"
    return days_phrase(days)


def state_text(entry: Entry, today: dt.date, sep: str = " ") -> str:
    """The state label; an entry without a deadline also says why (ongoing, conditional …)."""
    state = entry.state(today)
    label = STATE_LABELS[state]
    if state == NO_DEADLINE and entry.timing in TIMING_LABELS:
        label += f"{sep}({TIMING_LABELS[entry.timing]})"
    return label


def deadline_text(entry: Entry) -> str:
    """dd/mm/yyyy; a trailing '?' when the time text was read only in part (KH306)."""
    if entry.deadline is None:
        return "—"
    return entry.deadline.strftime("%d/%m/%Y") + ("?" if entry.unread else "")


def partial_notice(entries: list[Entry]) -> str:
    """A note naming the entries whose deadline rests on a time text read only in part."""
    refs = list(dict.fromkeys(e.ref for e in entries if e.unread and e.deadline))
    if not refs:
        return ""
    from kehoach.i18n import _, ngettext

    shown = ", ".join(refs[:5]) + (_(" and {n} more").format(n=len(refs) - 5) if len(refs) > 5 else "")
    count = sum(1 for e in entries if e.unread and e.deadline)
    return ngettext(
        "{count} deadline read only in part (marked ?): {refs}; run kehoach validate",
        "{count} deadlines read only in part (marked ?): {refs}; run kehoach validate",
        count,
    ).format(count=count, refs=shown)


def lead_text(entry: Entry, sep: str = "; ") -> str:
    """The lead agencies as written; for the open work of a predecessor matched through its successor,
    "Sở Tài chính (trước đây: Sở Kế hoạch và Đầu tư)" in place of the predecessor's name (after the leads,
    marked "phối hợp", when the predecessor only co-operated)."""
    extra = entry.extra
    if not extra.get("was"):
        return sep.join(entry.lead)
    marker = f"{extra['now']} (trước đây: {extra['was']})"
    if extra.get("was_role") == "lead":
        return sep.join(marker if n == extra.get("was_written") else n for n in entry.lead)
    return sep.join([*entry.lead, f"phối hợp: {marker}"])


def md_row(entry: Entry, today: dt.date) -> dict:
    return {
        "deadline": deadline_text(entry),
        "days_text": days_text(entry, today),
        "state_label": state_text(entry, today),
        "kind_vi": KIND_LABELS.get(entry.kind, entry.kind),
        "lead": lead_text(entry) if entry.extra.get("was") else entry.lead,
        "task": entry.text,
        "when": entry.when if entry.kind in ("task", "delegation", "milestone") else "",
        "ref": f"{entry.plan.label} · {entry.id}",
    }


def entries_text(entries: list[Entry], today: dt.date, fmt: str, out: Page, title: str = "", footer: str = "") -> str:
    """The entries as JSON, CSV, Markdown or the box table of ``out``'s width (``fmt`` "table")."""
    if fmt == "json":
        return to_json([e.to_row(today) for e in entries])
    if fmt == "csv":
        return to_csv([e.to_row(today) for e in entries], COLUMNS)
    if fmt == "md":
        text = (f"**{markdown(title)}**\n\n" if title else "") + to_markdown(
            [md_row(e, today) for e in entries], MD_COLUMNS, MD_HEADERS
        )
        return text + (f"\n{markdown(footer)}\n" if footer else "")
    text = entries_table(entries, today, title, out)
    return text + (paragraph(footer, "dim", out) + "\n" if footer else "")


# The columns of a deadline table on a wide page (every column) and on a narrow one (deadline, state, and a
# text column that also carries the agency and the plan · item reference); made once (`list` draws a table
# per section).
WIDE_COLUMNS = (
    Column("Hạn", no_wrap=True),
    Column("Tình trạng", max_width=26),
    Column("Loại", no_wrap=True),
    Column("Chủ trì", ratio=1),
    Column("Nội dung", ratio=3),
    Column("Kế hoạch · Mục", max_width=26),
)
NARROW_COLUMNS = (Column("Hạn", no_wrap=True), Column("Tình trạng", max_width=17), Column("Nội dung", ratio=3))


def entries_table(entries: list[Entry], today: dt.date, title: str, out: Page) -> str:
    """A table that fits the page: every column on a wide page; on a narrow one, deadline, state and a text
    column that also carries the agency and the plan · item reference. Text wraps between words."""
    wide = out.width >= WIDE
    columns = WIDE_COLUMNS if wide else NARROW_COLUMNS
    rows = []
    for e in entries:
        deadline = deadline_text(e)
        left = days_text(e, today)
        deadline += f"\n{left}" if left else ""
        ref = f"{e.plan.label} · {e.id}"
        kind = KIND_LABELS.get(e.kind, e.kind)
        if wide:
            rows.append([deadline, state_text(e, today, "\n"), kind, lead_text(e), e.text, ref])
        else:
            lead = "\nChủ trì: " + lead_text(e) if e.lead else ""
            rows.append([deadline, state_text(e, today, "\n"), f"{e.text}{lead}\n{kind} · {ref}"])
    return render(columns, rows, [style_for(e, today) for e in entries], out, title)
