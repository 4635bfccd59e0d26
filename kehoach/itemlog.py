"""The history of one item through git: each commit that changed it, with the field changes."""

from __future__ import annotations

from dataclasses import dataclass

from kehoach.errors import PlanDataError
from kehoach.plandiff import RENAMED, ItemChange, Version, diff_items, read_plan


@dataclass
class ItemEvent:
    sha: str
    date: str  # author date, ISO 8601
    author: str
    subject: str
    path: str
    change: ItemChange

    def to_dict(self) -> dict:
        return {
            "commit": self.sha,
            "date": self.date,
            "author": self.author,
            "subject": self.subject,
            "path": self.path,
            **self.change.to_dict(),
        }


def _version(git, blob: str | None, path: str | None) -> Version | None:
    if not blob or not path:
        return None
    return read_plan(git.blobs([blob])[blob], path)


def item_history(git, path: str, item_id: str) -> list[ItemEvent]:
    """Commits that changed ``item_id`` in the plan file ``path`` (repository-relative), newest first.

    Renamed files are followed, and so is the item when its id was renamed (same text, new id).
    Commits where either version of the file cannot be parsed are skipped.
    """
    commits = git.file_history(path)
    git.blobs([b for c in commits for b in (c.old_blob, c.new_blob) if b])
    events: list[ItemEvent] = []
    current = item_id
    for commit in commits:
        try:
            old = _version(git, commit.old_blob, commit.old_path)
            new = _version(git, commit.new_blob, commit.new_path)
        except PlanDataError:
            continue
        changes = diff_items(old.plan.items if old else [], new.plan.items if new else [])
        for change in changes:
            if change.id == current:
                events.append(
                    ItemEvent(
                        commit.sha,
                        commit.date,
                        commit.author,
                        commit.subject,
                        commit.new_path or commit.old_path or path,
                        change,
                    )
                )
                if change.change == RENAMED and change.old_id:
                    current = change.old_id
                break
    return events
