"""The one YAML writer of plan files: ``fmt``, ``set``, ``import`` and ``import --update`` all write through it.

It holds the ruamel round-trip configuration (2-space indent, ``- id: …`` indented under its key, long lines
never folded), the quoting rules (plain when YAML 1.2 and YAML 1.1 tools both read the text back as the same
text, otherwise double quotes), the key order of ``spec.KEY_ORDER``, the list style, the moving of comments
with the keys they follow, and the canonical form ``fmt`` writes. ``dump_plan`` writes a new plan (plain
data) in exactly that form, so an imported file needs no ``fmt``.

ruamel is imported lazily: only writing needs it.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import unicodedata
from typing import Any

from kehoach.diagnostics import Diagnostic
from kehoach.errors import KehoachError, PlanDataError
from kehoach.loader import parse_text
from kehoach.spec import CHILDREN, KEY_ORDER, top_kind
from kehoach.text import nfc

SCHEMA_COMMENT = "yaml-language-server: $schema=../../docs/plan.schema.json"

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

    Quoting: plain when YAML 1.2 and YAML 1.1 tools both read the text back as the same text, otherwise
    double quotes (ruamel would pick single quotes).
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


def load_rt(text: str, display: str, preserve_quotes: bool):
    yaml = rt_yaml(preserve_quotes, _has_explicit_start(text))
    try:
        return yaml, yaml.load(text)
    except Exception as exc:  # the safe loader accepted it, so this is rare: report, do not crash
        raise PlanDataError(
            f"{display}: cannot be edited: {exc}",
            [Diagnostic("KH101", f"the round-trip parser cannot read the file: {exc}", display, 1, 1)],
        ) from None


def dump(yaml, data) -> str:
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


def move_trailing(src, src_key, dst, dst_key) -> None:
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
def _reorder(node, order: list[str]) -> None:
    keys = list(node.keys())
    wanted = [k for k in order if k in node] + [k for k in keys if k not in order]
    if wanted == keys:
        return
    old_last, new_last = keys[-1], wanted[-1]
    for key in wanted:
        node.move_to_end(key)
    if old_last != new_last:
        move_trailing(node, old_last, node, new_last)


def canonicalize(node, context: str | None) -> None:
    """Key order, NFC text and list style, in place, for ``node`` read as ``context``."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        if node.fa.flow_style():
            node.fa.set_block_style()
        if context in KEY_ORDER:
            _reorder(node, KEY_ORDER[context])
        children = CHILDREN.get(context or "", {})
        for key in list(node.keys()):
            value = node[key]
            if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
                node[key] = value = _same_type(value, nfc(value))
            child, is_list = children.get(key, (None, False))
            if isinstance(value, CommentedSeq):
                _list_style(node, key)
                canonicalize(value, child if is_list else None)
            else:
                canonicalize(value, child)
    elif isinstance(node, CommentedSeq):
        for i, value in enumerate(node):
            if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
                node[i] = value = _same_type(value, nfc(value))
            canonicalize(value, context)


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


def format_text(text: str, display: str = "<text>") -> str:
    """The canonical form of a plan file (or the agency registry). Raises PlanDataError when it cannot be read.

    Canonical: keys in the documented order, text NFC, indentation 2 with list dashes indented 2 under
    their key, double quotes where quotes are needed (the author's double quotes kept, single quotes made
    double), block lists except lists of numbers (flow), comments and blank lines kept, one final newline.
    """
    before = parse_text(text, display)  # the safe loader first: limits, unsafe tags, clear diagnostics
    current = nfc(text.replace("\r\n", "\n"))
    for _ in range(3):  # a fixed point; one pass is normally enough
        yaml, data = load_rt(current, display, preserve_quotes=True)
        canonicalize(data, top_kind(data))
        out = reindent_comments(dump(yaml, data))
        if out == current:
            break
        current = out
    if current != text and plain(parse_text(current, display).data) != plain(before.data):
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


def plain(value: Any) -> Any:
    """Data compared for meaning: text NFC, nothing else changed."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


# -- editing a mapping in place --------------------------------------------------------------------------
def set_key(node, key: str, value: Any, order: list[str]) -> None:
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
        move_trailing(node, keys[-1], node, key)


def del_key(node, key: str) -> None:
    keys = list(node.keys())
    if key not in node:
        return
    if keys[-1] == key and len(keys) > 1:
        move_trailing(node, key, node, keys[-2])
    del node[key]
    node.ca.items.pop(key, None)


# -- a new plan ------------------------------------------------------------------------------------------
def commented(value: Any) -> Any:
    """Plain data (dicts, lists, scalars) as new round-trip nodes: text NFC, lists in block style (the
    canonical form then writes lists of numbers in flow style). Nothing is shared, so no YAML anchors."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = commented(v)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(commented(v) for v in value)
        seq.fa.set_block_style()
        return seq
    if isinstance(value, str):
        return nfc(value)
    return value


def dump_plan(data: dict, comment: str | None = SCHEMA_COMMENT) -> str:
    """A new plan file (or agency registry) from plain data, in the canonical form ``fmt`` writes (keys in
    the documented order, the same quoting), with ``comment`` as its first line."""
    doc = commented(data)
    canonicalize(doc, top_kind(doc))
    if comment:
        doc.yaml_set_start_comment(comment)
    return reindent_comments(dump(rt_yaml(), doc))
