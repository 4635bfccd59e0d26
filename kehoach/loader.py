"""Fast, safe YAML reading: the C composer, then our own constructor with limits and marks.

The round-trip loader is never used on the read path (it is ~10x slower).
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import re
from collections.abc import Mapping, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.diagnostics import Diagnostic
from kehoach.errors import PlanDataError
from kehoach.limits import MAX_PLAN_BYTES as MAX_BYTES  # a real plan is well under 1 MB
from kehoach.text import line_col

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

MAX_NODES = 200_000  # expanded node count: stops "billion laughs"
MAX_DEPTH = 64

Path_ = tuple  # a path into the document: keys and list indices

_TS_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_SAFE_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


_ENTRY_LISTS = frozenset(("items", "sections", "delegations", "reporting", "agencies"))


class Marks(MutableMapping):
    """Positions by path for a document read from the parse cache, completed lazily.

    A cache entry carries only the positions of list entries (items, sections, delegations, reporting
    entries: what ``build_plan`` needs for item lines). Every other position is looked up only to report
    a diagnostic, which a read-only command on a valid repository never does; the first such look-up
    parses the file's text again (kept by the cache) to get them all. Storing every position made the
    cache entries three times larger and a warm national repository 40% slower to read.
    """

    __slots__ = ("_hot", "_full", "_source", "_key")

    def __init__(self, hot: dict | None = None, source: Any = None, key: bool = False):
        self._hot = hot or {}
        self._full = None if source is not None else dict(self._hot)
        self._source = source  # an object with .document() -> the Document parsed again
        self._key = key

    @staticmethod
    def entries(marks: Mapping) -> dict:
        """The positions of list entries in a full table of positions."""
        return {p: m for p, m in marks.items() if len(p) > 1 and p[-2] in _ENTRY_LISTS and type(p[-1]) is int}

    def _all(self) -> dict:
        if self._full is None:
            doc = self._source.document()
            self._full = dict(doc.key_marks if self._key else doc.marks) if doc is not None else dict(self._hot)
            self._source = None
        return self._full

    def get(self, path, default=None):
        hit = self._hot.get(path)
        if hit is not None:
            return hit
        return self._all().get(path, default)

    def __contains__(self, path) -> bool:
        return path in self._hot or path in self._all()

    def __getitem__(self, path):
        hit = self._hot.get(path)
        return hit if hit is not None else self._all()[path]

    def __setitem__(self, path, value) -> None:
        self._all()[path] = value
        if path in self._hot:
            self._hot[path] = value

    def __delitem__(self, path) -> None:
        del self._all()[path]
        self._hot.pop(path, None)

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __bool__(self) -> bool:  # without parsing: every parsed document has at least the root's position
        return bool(self._hot or self._full or self._source is not None)

    def __eq__(self, other) -> bool:
        return dict(self.items()) == dict(other.items()) if isinstance(other, Mapping) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Marks({len(self._hot)} entry positions{', complete' if self._full is not None else ''})"


class Reparse:
    """The text of a cached document, parsed again (once) when its full positions are wanted."""

    __slots__ = ("text", "display", "_doc")

    def __init__(self, text: str | bytes, display: str):
        self.text, self.display, self._doc = text, display, None

    def document(self) -> Document | None:
        if self._doc is None and self.text is not None:
            try:
                text = decode(self.text, self.display) if isinstance(self.text, bytes) else self.text
                self._doc = parse_text(text, self.display)
            except PlanDataError:
                self._doc = None
            self.text = None
        return self._doc


@dataclass
class Document:
    """A parsed YAML file: plain data plus the (line, column) of every value and key, 1-based."""

    path: str
    data: Any
    marks: Mapping[Path_, tuple[int, int]] = field(default_factory=dict)  # a dict, or Marks from the cache
    key_marks: Mapping[Path_, tuple[int, int]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # filled by the parser for the cache: positions of list entries, and where the datetime.date values are
    entry_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)
    date_paths: list[Path_] = field(default_factory=list, repr=False, compare=False)
    cache_entry: Any = field(default=None, repr=False, compare=False)  # set by cache.load_many

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


def _loader_class():
    """A C parser + composer (libyaml via ruamel.yaml.clib) with a resolver that does no work per call.

    ruamel's own resolver looks the YAML version up through several properties and lazily compiled
    regexes for every scalar; that was half the parse time. This one applies the same YAML 1.2
    implicit rules (taken from ruamel's table, so the results are identical), indexed by first character,
    and returns shared Tag objects so the constructor can dispatch on identity.
    """
    global _LOADER
    if _LOADER is not None:
        return _LOADER
    try:
        from _ruamel_yaml import CParser
    except ImportError:  # pragma: no cover - no C extension (PyPy): ruamel's pure-Python safe loader
        _LOADER = False
        return _LOADER
    from ruamel.yaml.nodes import ScalarNode, SequenceNode
    from ruamel.yaml.resolver import implicit_resolvers
    from ruamel.yaml.tag import Tag

    by_first: dict = {}
    tags: dict[str, Tag] = {}
    for versions, suffix, regexp, first in implicit_resolvers:
        if (1, 2) not in versions or suffix.endswith((":value", ":yaml")):
            continue  # "=" and plain scalars starting "!&*" are text in a plan, not YAML's value/yaml types
        pattern = regexp.lazy_self() if type(regexp).__name__ == "LazyEval" else regexp
        tag = tags.setdefault(suffix, Tag(suffix=suffix))
        for ch in first or [None]:
            by_first.setdefault(ch, []).append((tag, pattern))
    anywhere = by_first.pop(None, [])
    for key in by_first:
        by_first[key] += anywhere
    str_tag = tags.setdefault(_STR, Tag(suffix=_STR))
    seq_tag = tags.setdefault(_SEQ, Tag(suffix=_SEQ))
    map_tag = tags.setdefault(_MAP, Tag(suffix=_MAP))
    _TAGS.update({id(t): s for s, t in tags.items()})
    get = by_first.get

    class Loader(CParser):
        def descend_resolver(self, parent, index):
            pass

        def ascend_resolver(self):
            pass

        def resolve(self, kind, value, implicit):
            if kind is ScalarNode:
                if implicit[0]:
                    for tag, pattern in get(value[:1], anywhere):
                        if pattern.match(value):
                            return tag
                return str_tag
            return seq_tag if kind is SequenceNode else map_tag

    _LOADER = Loader
    return _LOADER


_LOADER = None
_PREFIX = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = _PREFIX + "str", _PREFIX + "seq", _PREFIX + "map"
_TAGS: dict[int, str] = {}  # id(shared Tag) -> its text, filled by _loader_class()


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while building a large tree of fresh objects.

    Each allocation burst otherwise triggers collections that scan every object built so far (quadratic
    in practice): a 50,000-item repository parsed twice as fast with it paused. Plan data has no cycles,
    so nothing is lost; the collector is switched back on afterwards if it was on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _compose(text: str):
    """The node tree of ``text``."""
    loader = _loader_class()
    if loader is False:  # pragma: no cover
        from ruamel.yaml import YAML

        return YAML(typ="safe", pure=True).compose(text)
    parser = loader(text)
    try:
        return parser.get_single_node()
    finally:
        parser.dispose()


TOO_LARGE_HINT = "a plan is well under 1 MB: is this a plan file? split a very large plan into several files"


def read_plan_bytes(path: Path, display: str) -> bytes:
    """The bytes of a plan file, read with the size limit (``limits.MAX_PLAN_BYTES``): the one place plan files
    are read. A file too large (KH110) or unreadable (KH100) is a PlanDataError with its diagnostic; a file
    that grows while it is read is cut at the limit and refused, never read whole into memory."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _unreadable(display, exc) from None
    if size > MAX_BYTES:
        raise PlanDataError(
            f"{display}: file too large",
            [Diagnostic("KH110", f"file is {size:,} bytes; the limit is {MAX_BYTES:,}", display, hint=TOO_LARGE_HINT)],
        )
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _unreadable(display, exc) from None
    check_size(raw, display)  # it grew while we looked
    return raw


def check_size(raw: bytes, display: str) -> None:
    """KH110 for bytes over the plan size limit that were read elsewhere (``read_plan_bytes`` reads at most
    one byte more than the limit; ``git show`` and ``GitRepo.read_worktree`` likewise)."""
    if len(raw) > MAX_BYTES:
        raise PlanDataError(
            f"{display}: file too large",
            [Diagnostic("KH110", f"file is over {MAX_BYTES:,} bytes, the limit", display, hint=TOO_LARGE_HINT)],
        )


def _unreadable(display: str, exc: OSError) -> PlanDataError:
    return PlanDataError(
        f"{display}: cannot read", [Diagnostic("KH100", f"cannot read the file: {exc.strerror}", display)]
    )


def read_text(path: Path, display: str) -> str:
    """Read a plan file as text (``read_plan_bytes``, then ``decode``)."""
    return decode(read_plan_bytes(path, display), display)


def decode(raw: bytes, display: str) -> str:
    if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") or raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        wide = "UTF-32" if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") else "UTF-16"
        raise PlanDataError(
            f"{display}: not UTF-8",
            [
                Diagnostic(
                    "KH103",
                    f"the file is {wide} (it starts with a {wide} byte order mark); save it as UTF-8",
                    display,
                    1,
                    1,
                )
            ],
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raise PlanDataError(
            f"{display}: BOM",
            [
                Diagnostic(
                    "KH104", "the file starts with a byte order mark (BOM); save it as UTF-8 without BOM", display, 1, 1
                )
            ],
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = line_col(raw, exc.start)
        raise PlanDataError(
            f"{display}: not UTF-8",
            [
                Diagnostic(
                    "KH103",
                    f"byte 0x{raw[exc.start]:02x} is not UTF-8 (the file looks like Latin-1 or Windows-1258); "
                    "save it as UTF-8",
                    display,
                    line,
                    col,
                )
            ],
        ) from None


def parse_text(text: str, display: str) -> Document:
    """Parse YAML text into a Document; raises PlanDataError for a file that cannot be used at all."""
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise PlanDataError(f"{display}: empty", [Diagnostic("KH111", "the file is empty", display, 1, 1)])
    _check_depth(text, display)
    with gc_paused():
        return _parse(text, display)


def _parse(text: str, display: str) -> Document:
    try:
        node = _compose(text)
    except Exception as exc:  # ruamel raises MarkedYAMLError subclasses and a few others
        raise PlanDataError(f"{display}: invalid YAML", [_yaml_error(exc, text, display)]) from None
    doc = Document(display, None)
    try:
        doc.data = _Constructor(doc).build(node, aliases="*" in text)
    except _Fatal as fatal:
        raise PlanDataError(f"{display}: {fatal.diagnostic.message}", [fatal.diagnostic]) from None
    except RecursionError:
        raise PlanDataError(
            f"{display}: nested too deeply",
            [Diagnostic("KH109", f"the document is nested deeper than {MAX_DEPTH} levels", display, 1, 1)],
        ) from None
    return doc


_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # line breaks as libyaml counts them
_BRACKETS = re.compile(r"[\[\]{}]")
# what a line opens before its first scalar: indentation, then "- " / "? " indicators (with anchors or tags)
_BLOCK_LEAD = re.compile(r"^ *(?:[-?](?: +(?:[&!][^ \n]*)?)+)*", re.M)
_BLOCK_SUSPICIOUS = 4 * MAX_DEPTH


def _check_depth(text: str, display: str) -> None:
    """Reject deep nesting before the C composer sees it: it recurses on the C stack and crashes the
    interpreter (segmentation fault) somewhere past 10,000 levels.

    Two cheap upper bounds decide whether to look closer: flow nesting is at most the number of open
    brackets, and block nesting grows by at most two levels per column of indentation or of "- " / "? "
    indicators at a line's start. Real plans are far below both; a file that is not is walked event by
    event (the parser itself keeps its state on the heap) and refused at its first node that is too deep.
    """
    suspicious = text.count("[") + text.count("{") > MAX_DEPTH and _flow_depth(text) > MAX_DEPTH
    if not suspicious and len(text) > _BLOCK_SUSPICIOUS:
        suspicious = max(map(len, _BLOCK_LEAD.findall(text)), default=0) > _BLOCK_SUSPICIOUS
    if suspicious:
        _walk_depth(text, display)


def _flow_depth(text: str) -> int:
    depth = deepest = 0
    for m in _BRACKETS.finditer(text):
        depth += 1 if m[0] in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _walk_depth(text: str, display: str) -> None:
    loader = _loader_class()
    if loader is False:  # pragma: no cover - the pure-Python composer recurses in Python: RecursionError is caught
        return
    parser = loader(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            name = type(event).__name__
            if name in ("MappingStartEvent", "SequenceStartEvent"):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise PlanDataError(
                        f"{display}: nested too deeply",
                        [
                            Diagnostic(
                                "KH109",
                                f"the document is nested deeper than {MAX_DEPTH} levels",
                                display,
                                mark.line + 1,
                                mark.column + 1,
                            )
                        ],
                    )
            elif name in ("MappingEndEvent", "SequenceEndEvent"):
                depth -= 1
    except PlanDataError:
        raise
    except Exception:  # invalid YAML: reported with its position by the real parse
        return
    finally:
        parser.dispose()


def load_document(path: Path, display: str | None = None) -> Document:
    display = display or str(path)
    return parse_text(read_text(path, display), display)


def _blank_after(text: str, line: int, column: int) -> bool:
    """Nothing but white space from (0-based) ``line``, ``column`` to the end of ``text``."""
    lines = _BREAKS.split(text)
    return not "".join([lines[line][column:] if line < len(lines) else "", *lines[line + 1 :]]).strip()


def _yaml_error(exc: Exception, text: str, display: str) -> Diagnostic:
    problem_mark, context_mark = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["cannot be read"])[0]
    context = getattr(exc, "context", None)
    at_end = problem_mark is not None and _blank_after(text, problem_mark.line, problem_mark.column)
    if context_mark is not None and (problem_mark is None or at_end or "end of stream" in str(problem)):
        mark = context_mark  # an unclosed quote or bracket: point at where it was opened, not at the file's end
    else:
        mark = problem_mark or context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    position = getattr(exc, "position", None)  # ReaderError (a control character) has an offset, not a mark
    if mark is None and isinstance(position, int) and position >= 0:
        head = text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "replace")  # a byte offset
        line, col = line_col(head, len(head))
    breaks = _BREAKS.findall(text)
    last = len(breaks) + 1
    if line > last:  # the end of a file without a final newline: libyaml puts it on a line after the last
        line, col = last, len(_BREAKS.split(text)[-1]) + 1
    if context and context_mark is not None and context_mark is not mark and context_mark.line + 1 != line:
        context = f"{context} (line {context_mark.line + 1})"
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here[: len(here) - len(here.lstrip())] or ("\t" in here and "tab" in str(problem).lower()):
        return Diagnostic(
            "KH105",
            "a tab character is used for indentation; YAML allows only spaces",
            display,
            line,
            here.index("\t") + 1,
        )
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
    size = min(size, MAX_NODES + 1)
    memo[key] = size
    return size


def _tag_text(node) -> str:
    """The tag of a node as text, without the cost of ruamel's Tag.__str__ for the common tags."""
    return _TAGS.get(id(node.ctag)) or str(node.tag)


class _Constructor:
    """Turns composed nodes into dicts/lists/scalars, recording marks and catching hostile input.

    One pass, no recursion into Python helpers per scalar: this is the hot loop of every cold start.
    """

    def __init__(self, doc: Document):
        self.doc = doc
        self.count = 0
        self.marks = doc.marks
        self.key_marks = doc.key_marks

    def _mark(self, node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _fatal(self, code: str, message: str, node) -> _Fatal:
        line, col = self._mark(node)
        return _Fatal(Diagnostic(code, message, self.doc.path, line, col))

    def build(self, node, aliases: bool = True) -> Any:
        """Construct the document; ``aliases=False`` (the text has no '*') skips the alias-bomb pre-pass."""
        if aliases and _expanded_size(node, {}, 0) > MAX_NODES:
            raise self._fatal(
                "KH108", f"aliases expand the document to more than {MAX_NODES:,} values (alias bomb)", node
            )
        return self._node(node, (), 0)

    def _node(self, node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fatal(
                "KH108", f"the document has more than {MAX_NODES:,} values (a plan has a few thousand)", node
            )
        if depth > MAX_DEPTH:
            raise self._fatal("KH109", f"the document is nested deeper than {MAX_DEPTH} levels", node)
        mark = node.start_mark
        self.marks[path] = (mark.line + 1, mark.column + 1)
        tag = _TAGS.get(id(node.ctag)) or str(node.tag)
        if tag not in _SAFE_TAGS:
            raise self._fatal("KH107", f"tag {tag.replace(_PREFIX, '!!')} is not allowed in a plan file", node)
        kind = node.id
        if kind == "scalar":
            value = _scalar(tag, node.value)
            if tag == _TIMESTAMP and type(value) is dt.date:
                self.doc.date_paths.append(path)
            return value
        if kind == "sequence":
            depth += 1
            out = [self._node(child, path + (i,), depth) for i, child in enumerate(node.value)]
            if path and path[-1] in _ENTRY_LISTS:
                marks = self.marks
                self.doc.entry_marks.update((path + (i,), marks[path + (i,)]) for i in range(len(out)))
            return out
        return self._mapping(node, path, depth)

    def _mapping(self, node, path: Path_, depth: int) -> dict:
        out: dict = {}
        key_marks = self.key_marks
        depth += 1
        for key_node, value_node in node.value:
            if key_node.id != "scalar":
                raise self._fatal("KH202", "a mapping key must be plain text", key_node)
            ktag = _TAGS.get(id(key_node.ctag)) or str(key_node.tag)
            if ktag == _MERGE:
                raise self._fatal("KH107", "merge keys (<<) are not allowed in a plan file", key_node)
            if ktag not in _SAFE_TAGS:
                raise self._fatal("KH107", f"tag {ktag.replace(_PREFIX, '!!')} is not allowed in a plan file", key_node)
            key = key_node.value  # keys are text: 2024 or 2024-01-01 as a key stays the text written
            mark = key_node.start_mark
            if key in out:
                first = key_marks.get(path + (key,), (0, 0))
                self.doc.diagnostics.append(
                    Diagnostic(
                        "KH106",
                        f"duplicate key '{key}' (first at line {first[0]}); the first value is kept",
                        self.doc.path,
                        mark.line + 1,
                        mark.column + 1,
                    )
                )
                continue
            sub = path + (key,)
            key_marks[sub] = (mark.line + 1, mark.column + 1)
            out[key] = self._node(value_node, sub, depth)
        return out


_NULL, _MERGE, _TIMESTAMP = _PREFIX + "null", _PREFIX + "merge", _PREFIX + "timestamp"
_TRUE = {"true", "True", "TRUE"}


def _scalar(tag: str, value: str) -> Any:
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _PREFIX + "int":
        try:
            return int(value) if value.lstrip("+-").isdigit() else int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == _TIMESTAMP:
        if _TS_DATE.match(value):
            try:
                return dt.date(*map(int, value.split("-")))
            except ValueError:
                return value  # a date that does not exist stays text; the validator reports it
        try:
            return dt.datetime.fromisoformat(value.replace(" ", "T").replace("Z", "+00:00")).date()
        except ValueError:
            return value
    if tag == _PREFIX + "bool":
        return value in _TRUE
    if tag == _PREFIX + "float":
        special = value.lstrip("+-").lower()
        if special in (".inf", ".nan"):
            return math.nan if special == ".nan" else (-math.inf if value.startswith("-") else math.inf)
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value
