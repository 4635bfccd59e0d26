"""Editing plan files: ``fmt`` (the canonical form) and ``set`` (one item, in place).

Both write through ``yamlwrite`` (the one round-trip writer: quoting, key order, the canonical form) so
that comments and blank lines survive. ``set`` goes further: it changes only the lines of the edited item,
even in a file that is not in canonical form, by applying the difference between two round-trip dumps
(before and after the edit) to the file as written. Every write is atomic and refused when the file
changed on disk since it was read.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kehoach.diagnostics import ERROR, Diagnostic
from kehoach.errors import ConflictError, KehoachError, PlanDataError, UsageError
from kehoach.loader import decode, parse_text
from kehoach.model import as_date
from kehoach.spec import KEY_ORDER
from kehoach.status import DONE, normalize_status
from kehoach.text import nfc
from kehoach.yamlwrite import (
    del_key,
    dump,
    format_text,
    load_rt,
    move_trailing,
    plain,
    set_key,
)


@dataclass
class FormatResult:
    path: Path
    display: str
    changed: bool
    written: bool = False
    line: int = 0  # the first line that formatting changes (1-based), 0 when none


@dataclass
class FormatReport:
    files: list[FormatResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def changed(self) -> list[FormatResult]:
        return [f for f in self.files if f.changed]

    def check_diagnostics(self) -> list[Diagnostic]:
        """KH601 for every file that is not in canonical form (and was not rewritten)."""
        return [
            Diagnostic("KH601", f"not in canonical form; run 'kehoach fmt {f.display}'", f.display, f.line, 1)
            for f in self.changed
            if not f.written
        ]


def format_paths(paths: list[Path], write: bool = True, store=None) -> FormatReport:
    """Format every YAML file named or below the named folders; with ``write=False`` only report.

    ``store``: the parse cache (``cache.Store``, default the user's), where markers of canonical bytes are kept.
    """
    from kehoach.cache import Store
    from kehoach.fileio import atomic_write, edit_lock
    from kehoach.loader import read_plan_bytes
    from kehoach.repo import display_path, plan_files

    for target in paths:
        if not target.exists():
            raise UsageError(f"{target}: no such file or directory")
    report = FormatReport()
    store = store or Store.from_environment()
    for path in plan_files(list(paths)):
        display = display_path(path)
        try:
            raw = read_plan_bytes(path, display)
            text = decode(raw, display)
            out = text if _known_canonical(raw, store) else format_text(text, display)
        except PlanDataError as exc:
            report.diagnostics.extend(exc.diagnostics or [Diagnostic("KH100", exc.message, display)])
            continue
        except OSError as exc:
            report.diagnostics.append(Diagnostic("KH100", f"cannot read the file: {exc.strerror}", display))
            continue
        result = FormatResult(path, display, out != text, line=_first_difference(text, out))
        if result.changed and write:
            try:
                with edit_lock(path):
                    _refuse_if_changed(path, raw)
                    atomic_write(path, out)
            except OSError as exc:
                raise KehoachError(f"{display}: cannot write: {exc.strerror or exc}") from None
            result.written = True
        if not result.changed or result.written:
            _remember_canonical(out.encode("utf-8"), store)
        report.files.append(result)
    return report


def _canonical_marker(raw: bytes, store) -> Path | None:
    """An empty file in the cache folder that says: these exact bytes are in canonical form.

    The key covers the formatter's own source, so changing the rules forgets every marker. It makes
    ``fmt --check`` on unchanged plans (pre-commit, repeated runs) skip the round-trip parse.
    """
    import hashlib

    if store.folder is None:  # no cache, or one another user can write to (they could plant markers)
        return None
    global _RULES
    if _RULES is None:
        here = Path(__file__).parent
        rules = hashlib.sha256()
        for name in ("edit.py", "yamlwrite.py", "spec.py"):  # the writer, the canonical form, the key order
            rules.update((here / name).read_bytes())
        _RULES = rules.hexdigest()
    digest = hashlib.sha256(f"kehoach-fmt\0{_RULES}\0".encode() + raw).hexdigest()
    return store.marker(digest)


_RULES: str | None = None


def _known_canonical(raw: bytes, store) -> bool:
    """Whether a marker says these bytes are canonical; a cache that cannot be read only costs speed."""
    try:
        marker = _canonical_marker(raw, store)
        return marker is not None and marker.exists()
    except OSError:
        return False


def _remember_canonical(raw: bytes, store) -> None:
    try:
        marker = _canonical_marker(raw, store)
        if marker is None:
            return
        marker.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        marker.touch()
    except OSError:
        pass  # an unwritable cache only costs speed


def _first_difference(a: str, b: str) -> int:
    for n, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), start=1):
        if x != y:
            return n
    return 0 if a == b else min(len(a.splitlines()), len(b.splitlines())) + 1


# -- set -------------------------------------------------------------------------------------------------
def _refuse_if_changed(path: Path, original: bytes) -> None:
    try:
        now = path.read_bytes()
    except OSError:
        now = None
    if now != original:
        raise ConflictError(
            f"{path} changed on disk since it was read; nothing was written", hint="run the command again"
        )


@dataclass
class Change:
    field: str
    old: Any
    new: Any

    def to_dict(self) -> dict:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass
class SetResult:
    path: Path
    item_id: str
    changes: list[Change]
    written: bool


def _iso(value: Any) -> Any:
    day = as_date(value) if value is not None else None
    return day.isoformat() if day else value


def parse_date_option(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    day = as_date(value)
    if day is None:
        raise UsageError(f"{option} {value!r} is not a date", hint="write YYYY-MM-DD (or D/M/YYYY), e.g. 2024-07-15")
    return day


def set_item(
    path: Path,
    item_id: str,
    *,
    today: dt.date,
    status: str | None = None,
    done_on: dt.date | None = None,
    note: str | None = None,
    due: dt.date | None = None,
    display: str | None = None,
    before_write: Callable[[Path], None] | None = None,
    dry_run: bool = False,
) -> SetResult:
    """Edit one item in place: status, done_on, due, and a progress note dated ``today``.

    Only the item's edited lines change; the write is atomic and refused (ConflictError) when the file
    changed on disk since it was read or when the result has validation errors the file did not have.
    ``before_write`` is called just before that last check (tests use it to simulate a concurrent edit).
    """
    from kehoach.fileio import edit_lock

    display = display or str(path)
    canonical = None
    if status is not None:
        canonical = normalize_status(status)
        if canonical is None or not str(status).strip():
            raise UsageError(
                f"unknown status {status!r}",
                hint="use planned, in-progress, done, cancelled, postponed (or hoàn thành, đang thực hiện …)",
            )
    if note is not None and not note.strip():
        raise UsageError("--note is empty")
    if canonical is None and done_on is None and note is None and due is None:
        raise UsageError("nothing to set", hint="give --status, --done-on, --due or --note")
    if done_on is not None and canonical not in (None, DONE):
        raise UsageError(f"--done-on goes with status done, not {canonical}")

    request = _Request(today, canonical, done_on, due, note)
    try:
        with edit_lock(path):  # two edits of one file run one after the other: none is lost
            return _set_locked(path, item_id, display, request, before_write, dry_run)
    except OSError as exc:
        raise KehoachError(f"{display}: cannot read: {exc.strerror or exc}") from None


def read_for_edit(path: Path, display: str):
    """A plan file as an edit starts from it: (original bytes, its text, the text with LF line ends, whether it
    had CRLF, the parsed document, its error counts) — an edit may not add an error the file did not have."""
    from kehoach.loader import read_plan_bytes

    original = read_plan_bytes(Path(path), display)  # with the size limit, as every plan file is read
    text = decode(original, display)
    crlf = "\r\n" in text
    work = text.replace("\r\n", "\n") if crlf else text
    doc_before = parse_text(work, display)
    return original, text, work, crlf, doc_before, error_counts(doc_before)


def _set_locked(path: Path, item_id: str, display: str, request, before_write, dry_run: bool) -> SetResult:
    """``set_item`` once the file is locked against other edits."""
    from kehoach.fileio import atomic_write, writable

    original, text, work, crlf, doc_before, errors_before = read_for_edit(path, display)
    edited = _edit_block(work, doc_before, item_id, request, display)
    if edited is None:  # an unusual layout: round-trip the whole document instead
        edited = _edit_document(work, item_id, request, display)
    new_text, changes = edited
    if not changes:
        return SetResult(path, item_id, [], False)
    doc_after = parse_text(new_text, display)
    new_errors = error_counts(doc_after) - errors_before
    if new_errors:
        first = next(d for d in error_list(doc_after) if (d.code, d.message) in new_errors)
        raise ConflictError(
            f"the result would not validate ({first.code} {first.message} at line {first.line}); nothing was written"
        )
    if crlf:
        new_text = new_text.replace("\n", "\r\n")
    if dry_run:
        return SetResult(path, item_id, changes, False)
    if before_write is not None:
        before_write(path)
    _refuse_if_changed(path, original)
    if not writable(path):
        raise ConflictError(f"{display} is read-only; nothing was written", hint="make it writable (chmod u+w) first")
    try:
        atomic_write(path, new_text)
    except OSError as exc:
        raise KehoachError(f"{display}: cannot write: {exc.strerror or exc}; the file was left as it was") from None
    return SetResult(path, item_id, changes, True)


@dataclass
class _Request:
    today: dt.date
    status: str | None
    done_on: dt.date | None
    due: dt.date | None
    note: str | None


def _apply(node, kind: str, req: _Request) -> list[Change]:
    """Apply a ``set`` request to the round-trip mapping of one item; the changes, old → new."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    order = KEY_ORDER[kind]
    changes: list[Change] = []

    def put(key: str, value: Any) -> None:
        old = node.get(key)
        if key == "status" and (old == value or old is None and value == normalize_status(None)):
            return  # no status already means planned
        if key != "status" and _iso(old) == _iso(value):
            return
        set_key(node, key, value, order)
        shown = (old if old is not None else normalize_status(None)) if key == "status" else _iso(old)
        changes.append(Change(key, shown, _iso(value)))

    status, done_on = req.status, req.done_on
    old_status = normalize_status(node.get("status"))
    if done_on is not None and status is None and old_status != DONE:
        status = DONE
    if status is not None:
        put("status", status)
        if status == DONE and done_on is None and not (old_status == DONE and node.get("done_on")):
            done_on = req.today
        if status != DONE and done_on is None and "done_on" in node:
            changes.append(Change("done_on", _iso(node.get("done_on")), None))
            del_key(node, "done_on")
    if done_on is not None:
        put("done_on", done_on)
    if req.due is not None:
        put("due", req.due)
    if req.note is not None:
        entry = CommentedMap()
        entry["date"] = req.today
        entry["note"] = nfc(req.note.strip())
        progress = node.get("progress")
        if isinstance(progress, CommentedSeq):
            progress.append(entry)
            if len(progress) > 1:
                move_trailing(progress, len(progress) - 2, progress, len(progress) - 1)
        else:
            set_key(node, "progress", CommentedSeq([entry]), order)
        changes.append(Change("progress", None, {"date": req.today.isoformat(), "note": entry["note"]}))
    return changes


def item_path(data: Any, item_id: str) -> tuple[tuple, str] | None:
    """Where the item is in the safely parsed data: its path and kind (item or delegation)."""

    def walk(sections: Any, path: tuple) -> tuple | None:
        for i, sec in enumerate(sections if isinstance(sections, list) else []):
            if not isinstance(sec, dict):
                continue
            items = sec.get("items")
            for j, entry in enumerate(items if isinstance(items, list) else []):
                if isinstance(entry, dict) and str(entry.get("id")) == item_id:
                    return path + (i, "items", j)
            found = walk(sec.get("sections"), path + (i, "sections"))
            if found:
                return found
        return None

    if not isinstance(data, dict):
        return None
    found = walk(data.get("sections"), ("sections",))
    if found:
        return found, "item"
    delegations = data.get("delegations")
    for k, entry in enumerate(delegations if isinstance(delegations, list) else []):
        if isinstance(entry, dict) and str(entry.get("id")) == item_id:
            return ("delegations", k), "delegation"
    return None


def find_item(data: Any, item_id: str) -> tuple[Any, str | None]:
    """The mapping (round-trip or plain) of the task or delegation with ``item_id`` and its kind, or
    (None, None)."""
    located = item_path(data, item_id)
    if located is None:
        return None, None
    path, kind = located
    node = data
    for key in path:
        node = node[key]
    return node, kind


def _edit_block(work: str, doc, item_id: str, req: _Request, display: str) -> tuple[str, list[Change]] | None:
    """Round-trip only the item's own lines (fast on long plans). None when the layout is unusual."""
    located = item_path(doc.data, item_id)
    if located is None:
        raise UsageError(f"{display} has no item '{item_id}'")
    path, kind = located
    line, col = doc.marks.get(path, (0, 0))
    lines = work.splitlines(keepends=True)
    if not 0 < line <= len(lines) or lines[line - 1][: col - 1].strip() != "-":
        return None
    head = lines[line - 1][: col - 1]
    dash = len(head) - len(head.lstrip(" "))
    start, end = line - 1, line
    for i in range(line, len(lines)):
        if not lines[i].strip():
            continue
        if len(lines[i]) - len(lines[i].lstrip(" ")) <= dash:
            break
        end = i + 1
    block = lines[start:end]
    dedented = "".join(ln[dash:] if ln.strip() else "\n" for ln in block)
    try:
        yaml, data = load_rt(dedented, display, preserve_quotes=True)
    except PlanDataError:
        return None
    if not (isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict)):
        return None
    if str(data[0].get("id")) != item_id:
        return None
    unchanged = _indent_block(dump(yaml, data), dash)
    changes = _apply(data[0], kind, req)
    if not changes:
        return work, []
    edited_block = dump(yaml, data)
    new_block = splice("".join(block), unchanged, _indent_block(edited_block, dash))
    if not new_block.endswith("\n") and end < len(lines):
        new_block += "\n"
    new_text = "".join(lines[:start]) + new_block + "".join(lines[end:])
    # the result must be the old data with exactly this item replaced by the edited one
    expected = plain(doc.data)
    target = expected
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = plain(parse_text(edited_block, display).data[0])
    try:
        if plain(parse_text(new_text, display).data) != expected:
            return None
    except PlanDataError:
        return None
    return new_text, changes


def _indent_block(text: str, dash: int) -> str:
    """A dumped one-item list moved so that its dash is at column ``dash``."""
    lines = text.splitlines(keepends=True)
    first = len(lines[0]) - len(lines[0].lstrip(" "))
    out = []
    for ln in lines:
        if not ln.strip():
            out.append("\n")
            continue
        lead = len(ln) - len(ln.lstrip(" "))
        out.append(" " * dash + ln[min(lead, first) :])
    return "".join(out)


def _edit_document(work: str, item_id: str, req: _Request, display: str) -> tuple[str, list[Change]]:
    """Round-trip the whole document, then keep only the item's changed lines."""
    yaml, data = load_rt(work, display, preserve_quotes=True)
    unchanged = dump(yaml, data)
    node, kind = find_item(data, item_id)
    if node is None:
        raise UsageError(f"{display} has no item '{item_id}'")
    changes = _apply(node, kind, req)
    if not changes:
        return work, []
    edited = dump(yaml, data)
    new_text = splice(work, unchanged, edited, display)
    if plain(parse_text(new_text, display).data) != plain(parse_text(edited, display).data):
        raise ConflictError(
            f"{display}: cannot edit the item in place; nothing was written", hint=f"run 'kehoach fmt {display}' first"
        )
    return new_text, changes


def error_list(doc) -> list[Diagnostic]:
    """The errors of a parsed document (parse and validation); the check after an edit, before writing."""
    from kehoach.validate import check_document

    return [d for d in doc.diagnostics + check_document(doc, None) if d.severity == ERROR]


def error_counts(doc) -> Counter:
    """The errors of a document, by (code, message): an edit may not add one the file did not have."""
    return Counter((d.code, d.message) for d in error_list(doc))


def splice(original: str, before: str, after: str, display: str = "") -> str:
    """Apply the edit ``before → after`` (two round-trip dumps of one document) to ``original`` (the file
    as written), so that lines outside the edit keep their exact bytes even when the file is not in
    the form ruamel writes."""
    if original == before:
        return after
    o_lines = original.splitlines(keepends=True)
    u_lines = before.splitlines(keepends=True)
    m_lines = after.splitlines(keepends=True)
    anchor: dict[int, int] = {}  # line of ``before`` → the identical line of ``original``
    for tag, i1, i2, j1, _j2 in difflib.SequenceMatcher(None, o_lines, u_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                anchor[j1 + k] = i1 + k
    n_u, n_o = len(u_lines), len(o_lines)

    def exact(i1: int, i2: int) -> bool:
        """The lines i1:i2 of ``before`` (or the gap at i1) can be found in the original as they are."""
        if i1 == i2:
            return i1 in (0, n_u) or (i1 - 1) in anchor or i1 in anchor
        return all(k in anchor for k in range(i1, i2)) and anchor[i2 - 1] - anchor[i1] == i2 - 1 - i1

    def widen(h: list[int]) -> list[int]:
        """Grow a hunk to lines that are identical in the original on both sides."""
        i1, i2, j1, j2 = h
        while i1 > 0 and (i1 - 1) not in anchor:
            i1, j1 = i1 - 1, j1 - 1
        while i2 < n_u and i2 not in anchor:
            i2, j2 = i2 + 1, j2 + 1
        return [i1, i2, j1, j2]

    hunks: list[list[int]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, u_lines, m_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        hunk = [i1, i2, j1, j2] if exact(i1, i2) else widen([i1, i2, j1, j2])
        while hunks and hunk[0] <= hunks[-1][1]:
            top = hunks.pop()
            hunk = [top[0], max(top[1], hunk[1]), top[2], hunk[3] + max(0, top[1] - hunk[1])]
            if not exact(hunk[0], hunk[1]):
                hunk = widen(hunk)
        hunks.append(hunk)
    out: list[str] = []
    pos = 0
    for i1, i2, j1, j2 in hunks:
        if i1 == i2 and exact(i1, i2):
            o1 = o2 = (
                anchor[i1 - 1] + 1 if (i1 - 1) in anchor else anchor[i1] if i1 in anchor else 0 if i1 == 0 else n_o
            )
        elif exact(i1, i2):
            o1, o2 = anchor[i1], anchor[i2 - 1] + 1
        else:
            o1 = anchor[i1 - 1] + 1 if i1 > 0 else 0
            o2 = anchor[i2] if i2 < n_u else n_o
        out.extend(o_lines[pos:o1])
        out.extend(m_lines[j1:j2])
        pos = o2
    out.extend(o_lines[pos:])
    result = "".join(out)
    if original.endswith("\n") and not result.endswith("\n"):
        result += "\n"
    return result
