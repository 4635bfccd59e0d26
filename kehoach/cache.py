"""Parse cache keyed by file content hash: safe when files change, when it is corrupt or unwritable."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from kehoach import __version__
from kehoach.loader import Document, decode, parse_text, read_text

_FORMAT = f"1-{__version__}"


def cache_dir() -> Path | None:
    value = os.environ.get("KEHOACH_CACHE_DIR")
    if value == "off":
        return None
    if value:
        return Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kehoach"


def load_cached(path: Path, display: str) -> Document:
    """Parse ``path``, reusing a cached parse of identical bytes when there is one."""
    folder = cache_dir()
    if folder is None:
        return parse_text(read_text(path, display), display)
    text = read_text(path, display)
    digest = hashlib.sha256(f"{_FORMAT}\0{display}\0".encode() + text.encode("utf-8")).hexdigest()
    entry = folder / digest[:2] / f"{digest}.pickle"
    try:
        with open(entry, "rb") as fh:
            doc = pickle.load(fh)
        if isinstance(doc, Document):
            return doc
    except Exception:  # missing, corrupt, truncated or unreadable: parse again
        pass
    doc = parse_text(text, display)
    _store(entry, doc)
    return doc


def _store(entry: Path, doc: Document) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(doc, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)  # atomic: a concurrent reader sees the old entry or the new one
    except OSError:
        pass  # an unwritable cache only costs speed


__all__ = ["load_cached", "cache_dir", "decode"]
