"""Fast, safe YAML reading: the C composer, then our own constructor with limits and marks.

The round-trip loader is never used on the read path (it is ~10x slower).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kehoach.diagnostics import Diagnostic
from kehoach.errors import PlanDataError

MAX_BYTES = 10 * 1024 * 1024  # a real plan is well under 1 MB
MAX_NODES = 200_000  # expanded node count: stops "billion laughs"
MAX_DEPTH = 64

Path_ = tuple  # a path into the document: keys and list indices

_TS_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_SAFE_TAGS = {
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


@dataclass
class Document:
    """A parsed YAML file: plain data plus the (line, column) of every value and key, 1-based."""

    path: str
    data: Any
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def loc(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """The position of the value at ``path`` (or of its key), falling back to the nearest parent."""
        table = self.key_marks if key else self.marks
        while path:
            if path in table:
                return table[path]
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))

    def diag(self, code: str, message: str, path: Path_ = (), key: bool = False, hint: str = "") -> Diagnostic:
        line, col = self.loc(path, key)
        return Diagnostic(code, message, self.path, line, col, hint=hint)


class _Fatal(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic


def _yaml():
    from ruamel.yaml import YAML

    y = YAML(typ="safe", pure=False)
    return y


def read_text(path: Path, display: str) -> str:
    """Read a plan file as text, turning every way it can be unreadable into a diagnostic."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PlanDataError(
                f"{display}: file too large", [Diagnostic("KH110", f"file is {size:,} bytes; the limit is {MAX_BYTES:,}", display)]
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanDataError(f"{display}: cannot read", [Diagnostic("KH100", f"cannot read the file: {exc.strerror}", display)]) from None
    return decode(raw, display)


def decode(raw: bytes, display: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise PlanDataError(
            f"{display}: BOM",
            [Diagnostic("KH104", "the file starts with a byte order mark (BOM); save it as UTF-8 without BOM", display, 1, 1)],
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise PlanDataError(
            f"{display}: not UTF-8",
            [Diagnostic("KH103", f"byte 0x{raw[exc.start]:02x} is not UTF-8 (the file looks like Latin-1 or Windows-1258); "
                        "save it as UTF-8", display, line, col)],
        ) from None


def parse_text(text: str, display: str) -> Document:
    """Parse YAML text into a Document; raises PlanDataError for a file that cannot be used at all."""
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise PlanDataError(f"{display}: empty", [Diagnostic("KH111", "the file is empty", display, 1, 1)])
    _check_flow_depth(text, display)
    try:
        node = _yaml().compose(text)
    except Exception as exc:  # ruamel raises MarkedYAMLError subclasses and a few others
        raise PlanDataError(f"{display}: invalid YAML", [_yaml_error(exc, text, display)]) from None
    doc = Document(display, None)
    try:
        doc.data = _Constructor(doc).build(node)
    except _Fatal as fatal:
        raise PlanDataError(f"{display}: {fatal.diagnostic.message}", [fatal.diagnostic]) from None
    except RecursionError:
        raise PlanDataError(f"{display}: nested too deeply",
                            [Diagnostic("KH109", f"the document is nested deeper than {MAX_DEPTH} levels", display, 1, 1)]) from None
    return doc


_BRACKETS = re.compile(r"[\[\]{}]")


def _check_flow_depth(text: str, display: str) -> None:
    """Reject deep flow nesting before the C parser sees it (it would overflow its stack)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    for m in _BRACKETS.finditer(text):
        depth += 1 if m[0] in "[{" else -1
        if depth > MAX_DEPTH:
            line = text.count("\n", 0, m.start()) + 1
            col = m.start() - text.rfind("\n", 0, m.start())
            raise PlanDataError(f"{display}: nested too deeply",
                                [Diagnostic("KH109", f"the document is nested deeper than {MAX_DEPTH} levels", display, line, col)])


def load_document(path: Path, display: str | None = None) -> Document:
    display = display or str(path)
    return parse_text(read_text(path, display), display)


def _yaml_error(exc: Exception, text: str, display: str) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here[: len(here) - len(here.lstrip())] or ("\t" in here and "tab" in str(problem).lower()):
        return Diagnostic("KH105", "a tab character is used for indentation; YAML allows only spaces", display, line,
                          here.index("\t") + 1)
    if isinstance(exc, RecursionError):
        return Diagnostic("KH109", f"the document is nested deeper than {MAX_DEPTH} levels", display, line, col)
    msg = f"{context}, {problem}" if context else str(problem)
    return Diagnostic("KH101", f"invalid YAML: {msg}", display, line, col)


def _expanded_size(node, memo: dict, depth: int) -> int:
    """How many values the document has once every alias is expanded (memoised on shared nodes)."""
    key = id(node)
    if key in memo:
        return memo[key]
    if depth > MAX_DEPTH:
        return 0  # reported by the constructor with its position
    if node.id == "mapping":
        size = 1 + sum(_expanded_size(k, memo, depth + 1) + _expanded_size(v, memo, depth + 1) for k, v in node.value)
    elif node.id == "sequence":
        size = 1 + sum(_expanded_size(v, memo, depth + 1) for v in node.value)
    else:
        size = 1
    memo[key] = size
    return min(size, MAX_NODES + 1)


class _Constructor:
    """Turns composed nodes into dicts/lists/scalars, recording marks and catching hostile input."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.count = 0

    def _mark(self, node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _fatal(self, code: str, message: str, node) -> _Fatal:
        line, col = self._mark(node)
        return _Fatal(Diagnostic(code, message, self.doc.path, line, col))

    def build(self, node) -> Any:
        if _expanded_size(node, {}, 0) > MAX_NODES:
            raise self._fatal("KH108", f"aliases expand the document to more than {MAX_NODES:,} values (alias bomb)", node)
        return self._node(node, (), 0)

    def _node(self, node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fatal("KH108", f"the document expands to more than {MAX_NODES:,} values (alias bomb?)", node)
        if depth > MAX_DEPTH:
            raise self._fatal("KH109", f"the document is nested deeper than {MAX_DEPTH} levels", node)
        self.doc.marks[path] = self._mark(node)
        tag = node.tag
        if tag not in _SAFE_TAGS:
            raise self._fatal("KH107", f"tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed in a plan file", node)
        if node.id == "mapping":
            return self._mapping(node, path, depth)
        if node.id == "sequence":
            return [self._node(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node, path: Path_, depth: int) -> dict:
        out: dict = {}
        pairs = list(node.value)
        for key_node, value_node in pairs:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self._fatal("KH107", "merge keys (<<) are not allowed in a plan file", key_node)
            if key_node.id != "scalar":
                raise self._fatal("KH202", "a mapping key must be plain text", key_node)
            key = self._scalar(key_node)
            if isinstance(key, (dt.date, int, float, bool)) or key is None:
                key = key_node.value
            if key in out:
                line, col = self._mark(key_node)
                first = self.doc.key_marks.get(path + (key,), (0, 0))
                self.doc.diagnostics.append(
                    Diagnostic("KH106", f"duplicate key '{key}' (first at line {first[0]}); the first value is kept",
                               self.doc.path, line, col)
                )
                continue
            self.doc.key_marks[path + (key,)] = self._mark(key_node)
            out[key] = self._node(value_node, path + (key,), depth + 1)
        return out

    def _scalar(self, node) -> Any:
        tag, value = node.tag.rsplit(":", 1)[-1], node.value
        if tag == "str":
            return value
        if tag == "null":
            return None
        if tag == "bool":
            return value.lower() == "true"
        if tag == "int":
            try:
                return int(value.replace("_", ""), 0) if not value.lstrip("+-").isdigit() else int(value)
            except ValueError:
                return value
        if tag == "float":
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        if tag == "timestamp":
            if _TS_DATE.match(value):
                try:
                    return dt.date(*map(int, value.split("-")))
                except ValueError:
                    return value  # a date that does not exist stays text; the validator reports it
            try:
                return dt.datetime.fromisoformat(value.replace(" ", "T").replace("Z", "+00:00")).date()
            except ValueError:
                return value
        return value
