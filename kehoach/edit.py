"""Editing plan files: ``fmt`` (the canonical form) and ``set`` (one item, in place).

Both use ruamel's round-trip loader so that comments and blank lines survive. ``set`` goes further:
it changes only the lines of the edited item, even in a file that is not in canonical form, by
applying the difference between two round-trip dumps (before and after the edit) to the file as
written. Every write is atomic and refused when the file changed on disk since it was read.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kehoach.diagnostics import ERROR, Diagnostic
from kehoach.errors import ConflictError, KehoachError, PlanDataError, UsageError
from kehoach.loader import decode, parse_text
from kehoach.model import as_date
from kehoach.status import DONE, normalize_status
from kehoach.text import nfc
from kehoach.validate import KEY_ORDER, check_document

_STR_TAG = "tag:yaml.org,2002:str"
_YAML11_NOT_TEXT = re.compile(
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[-+]?0[0-7_]+|[-+]?0b[01_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?)$"
)
WIDTH = 1_000_000  # never fold long lines
INDENT = {"mapping": 2, "sequence": 4, "offset": 2}  # "- id: …" indented 2 under its key, as the plans are written


# -- the round-trip YAML instance -----------------------------------------------------------------------
def rt_yaml(preserve_quotes: bool = False, explicit_start: bool = False):
    """ruamel round-trip YAML configured for plan files.

    Quoting: plain when YAML allows it, otherwise double quotes (ruamel would pick single quotes).
    ``null`` is written as ``null`` (ruamel would leave the value empty).
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.emitter import RoundTripEmitter
    from ruamel.yaml.representer import RoundTripRepresenter

    class Emitter(RoundTripEmitter):
        def choose_scalar_style(self):
            style = super().choose_scalar_style()
            if style == "" and self.event.tag == _STR_TAG and _YAML11_NOT_TEXT.match(self.event.value):
                return '"'  # 'yes', 'off', '010': text for YAML 1.2, not for YAML 1.1 tools (PyYAML, editors)
            return '"' if style == "'" else style

    class Representer(RoundTripRepresenter):
        def ignore_aliases(self, data):
            return isinstance(data, (dt.date, str)) or super().ignore_aliases(data)

    Representer.add_representer(type(None), lambda r, _v: r.represent_scalar("tag:yaml.org,2002:null", "null"))

    yaml = YAML(typ="rt")
    yaml.Emitter = Emitter
    yaml.Representer = Representer
    yaml.preserve_quotes = preserve_quotes
    yaml.width = WIDTH
    yaml.indent(**INDENT)
    yaml.explicit_start = explicit_start
    return yaml


def _has_explicit_start(text: str) -> bool:
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return line.rstrip() == "---" or line.startswith("--- ")
    return False


def _load_rt(text: str, display: str, preserve_quotes: bool):
    yaml = rt_yaml(preserve_quotes, _has_explicit_start(text))
    try:
        return yaml, yaml.load(text)
    except Exception as exc:  # the safe loader accepted it, so this is rare: report, do not crash
        raise PlanDataError(
            f"{display}: cannot be edited: {exc}",
            [Diagnostic("KH101", f"the round-trip parser cannot read the file: {exc}", display, 1, 1)],
        ) from None


def _dump(yaml, data) -> str:
    import io

    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()


# -- comments that follow a value ----------------------------------------------------------------------
def _is_block(value: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    return isinstance(value, (CommentedMap, CommentedSeq)) and len(value) > 0 and not value.fa.flow_style()


def _trailing_slot(node, key) -> tuple[list, int]:
    """Where ruamel keeps the comment after the value at ``node[key]``: blank lines and comments that
    follow it, and its end-of-line comment. For a block collection that is its last entry's slot."""
    from ruamel.yaml.comments import CommentedMap

    value = node[key]
    if _is_block(value):
        last = next(reversed(value)) if isinstance(value, CommentedMap) else len(value) - 1
        return _trailing_slot(value, last)
    entry = node.ca.items.setdefault(key, [None, None, None, None])
    return entry, 2 if isinstance(node, CommentedMap) else 0


def _move_trailing(src, src_key, dst, dst_key) -> None:
    """Move the lines that follow ``src[src_key]`` (blank lines, comments before the next entry) after
    ``dst[dst_key]``; an end-of-line comment stays where it is."""
    entry, i = _trailing_slot(src, src_key)
    token = entry[i]
    if token is None:
        return
    head, sep, tail = token.value.partition("\n")
    if not tail:
        return
    moved = copy.copy(token)
    if head.strip():
        token.value = head + sep
    else:
        entry[i] = None
    target, j = _trailing_slot(dst, dst_key)
    if target[j] is None:
        moved.value = "\n" + tail
        target[j] = moved
    else:
        target[j].value = target[j].value + tail


# -- canonical form ---------------------------------------------------------------------------------------
_CHILDREN = {
    "top": {
        "plan": ("plan", False),
        "reporting": ("reporting", True),
        "rules": ("rules", False),
        "sections": ("section", True),
        "delegations": ("delegation", True),
    },
    "section": {"items": ("item", True), "sections": ("section", True)},
    "item": {"progress": ("progress", True)},
    "delegation": {"progress": ("progress", True)},
    "agency_file": {"agencies": ("agency", True), "provinces": ("province", True)},
}


def _reorder(node, order: list[str]) -> None:
    keys = list(node.keys())
    wanted = [k for k in order if k in node] + [k for k in keys if k not in order]
    if wanted == keys:
        return
    old_last, new_last = keys[-1], wanted[-1]
    for key in wanted:
        node.move_to_end(key)
    if old_last != new_last:
        _move_trailing(node, old_last, node, new_last)


def _canonical(node, context: str | None) -> None:
    """Key order, NFC text and list style, in place, for ``node`` read as ``context``."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        if node.fa.flow_style():
            node.fa.set_block_style()
        if context in KEY_ORDER:
            _reorder(node, KEY_ORDER[context])
        children = _CHILDREN.get(context or "", {})
        for key in list(node.keys()):
            value = node[key]
            if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
                node[key] = value = _same_type(value, nfc(value))
            child, is_list = children.get(key, (None, False))
            if isinstance(value, CommentedSeq):
                _list_style(node, key)
                _canonical(value, child if is_list else None)
            else:
                _canonical(value, child)
    elif isinstance(node, CommentedSeq):
        for i, value in enumerate(node):
            if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
                node[i] = value = _same_type(value, nfc(value))
            _canonical(value, context)


def _list_style(parent, key) -> None:
    """Lists of numbers in flow style (``years: [2022, 2023]``), empty lists as ``[]``, every other list
    in block style, one entry per line (agency lists read and diff better that way)."""
    seq = parent[key]
    numbers = all(isinstance(v, int) and not isinstance(v, bool) for v in seq)
    if not seq or (numbers and _can_flow(parent, key)):
        seq.fa.set_flow_style()
    elif not numbers and seq.fa.flow_style():
        seq.fa.set_block_style()


def _can_flow(parent, key) -> bool:
    """A block list can turn into a flow list without losing a comment; the blank lines and comments
    after it move to its key."""
    seq = parent[key]
    if seq.fa.flow_style():
        return True
    last = len(seq) - 1
    inner = [tok for i, entry in seq.ca.items.items() for tok in entry if tok is not None and i != last]
    end = seq.ca.items.get(last, [None])
    slot = parent.ca.items.get(key, [None, None, None, None])
    if inner or any(t is not None for t in end[1:]) or seq.ca.comment or any(t is not None for t in slot):
        return False
    token = end[0]
    if token is not None:
        if token.value.partition("\n")[0].strip():
            return False  # an end-of-line comment on the last entry
        seq.ca.items.pop(last)
        parent.ca.items[key] = [None, None, token, None]
    return True


def _same_type(old: str, new: str) -> str:
    try:
        return type(old)(new)
    except TypeError:
        return new


def _context(data) -> str:
    if isinstance(data, dict) and "agencies" in data and "plan" not in data:
        return "agency_file"
    return "top"


def format_text(text: str, display: str = "<text>") -> str:
    """The canonical form of a plan file (or the agency registry). Raises PlanDataError when it cannot be read.

    Canonical: keys in the documented order, text NFC, indentation 2 with list dashes indented 2 under
    their key, double quotes where quotes are needed (the author's double quotes kept, single quotes made
    double), block lists except lists of numbers (flow), comments and blank lines kept, one final newline.
    """
    before = parse_text(text, display)  # the safe loader first: limits, unsafe tags, clear diagnostics
    current = nfc(text.replace("\r\n", "\n"))
    for _ in range(3):  # a fixed point; one pass is normally enough
        yaml, data = _load_rt(current, display, preserve_quotes=True)
        _canonical(data, _context(data))
        out = reindent_comments(_dump(yaml, data))
        if out == current:
            break
        current = out
    if current != text and _plain(parse_text(current, display).data) != _plain(before.data):
        raise KehoachError(
            f"{display}: formatting would change the data; the file was left as it is",
            hint="please report this with the file attached",
        )
    return current


_BLOCK_SCALAR = re.compile(r"^(\s*)(?:- )*(?:[^#'\"]*?:\s+)?[|>][-+0-9]*\s*(?:#.*)?$")


def reindent_comments(text: str) -> str:
    """Indent every full-line comment like the line that follows it (the line it is about).

    ruamel keeps a comment at the column it had in the source, which is wrong once the lines around it
    are re-indented. Lines inside block scalars (``|``, ``>``) are content, not comments, and stay.
    """
    lines = text.splitlines(keepends=True)
    kinds: list[str] = []  # "comment", "blank", "content" (inside a block scalar) or "line"
    block_indent: int | None = None
    for line in lines:
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None and (not stripped or indent > block_indent):
            kinds.append("content")
            continue
        block_indent = None
        if not stripped:
            kinds.append("blank")
        elif stripped.startswith("#"):
            kinds.append("comment")
        else:
            kinds.append("line")
            if m := _BLOCK_SCALAR.match(line.rstrip("\n")):
                block_indent = len(m[1])
    out = list(lines)
    following: int | None = None
    for i in range(len(lines) - 1, -1, -1):
        if kinds[i] == "line":
            following = len(lines[i]) - len(lines[i].lstrip(" "))
        elif kinds[i] == "comment" and following is not None:
            out[i] = " " * following + lines[i].lstrip(" ")
    return "".join(out)


def _plain(value: Any) -> Any:
    """Data compared for meaning: text NFC, nothing else changed."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


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


def format_paths(paths: list[Path], write: bool = True) -> FormatReport:
    """Format every YAML file named or below the named folders; with ``write=False`` only report."""
    from kehoach.fileio import atomic_write, edit_lock
    from kehoach.repo import display_path, plan_files

    for target in paths:
        if not target.exists():
            raise UsageError(f"{target}: no such file or directory")
    report = FormatReport()
    for path in plan_files(list(paths)):
        display = display_path(path)
        try:
            raw = path.read_bytes()
            text = decode(raw, display)
            out = text if _known_canonical(raw) else format_text(text, display)
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
            _remember_canonical(out.encode("utf-8"))
        report.files.append(result)
    return report


def _canonical_marker(raw: bytes) -> Path | None:
    """An empty file in the cache folder that says: these exact bytes are in canonical form.

    The key covers the formatter's own source, so changing the rules forgets every marker. It makes
    ``fmt --check`` on unchanged plans (pre-commit, repeated runs) skip the round-trip parse.
    """
    import hashlib

    from kehoach.cache import cache_dir

    folder = cache_dir()
    if folder is None or not _safe_cache(folder):
        return None
    global _RULES
    if _RULES is None:
        _RULES = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    digest = hashlib.sha256(f"kehoach-fmt\0{_RULES}\0".encode() + raw).hexdigest()
    return folder / "fmt" / digest[:2] / digest


_RULES: str | None = None


def _known_canonical(raw: bytes) -> bool:
    """Whether a marker says these bytes are canonical; a cache that cannot be read only costs speed."""
    try:
        marker = _canonical_marker(raw)
        return marker is not None and marker.exists()
    except OSError:
        return False


def _safe_cache(folder: Path) -> bool:
    """The parse cache's own rule: no folder that another user can write to (it could plant markers)."""
    from kehoach import cache

    check = getattr(cache, "_safe_folder", None)
    return check(folder) if check else True


def _remember_canonical(raw: bytes) -> None:
    try:
        marker = _canonical_marker(raw)
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


def find_item(data, item_id: str):
    """The round-trip mapping of the task or delegation with ``item_id``, or None."""

    def walk(sections):
        for sec in sections if isinstance(sections, list) else []:
            if not isinstance(sec, dict):
                continue
            for entry in sec.get("items") or []:
                if isinstance(entry, dict) and str(entry.get("id")) == item_id:
                    return entry
            found = walk(sec.get("sections"))
            if found is not None:
                return found
        return None

    found = walk(data.get("sections"))
    if found is not None:
        return found, "item"
    for entry in data.get("delegations") or []:
        if isinstance(entry, dict) and str(entry.get("id")) == item_id:
            return entry, "delegation"
    return None, None


def _set_key(node, key: str, value: Any, order: list[str]) -> None:
    """Set ``node[key]``; a new key goes to its documented place, after the keys that precede it."""
    if key in node:
        node[key] = value
        return
    keys = list(node.keys())
    rank = order.index(key) if key in order else len(order)
    pos = 0
    for i, k in enumerate(keys):
        if k in order and order.index(k) < rank:
            pos = i + 1
    node.insert(pos, key, value)
    if pos == len(keys) and keys:
        _move_trailing(node, keys[-1], node, key)


def _del_key(node, key: str) -> None:
    keys = list(node.keys())
    if key not in node:
        return
    if keys[-1] == key and len(keys) > 1:
        _move_trailing(node, key, node, keys[-2])
    del node[key]
    node.ca.items.pop(key, None)


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


def _set_locked(path: Path, item_id: str, display: str, request, before_write, dry_run: bool) -> SetResult:
    """``set_item`` once the file is locked against other edits."""
    from kehoach.fileio import atomic_write, writable

    try:
        original = path.read_bytes()
    except OSError as exc:
        raise KehoachError(f"{display}: cannot read: {exc.strerror}") from None
    text = decode(original, display)
    crlf = "\r\n" in text
    work = text.replace("\r\n", "\n") if crlf else text
    doc_before = parse_text(work, display)
    errors_before = _errors(doc_before)
    edited = _edit_block(work, doc_before, item_id, request, display)
    if edited is None:  # an unusual layout: round-trip the whole document instead
        edited = _edit_document(work, item_id, request, display)
    new_text, changes = edited
    if not changes:
        return SetResult(path, item_id, [], False)
    doc_after = parse_text(new_text, display)
    new_errors = _errors(doc_after) - errors_before
    if new_errors:
        first = next(d for d in _error_list(doc_after) if (d.code, d.message) in new_errors)
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
        _set_key(node, key, value, order)
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
            _del_key(node, "done_on")
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
                _move_trailing(progress, len(progress) - 2, progress, len(progress) - 1)
        else:
            _set_key(node, "progress", CommentedSeq([entry]), order)
        changes.append(Change("progress", None, {"date": req.today.isoformat(), "note": entry["note"]}))
    return changes


def _item_path(data: Any, item_id: str) -> tuple[tuple, str] | None:
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


def _edit_block(work: str, doc, item_id: str, req: _Request, display: str) -> tuple[str, list[Change]] | None:
    """Round-trip only the item's own lines (fast on long plans). None when the layout is unusual."""
    located = _item_path(doc.data, item_id)
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
        yaml, data = _load_rt(dedented, display, preserve_quotes=True)
    except PlanDataError:
        return None
    if not (isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict)):
        return None
    if str(data[0].get("id")) != item_id:
        return None
    unchanged = _indent_block(_dump(yaml, data), dash)
    changes = _apply(data[0], kind, req)
    if not changes:
        return work, []
    edited_block = _dump(yaml, data)
    new_block = splice("".join(block), unchanged, _indent_block(edited_block, dash))
    if not new_block.endswith("\n") and end < len(lines):
        new_block += "\n"
    new_text = "".join(lines[:start]) + new_block + "".join(lines[end:])
    # the result must be the old data with exactly this item replaced by the edited one
    expected = _plain(doc.data)
    target = expected
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = _plain(parse_text(edited_block, display).data[0])
    try:
        if _plain(parse_text(new_text, display).data) != expected:
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
    yaml, data = _load_rt(work, display, preserve_quotes=True)
    unchanged = _dump(yaml, data)
    node, kind = find_item(data, item_id) if isinstance(data, dict) else (None, None)
    if node is None:
        raise UsageError(f"{display} has no item '{item_id}'")
    changes = _apply(node, kind, req)
    if not changes:
        return work, []
    edited = _dump(yaml, data)
    new_text = splice(work, unchanged, edited, display)
    if _plain(parse_text(new_text, display).data) != _plain(parse_text(edited, display).data):
        raise ConflictError(
            f"{display}: cannot edit the item in place; nothing was written", hint=f"run 'kehoach fmt {display}' first"
        )
    return new_text, changes


def _error_list(doc) -> list[Diagnostic]:
    return [d for d in doc.diagnostics + check_document(doc, None) if d.severity == ERROR]


def _errors(doc) -> Counter:
    return Counter((d.code, d.message) for d in _error_list(doc))


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
