"""Item status: canonical English values, accepted also in Vietnamese, with or without diacritics."""

from __future__ import annotations

from kehoach import labels
from kehoach.text import fold

PLANNED, IN_PROGRESS, DONE, CANCELLED, POSTPONED = "planned", "in-progress", "done", "cancelled", "postponed"
STATUSES = (PLANNED, IN_PROGRESS, DONE, CANCELLED, POSTPONED)
CLOSED = (DONE, CANCELLED)

_SPELLINGS = {
    PLANNED: ["planned", "chưa thực hiện", "kế hoạch", "dự kiến", "todo"],
    IN_PROGRESS: ["in-progress", "in progress", "đang thực hiện", "đang triển khai", "doing"],
    DONE: ["done", "hoàn thành", "đã hoàn thành", "đã thực hiện", "xong"],
    CANCELLED: ["cancelled", "canceled", "hủy", "huỷ", "đã hủy", "đã huỷ", "bãi bỏ"],
    POSTPONED: ["postponed", "tạm hoãn", "hoãn", "lùi"],
}
_INDEX = {fold(s): canon for canon, spellings in _SPELLINGS.items() for s in spellings}

LABELS_VI = labels.STATUS_LABELS


def normalize_status(value: str | None) -> str | None:
    """The canonical status for ``value`` (``None`` → planned), or None when it is not a status."""
    if value is None or value == "":
        return PLANNED
    return _INDEX.get(fold(str(value)))


def accepted_spellings() -> list[str]:
    return [s for spellings in _SPELLINGS.values() for s in spellings]
