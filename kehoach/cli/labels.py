"""Words for the plan format's keys and values shown to people (show, set, diff, when), in the interface
language. The YAML keys, JSON keys and values stay English; docs/thuat-ngu.md is the glossary."""

from __future__ import annotations

from kehoach.i18n import pgettext


def field(name: str) -> str:
    """A plan key as a person reads it: 'lead' -> 'cơ quan chủ trì'."""
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
    labels = {
        "fixed": pgettext("timing", "fixed"),
        "recurring": pgettext("timing", "recurring"),
        "ongoing": pgettext("timing", "ongoing"),
        "conditional": pgettext("timing", "conditional"),
    }
    return labels.get(kind, kind)


def item_kind(kind: str) -> str:
    labels = {
        "task": pgettext("kind", "task"),
        "delegation": pgettext("kind", "delegation"),
        "milestone": pgettext("kind", "milestone"),
        "report": pgettext("kind", "report"),
    }
    return labels.get(kind, kind)


def severity(value: str) -> str:
    labels = {"error": pgettext("severity", "error"), "warning": pgettext("severity", "warning")}
    return labels.get(value, value)


DATE_FIELDS = ("due", "done_on", "date", "issued", "effective")


def value(name: str, value) -> str:
    """A plan value as a person reads it: Vietnamese status words and dd/mm/yyyy dates in Vietnamese;
    in English the value as it is written (ISO dates, status keywords)."""
    from kehoach.i18n import human_date, language
    from kehoach.plandiff import show
    from kehoach.status import LABELS_VI

    if value is None:
        return "—"
    if language() == "en":
        return show(value)
    if name == "status" and value in LABELS_VI:
        return LABELS_VI[value]
    if name in DATE_FIELDS:
        return human_date(value)
    if isinstance(value, dict) and set(value) <= {"date", "note"}:
        return f"{human_date(value.get('date'))}: {show(value.get('note'))}"
    return show(value)
