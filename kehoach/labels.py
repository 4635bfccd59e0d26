"""Every Vietnamese label kehoach shows for its own codes, defined once: the modules that compute kinds, states,
statuses and report buckets import their labels from here, and so does every renderer.

Keys are the codes as plain strings (``"open-overdue"``, ``"task"`` …), so this module imports nothing of
kehoach and anything may import it.
"""

from __future__ import annotations

# Entry kinds (model.TASK, model.DELEGATION, deadlines.MILESTONE, deadlines.REPORT).
KIND_LABELS = {"task": "nhiệm vụ", "delegation": "đoàn", "milestone": "mốc", "report": "báo cáo"}


def kind_label(kind: str, capital: bool = False) -> str:
    """'nhiệm vụ', or 'Nhiệm vụ' with ``capital`` (a calendar's category); an unknown kind as it is."""
    label = KIND_LABELS.get(kind, kind)
    return label[:1].upper() + label[1:] if capital else label


# States of a deadline (deadlines.DONE_ON_TIME …), as the Government Office's task tracking names them.
STATE_LABELS = {
    "done-on-time": "đã hoàn thành đúng hạn",
    "done-late": "đã hoàn thành quá hạn",
    "open-in-time": "chưa hoàn thành, trong hạn",
    "open-overdue": "chưa hoàn thành, quá hạn",
    "no-deadline": "không có thời hạn",
    "cancelled": "đã hủy",
    "past-untracked": "đã qua hạn (không ghi trạng thái)",
}

# The same states in the legend of `overview`'s bars (an agency's items by state): shorter, and an item
# without a deadline counted only while it is not done.
BAR_LABELS = {
    "done-on-time": "đã hoàn thành đúng hạn",
    "done-late": "đã hoàn thành quá hạn",
    "open-in-time": "chưa hoàn thành trong hạn",
    "open-overdue": "chưa hoàn thành quá hạn",
    "no-deadline": "thường xuyên / theo điều kiện (chưa xong)",
}
# The kinds in the year's timeline of `overview` (a milestone there is one of a delegation programme).
TIMELINE_LABELS = {"delegation": "đoàn", "milestone": "mốc chương trình đoàn", "report": "báo cáo"}

# Statuses a plan records (status.PLANNED …).
STATUS_LABELS = {
    "planned": "chưa thực hiện",
    "in-progress": "đang thực hiện",
    "done": "hoàn thành",
    "cancelled": "hủy",
    "postponed": "tạm hoãn",
}

# Why an entry has no deadline (timeframe kinds, "none", "invalid"), after its state in `due` and `calendar`.
TIMING_LABELS = {
    "ongoing": "thường xuyên",
    "conditional": "theo điều kiện",
    "invalid": "thời gian không đọc được",
    "none": "không ghi thời gian",
}
# The same, as a report's table of tasks says it (the Nghị định 30/2020 layout: "no set deadline").
REPORT_TIMING_LABELS = {
    "ongoing": "không có hạn cụ thể",
    "conditional": "không có hạn cụ thể",
    "none": "kế hoạch không ghi thời gian",
    "invalid": "thời gian không đọc được",
}

# Rows of a report's summary table (reports.DONE_ON_TIME …): how a task stands on the report date.
BUCKET_LABELS = {
    "done-on-time": "Hoàn thành đúng hạn",
    "done-late": "Hoàn thành quá hạn",
    "overdue": "Quá hạn, chưa hoàn thành",
    "in-progress": "Đang thực hiện",
    "not-started": "Chưa thực hiện",
    "stopped": "Tạm hoãn, hủy",
}

# "Due soon": an open entry whose deadline is at most this many days away (unless it has its own `remind`);
# yellow in `due`, a tone of the `overview` matrix.
SOON_DAYS = 14


# -- words for the plan format's keys and values shown to people (show, set, diff, when), in the interface
# language (kehoach.i18n, imported only when one is asked for). The YAML keys, JSON keys and values stay
# English; docs/thuat-ngu.md is the glossary.


def field(name: str) -> str:
    """A plan key as a person reads it: 'lead' -> 'cơ quan chủ trì'."""
    from kehoach.i18n import pgettext

    labels = {
        "id": pgettext("field", "id"),
        "task": pgettext("field", "task"),
        "lead": pgettext("field", "lead"),
        "support": pgettext("field", "support"),
        "when": pgettext("field", "when"),
        "due": pgettext("field", "due"),
        "remind": pgettext("field", "remind"),
        "partner": pgettext("field", "partner"),
        "country": pgettext("field", "country"),
        "basis": pgettext("field", "basis"),
        "output": pgettext("field", "output"),
        "funding": pgettext("field", "funding"),
        "status": pgettext("field", "status"),
        "done_on": pgettext("field", "done_on"),
        "progress": pgettext("field", "progress"),
        "notes": pgettext("field", "notes"),
        "direction": pgettext("field", "direction"),
        "level": pgettext("field", "level"),
        "group": pgettext("field", "group"),
        "destination": pgettext("field", "destination"),
        "origin": pgettext("field", "origin"),
        "field": pgettext("field", "field"),
        "purpose": pgettext("field", "purpose"),
        "leader": pgettext("field", "leader"),
        "composition": pgettext("field", "composition"),
        "members": pgettext("field", "members"),
        "days": pgettext("field", "days"),
        "budget": pgettext("field", "budget"),
        "title": pgettext("field", "title"),
        "kind": pgettext("field", "kind"),
        "day": pgettext("field", "day"),
        "date": pgettext("field", "date"),
        "unfixed": pgettext("field", "unfixed"),
        "from": pgettext("field", "from"),
        "to": pgettext("field", "to"),
        "note": pgettext("field", "note"),
    }
    return labels.get(name, name)


def timing(kind: str) -> str:
    """How a time text is read: fixed, recurring, ongoing, conditional."""
    from kehoach.i18n import pgettext

    labels = {
        "fixed": pgettext("timing", "fixed"),
        "recurring": pgettext("timing", "recurring"),
        "ongoing": pgettext("timing", "ongoing"),
        "conditional": pgettext("timing", "conditional"),
    }
    return labels.get(kind, kind)


def item_kind(kind: str) -> str:
    from kehoach.i18n import pgettext

    labels = {
        "task": pgettext("kind", "task"),
        "delegation": pgettext("kind", "delegation"),
        "milestone": pgettext("kind", "milestone"),
        "report": pgettext("kind", "report"),
    }
    return labels.get(kind, kind)


def severity(value: str) -> str:
    from kehoach.i18n import pgettext

    labels = {"error": pgettext("severity", "error"), "warning": pgettext("severity", "warning")}
    return labels.get(value, value)


DATE_FIELDS = ("due", "done_on", "date", "issued", "effective")


def value(name: str, value) -> str:
    """A plan value as a person reads it: Vietnamese status words and dd/mm/yyyy dates in Vietnamese;
    in English the value as it is written (ISO dates, status keywords)."""
    from kehoach.i18n import human_date, language

    if value is None:
        return "—"
    if language() == "en":
        return show_value(value)
    if name == "status" and value in STATUS_LABELS:
        return STATUS_LABELS[value]
    if name in DATE_FIELDS:
        return human_date(value)
    if isinstance(value, dict) and set(value) <= {"date", "note"}:
        return f"{human_date(value.get('date'))}: {show_value(value.get('note'))}"
    return show_value(value)


def show_value(value) -> str:
    """One value as text for a terminal or a PR comment."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(show_value(v) for v in value) if value else "[]"
    if isinstance(value, dict):
        if set(value) <= {"date", "note"}:
            return f"{show_value(value.get('date'))}: {show_value(value.get('note'))}"
        return ", ".join(f"{k}: {show_value(v)}" for k, v in value.items())
    return str(value)
