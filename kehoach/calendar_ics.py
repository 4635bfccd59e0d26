"""The reporting calendar: every dated deadline of a year, by month, and as an RFC 5545 iCalendar file.

The ICS text is written by hand: CRLF line endings, content lines folded at 75 octets without splitting a
UTF-8 sequence, TEXT values escaped (backslash, semicolon, comma, newline), one all-day VEVENT per deadline
(DTSTART;VALUE=DATE, DTEND the next day) with a stable UID, a DTSTAMP, LAST-MODIFIED and a SEQUENCE that
grows with the day the file is made, and a display alarm a week before.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kehoach import __version__
from kehoach import deadlines as dl
from kehoach.labels import kind_label
from kehoach.model import Plan

REMINDER_DAYS = 7
SUMMARY_CHARS = 110
PRODID = f"-//kehoach//kehoach {__version__}//VI"


@dataclass
class Calendar:
    year: int
    today: dt.date
    entries: list[dl.Entry]
    plans: list[Plan]
    agency: str | None = None
    notice: str | None = None

    def by_month(self) -> list[tuple[int, list[dl.Entry]]]:
        months: dict[int, list[dl.Entry]] = {}
        for entry in self.entries:
            months.setdefault(entry.deadline.month, []).append(entry)
        return sorted(months.items())

    @property
    def title(self) -> str:
        who = f" · {self.agency}" if self.agency else ""
        plans = ", ".join(p.label for p in self.plans)
        return f"Lịch hạn năm {self.year}{who} ({plans})" if plans else f"Lịch hạn năm {self.year}{who}"

    def to_dict(self) -> dict:
        return {
            "year": self.year,
            "agency": self.agency,
            "plans": [p.id for p in self.plans],
            "months": [
                {
                    "month": month,
                    "label": f"Tháng {month}/{self.year}",
                    "entries": [dict(e.to_row(self.today), uid=event_uid(e)) for e in entries],
                }
                for month, entries in self.by_month()
            ],
        }


def build_calendar(
    repo,
    today: dt.date,
    year: int | None = None,
    agency: str | None = None,
    support: bool = False,
    plan: str | None = None,
    province: str | None = None,
    scope=None,
) -> Calendar:
    """Every entry with a deadline in ``year`` (reports, milestones, tasks, delegations) of the plans and agency
    of ``scope`` (else of ``plan``/``province``/``agency``, resolved by ``kehoach.scope`` with no
    configuration)."""
    from kehoach.scope import resolve

    if scope is None:
        scope = resolve(repo, None, agency=agency, support=support, plan=plan, province=province)
    year, notice = scope.year(year, today)
    first, last = dl.period_of(year)
    entries = [e for e in dl.dated_entries(scope.plans, first, last) if scope.matches(e)]
    label = "; ".join(scope.match.names) if not scope.everyone else None
    return Calendar(year, today, entries, scope.plans, label, notice)


# ---------------------------------------------------------------------------------------------- ICS


def escape_text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon and comma are escaped; a newline becomes \\n; control characters
    (which RFC 5545 forbids in TEXT) are shown as their escapes (``text.visible``)."""
    from kehoach.text import visible

    value = visible(str(value).replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold_line(line: str, limit: int = 75) -> str:
    """Fold a content line into pieces of at most ``limit`` octets (the leading space of a continuation
    counts), never inside a UTF-8 sequence; pieces are joined with CRLF + space."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    room = limit
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > room:
            pieces.append("".join(current))
            current, size, room = [], 0, limit - 1
        current.append(ch)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def event_uid(entry: dl.Entry) -> str:
    """Stable across runs and edits of the text: plan, kind, item id and the deadline's year."""
    ident = re.sub(r"[^A-Za-z0-9.-]+", "-", entry.id).strip("-") or "x"
    year = entry.deadline.year if entry.deadline else 0
    return f"{entry.plan.id}.{entry.kind}.{ident}.{year}@kehoach"


def _short(text: str, limit: int = SUMMARY_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.–-") + "…"


def event_summary(entry: dl.Entry) -> str:
    label = kind_label(entry.kind, capital=True)
    if entry.kind in (dl.TASK, dl.DELEGATION):
        head = f"{label} {entry.id}: {_short(entry.text)}"
    else:
        head = f"{label}: {_short(entry.text)}"
    return f"{head} ({entry.plan.label})" + (" [hạn chưa chắc]" if entry.unread else "")


def event_description(entry: dl.Entry, today: dt.date) -> str:
    from kehoach.reports import vn_date

    lines = [f"Kế hoạch: {entry.plan.label}" + (f" – {entry.plan.title}" if entry.plan.title else "")]
    if entry.kind in (dl.TASK, dl.DELEGATION, dl.MILESTONE):
        lines.append(f"Mục: {entry.id}")
    lines.append(f"Nội dung: {' '.join(entry.text.split())}")
    if entry.lead:
        lines.append(("Đơn vị báo cáo: " if entry.kind == dl.REPORT else "Chủ trì: ") + "; ".join(entry.lead))
    if entry.support:
        lines.append("Phối hợp: " + "; ".join(entry.support))
    if entry.extra.get("to"):
        lines.append("Gửi: " + "; ".join(entry.extra["to"]))
    when = f"{entry.when} — " if entry.when and entry.kind in (dl.TASK, dl.DELEGATION) else ""
    lines.append(f"Thời gian: {when}hạn {vn_date(entry.deadline)}")
    if entry.unread:  # KH306: the deadline rests on part of the time text
        lines.append(f"Hạn chưa chắc: không hiểu được '{entry.unread}' trong thời gian ghi ở kế hoạch")
    lines.append(f"Tình trạng (đến ngày {vn_date(today)}): {dl.STATE_LABELS[entry.state(today)]}")
    # no file path: a calendar is shared outside the repository, and the path says nothing to its readers
    return "\n".join(lines)


SEQUENCE_EPOCH = dt.date(2020, 1, 1)


def sequence_for(today: dt.date) -> int:
    """SEQUENCE of every event: the days from 2020-01-01 to the day the file is made. kehoach keeps no state
    between runs, so a file made later always carries a higher number (a calendar client that imported an
    earlier file replaces its events, changed times and texts included), and the same data on the same day
    gives the same file."""
    return max((today - SEQUENCE_EPOCH).days, 0)


def to_ics(calendar: Calendar, stamp: dt.datetime | None = None) -> str:
    """The calendar as iCalendar text. ``stamp`` (UTC) is the DTSTAMP; default: midnight UTC of ``today``, so
    the same data on the same day gives the same file."""
    stamp = stamp or dt.datetime(calendar.today.year, calendar.today.month, calendar.today.day)
    dtstamp = stamp.strftime("%Y%m%dT%H%M%SZ")
    sequence = sequence_for(calendar.today)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text('kehoach – ' + calendar.title)}",
    ]
    seen: set[str] = set()
    for entry in calendar.entries:
        uid = event_uid(entry)
        if uid in seen:  # two deadlines of one item in one year: keep the UIDs distinct
            uid = uid.replace("@kehoach", f".{entry.deadline:%m%d}@kehoach")
        seen.add(uid)
        summary = event_summary(entry)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{dtstamp}",
            f"LAST-MODIFIED:{dtstamp}",
            f"SEQUENCE:{sequence}",
            f"DTSTART;VALUE=DATE:{entry.deadline:%Y%m%d}",
            f"DTEND;VALUE=DATE:{entry.deadline + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(summary)}",
            f"DESCRIPTION:{escape_text(event_description(entry, calendar.today))}",
            f"CATEGORIES:{escape_text(kind_label(entry.kind, capital=True))}",
            "TRANSP:TRANSPARENT",
        ]
        leads = [REMINDER_DAYS] + ([entry.remind] if entry.remind and entry.remind != REMINDER_DAYS else [])
        for days in leads:
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{escape_text(summary)}",
                f"TRIGGER:-P{days}D",
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)
