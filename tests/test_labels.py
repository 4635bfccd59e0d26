"""Every Vietnamese label of kehoach's own codes is defined once, in kehoach/labels.py."""

import re
from pathlib import Path

from kehoach import deadlines, labels, overview, reports, status
from kehoach.render import entries, review

PACKAGE = Path(labels.__file__).parent
TABLES = (
    labels.KIND_LABELS,
    labels.STATE_LABELS,
    labels.BAR_LABELS,
    labels.TIMELINE_LABELS,
    labels.STATUS_LABELS,
    labels.TIMING_LABELS,
    labels.REPORT_TIMING_LABELS,
    labels.BUCKET_LABELS,
)


def test_the_modules_use_the_labels_module():
    assert deadlines.STATE_LABELS is labels.STATE_LABELS
    assert status.LABELS_VI is labels.STATUS_LABELS
    assert reports.BUCKETS is labels.BUCKET_LABELS
    assert reports.TIMING_LABELS is labels.REPORT_TIMING_LABELS
    assert overview.BAR_LABELS is labels.BAR_LABELS
    assert overview.SOON_DAYS == entries.SOON_DAYS == labels.SOON_DAYS == 14
    assert not hasattr(entries, "KIND_VI") and not hasattr(review, "KIND_VI")


def test_the_keys_are_the_codes_of_the_library():
    assert set(labels.STATE_LABELS) == {
        deadlines.DONE_ON_TIME,
        deadlines.DONE_LATE,
        deadlines.OPEN_IN_TIME,
        deadlines.OPEN_OVERDUE,
        deadlines.NO_DEADLINE,
        deadlines.CANCELLED_STATE,
        deadlines.PAST_UNTRACKED,
    }
    assert set(labels.STATUS_LABELS) == {
        status.PLANNED,
        status.IN_PROGRESS,
        status.DONE,
        status.CANCELLED,
        status.POSTPONED,
    }
    assert set(labels.BUCKET_LABELS) == {
        reports.DONE_ON_TIME,
        reports.DONE_LATE,
        reports.OVERDUE,
        reports.RUNNING,
        reports.NOT_STARTED,
        reports.STOPPED,
    }
    assert labels.kind_label("delegation", capital=True) == "Đoàn"
    assert labels.kind_label("task") == "nhiệm vụ"


def test_no_other_module_defines_a_label_as_a_dictionary_value():
    values = {value for table in TABLES for value in table.values()}
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "labels.py":
            continue
        source = path.read_text(encoding="utf-8")
        found += [f"{path.name}: {v}" for v in values if re.search(r':\s*"' + re.escape(v) + '"', source)]
    assert found == []
