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
