"""Parse cache keyed by file content hash: safe when files change, when it is corrupt, unwritable or shared.

An entry is the parse of one exact byte string: its name is the SHA-256 of the cache format, the path
shown in diagnostics and the file's bytes, so an edited file simply misses (no timestamps, no
invalidation). The entry file is ``MAGIC + CRC-32(payload) + payload``; an entry whose checksum does
not match or that does not decode (truncated, corrupt, another version's) is ignored and rewritten.
Entries are written to a temporary file in the same folder and renamed, so a second process reading
at the same moment sees the old entry or the new one, never half of one; two processes writing the same
entry write the same bytes. The payload is JSON (the data) and pickles of position tuples read back by
an unpickler that can build nothing but plain data (no classes, no functions), so even a planted entry
cannot run code; and a cache folder that other users can write to is not used at all. A cache that
cannot be created or written only costs speed. Files that cannot be parsed are never cached.

The cache is a ``Store`` handed its folder: the command line makes one per run from the user's settings
(``Store.from_environment``: $KEHOACH_CACHE_DIR, the user's own config file, $XDG_CACHE_HOME) and passes it
down; a library caller that passes none gets the same default, worked out once per process.

``load_many`` parses the files that miss the cache in worker processes when there are enough of them
to pay for the processes (a cold national repository on 2 cores: see docs/performance.md).
"""

from __future__ import annotations

import datetime
import functools
import io
import json
import os
import pickle
import re
import stat
import struct
import time
import zlib
from pathlib import Path

from kehoach import __version__
from kehoach.cachedir import cache_dir, safe_folder, sha256, user_config_path  # noqa: F401 (where the cache is)
from kehoach.diagnostics import Diagnostic
from kehoach.errors import PlanDataError
from kehoach.loader import Document, Marks, Reparse, decode, gc_paused, parse_text, read_plan_bytes


@functools.cache
def _source_digest(name: str) -> bytes:
    """The SHA-256 of one source file of the package, read once per process."""
    try:
        return sha256((Path(__file__).parent / name).read_bytes()).digest()
    except OSError:  # pragma: no cover - installed without sources
        return __version__.encode()


def _code_digest(names: tuple[str, ...] = ("loader.py", "cache.py")) -> str:
    """A digest of the code that produces entries: a changed parser never reads an older parser's entries."""
    h = sha256()
    for name in names:
        h.update(_source_digest(name))
    return h.hexdigest()[:12]


# Each format is worked out when it is first needed (reading and hashing the sources costs 0.2–0.6 ms each:
# `list` never needs the summaries' one).
@functools.cache
def _format() -> str:
    return f"kehoach-cache-3-{__version__}-{_code_digest()}"


@functools.cache
def _summary_format() -> str:
    """A plan's summary (header and reach) depends on how plans are built and what the queries look for."""
    return "kehoach-summary-1-" + _code_digest(
        ("model.py", "timeframe.py", "status.py", "text.py", "deadlines.py", "reach.py", "repo.py")
    )


@functools.cache
def _readings_format() -> str:
    """How a plan's time texts were read (``model.plan_readings``), for one version of the reader."""
    return "kehoach-readings-1-" + _code_digest(("timeframe.py", "model.py"))


MAGIC = b"KHCACHE4"
SUMMARY_MAGIC = b"KHSUMRY2"
# the diagnostics `validate` found in a file, for one version of the code and one agency registry (Store.checked)
CHECKED_MAGIC = b"KHCHECK1"
# how a plan's time texts were read (Store.readings)
READINGS_MAGIC = b"KHREADS1"
PRUNE_AFTER_DAYS = 60
PARALLEL_MIN_FILES = 16  # below this, worker processes cost more than they save
PARALLEL_MIN_BYTES = 2 * 1024 * 1024


_DEFAULT: dict[tuple, Path | None] = {}  # the default folder, by environment
_ENVIRONMENT = ("KEHOACH_CACHE_DIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "HOME")


class Store:
    """The parse cache in one folder (None: no cache). The folder is checked once (``safe_folder``); after
    the first write that fails, the store stops writing (read-only or full disk). Pruning is ``prune``.

    The folder is handed in: the store never looks up where it should be. ``from_environment`` is the one
    place that does, from the user's environment and own config only, never a repository's.
    """

    def __init__(self, folder: Path | None):
        try:
            safe = folder is not None and safe_folder(folder)
        except OSError:  # a cache folder that cannot be looked at only costs speed
            safe = False
        self.folder = folder if safe else None
        self.writable = self.folder is not None
        self.wrote = False

    @classmethod
    def from_environment(cls) -> Store:
        """A store in the folder of the user's settings (``cache_dir``), looked up once per process for the
        same environment variables: the default of every function here that is given no store. Each call
        checks the folder again (a folder made writable by others since is not used)."""
        key = tuple(os.environ.get(name) for name in _ENVIRONMENT)
        if key not in _DEFAULT:
            _DEFAULT[key] = cache_dir()
        return cls(_DEFAULT[key])

    def entry(self, display: str, raw: bytes) -> Path | None:
        if self.folder is None:
            return None
        h = sha256(f"{_format()}\0{display}\0".encode("utf-8", "surrogatepass"))
        h.update(raw)
        digest = h.hexdigest()
        return self.folder / digest[:2] / f"{digest}.khc"

    def marker(self, name: str) -> Path | None:
        """A path for a marker file of another part of kehoach (``edit``'s canonical-form markers), below the
        folder in ``fmt/`` (never in a two-hex-digit folder, which pruning looks at); None without a cache."""
        if self.folder is None:
            return None
        return self.folder / "fmt" / name[:2] / name

    def get(self, entry: Path | None, display: str, raw: bytes) -> Document | None:
        if entry is None:
            return None
        try:
            with open(entry, "rb") as fh:
                blob = fh.read()
        except OSError:  # missing or unreadable
            return None
        return decode_entry(blob, display, raw, entry)

    def summary(self, entry: Path | None) -> dict | None:
        """The summary kept beside ``entry`` (see ``put_summary``), or None."""
        value = _kept(entry.with_suffix(".khs") if entry else None, SUMMARY_MAGIC)
        if not isinstance(value, dict) or value.get("f") != _summary_format() or not isinstance(value.get("s"), dict):
            return None
        return value["s"]

    def put_summary(self, entry: Path | None, summary: dict) -> None:
        self.put(entry.with_suffix(".khs") if entry else None, _summary_payload(summary), SUMMARY_MAGIC)

    def checked(self, entry: Path | None, context: str) -> list[Diagnostic] | None:
        """The diagnostics kept beside ``entry`` for ``context`` (``put_checked``), or None."""
        value = _kept(entry.with_name(f"{entry.stem}.{context}.khv") if entry else None, CHECKED_MAGIC)
        if not isinstance(value, dict) or value.get("c") != context:
            return None
        try:
            return [Diagnostic(*d) for d in value["g"]]
        except (TypeError, KeyError):
            return None

    def put_checked(self, entry: Path | None, context: str, diagnostics: list[Diagnostic]) -> None:
        """Keep the diagnostics found in the file of ``entry`` under ``context`` (the code and the registry)."""
        if entry is None:
            return
        value = {"c": context, "g": [_diag_tuple(d) for d in diagnostics]}
        self.put(entry.with_name(f"{entry.stem}.{context}.khv"), _json_bytes(value), CHECKED_MAGIC)

    def readings(self, entry: Path | None) -> dict | None:
        """The time readings kept beside ``entry`` (``put_readings``) by this version of the reader, or None."""
        value = _kept(entry.with_suffix(".khr") if entry else None, READINGS_MAGIC)
        if not isinstance(value, dict) or value.get("f") != _readings_format() or not isinstance(value.get("r"), dict):
            return None
        return value["r"]

    def put_readings(self, entry: Path | None, readings: dict) -> None:
        """Keep how the plan of ``entry`` had its time texts read (``model.plan_readings``)."""
        if entry is not None:
            self.put(entry.with_suffix(".khr"), _json_bytes({"f": _readings_format(), "r": readings}), READINGS_MAGIC)

    def put(self, entry: Path | None, payload: bytes, magic: bytes = MAGIC) -> None:
        if entry is None or not self.writable:
            return
        if _write_atomic(entry, payload, magic):
            self.wrote = True
        else:
            self.writable = False  # read-only or full disk: do not try again for every file

    def prune(self, now: float | None = None, every: int = 50) -> int:
        """Now and then (one call in ``every``), delete old entries: ``maybe_prune``."""
        return 0 if self.folder is None else maybe_prune(self.folder, now, every)

    def close(self) -> None:
        """The end of a batch of reads: prune now and then if the batch wrote something."""
        if self.wrote:
            self.wrote = False
            self.prune()


def _write_atomic(entry: Path, payload: bytes, magic: bytes = MAGIC) -> bool:
    import tempfile  # only when writing: a warm run never needs it

    tmp = None
    try:
        # the cache folder itself 0700 (not the umask's 0775, which the next run would refuse as shared)
        entry.parent.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        entry.parent.mkdir(exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".khc", dir=entry.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(frame(entry, payload, magic))
        os.replace(tmp, entry)  # atomic: a concurrent reader sees the old entry or the new one
        return True
    except OSError:
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False


# -- entry payloads ---------------------------------------------------------------------------------


class _DataUnpickler(pickle.Unpickler):
    """Builds plain data only: no global may be loaded except datetime.date."""

    def find_class(self, module: str, name: str):
        if module == "datetime" and name == "date":
            import datetime

            return datetime.date
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache entry")


def restricted_loads(blob: bytes):
    return _DataUnpickler(io.BytesIO(blob)).load()


_LENGTHS = struct.Struct("<II")


def encode_document(doc: Document) -> bytes:
    """The cache payload of a parsed document: JSON, then a pickle of the list entries' positions.

    JSON is the fastest safe format to read back (see docs/performance.md); the paths of the document's
    ``datetime.date`` values are listed so that they come back as dates, not text. Other positions are
    not stored: see ``loader.Marks``.
    """
    head = {
        "f": _format(),
        "p": doc.path,
        "d": doc.data,
        "t": doc.date_paths,
        "g": [_diag_tuple(d) for d in doc.diagnostics],
    }
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"), default=_iso).encode("utf-8", "surrogatepass")
    hot = doc.entry_marks if doc.entry_marks or not doc.marks else Marks.entries(doc.marks)
    marks = pickle.dumps(hot, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTHS.pack(len(text), len(marks)) + text + marks


def _iso(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot go in a cache entry")


def decode_payload(payload: bytes, display: str, source: bytes | str | None = None) -> Document | None:
    """The Document in a payload (None when it is not a valid one); ``source`` is the file's text or bytes,
    parsed again if a diagnostic needs positions the entry does not carry."""
    try:
        n_text, n_marks = _LENGTHS.unpack_from(payload)
        start = _LENGTHS.size
        if start + n_text + n_marks != len(payload):
            return None
        head = json.loads(payload[start : start + n_text])
        if head["f"] != _format() or head["p"] != display:
            return None
        data = head["d"]
        for path in head["t"]:
            if not path:
                data = datetime.date.fromisoformat(data)
                continue
            parent = data
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = datetime.date.fromisoformat(parent[path[-1]])
        hot = restricted_loads(payload[start + n_text :])
        if not isinstance(hot, dict):
            return None
        diagnostics = [Diagnostic(*d) for d in head["g"]]
    except Exception:  # corrupt, truncated, or not ours: parse the file again
        return None
    again = Reparse(source, display)
    doc = Document(display, data, Marks(hot, again), Marks({}, again, key=True), diagnostics)
    doc.entry_marks = hot
    doc.date_paths = [tuple(p) for p in head["t"]]
    return doc


def _summary_payload(summary: dict) -> bytes:
    return _json_bytes({"f": _summary_format(), "s": summary})


def _json_bytes(value) -> bytes:
    """What is kept beside an entry (a summary, readings, diagnostics), as compact JSON."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def _kept(path: Path | None, magic: bytes):
    """The JSON kept in ``path`` beside an entry, or None when it is missing, damaged, or not this cache's
    (``_checked``: the frame's magic, the entry's key, the CRC-32)."""
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            blob = fh.read()
    except OSError:
        return None
    payload = _checked(blob, magic, path)
    try:
        return json.loads(payload) if payload is not None else None
    except ValueError:
        return None


def frame(entry: Path, payload: bytes, magic: bytes = MAGIC) -> bytes:
    """The bytes of an entry file: ``magic``, the key the entry stands for (its file name: the SHA-256 of the
    format, the display path and the plan's bytes), the CRC-32 of the payload, the payload."""
    return magic + bytes.fromhex(entry.name.split(".")[0]) + zlib.crc32(payload).to_bytes(4, "little") + payload


def _checked(blob: bytes, magic: bytes, entry: Path) -> bytes | None:
    """The payload of an entry written by ``_write_atomic``; None when damaged, foreign, or standing for other
    bytes than the ones ``entry`` was computed from (an entry copied or renamed onto another file's key)."""
    head = len(magic) + 32 + 4
    if len(blob) < head or not blob.startswith(magic):
        return None
    try:
        key = bytes.fromhex(entry.name.split(".")[0])
    except ValueError:
        return None
    if blob[len(magic) : len(magic) + 32] != key:
        return None
    payload = blob[head:]
    if zlib.crc32(payload).to_bytes(4, "little") != blob[head - 4 : head]:
        return None
    return payload


def decode_entry(blob: bytes, display: str, source: bytes | str | None, entry: Path) -> Document | None:
    payload = _checked(blob, MAGIC, entry)
    return None if payload is None else decode_payload(payload, display, source)


# -- loading ----------------------------------------------------------------------------------------


def load_cached(path: Path, display: str, store: Store | None = None) -> Document:
    """Parse ``path``, reusing a cached parse of identical bytes when there is one."""
    result = load_many([(Path(path), display)], parallel=False, store=store)[0]
    if isinstance(result, PlanDataError):
        raise result
    return result


def load_many(
    files: list[tuple[Path, str]],
    parallel: bool = True,
    progress=None,
    summarize=None,
    keep_summaries=None,
    store: Store | None = None,
) -> list[Document | PlanDataError | dict]:
    """Parse many files (path, display) through the cache; each result is a Document or the PlanDataError.

    ``progress(done, total, display)`` is called as files are read, for a progress bar. With ``summarize``
    (path, Document → a summary dict, or None for a file that has none), a file whose summary was kept
    (``save_summaries``) comes back as that dict, without being decoded; and a file parsed by a worker
    process is summarized there, its summary kept and returned instead of its Document.

    ``keep_summaries`` (same signature as ``summarize``): every file parsed in this run also has its summary
    kept, but comes back as its Document — for ``validate``, which needs the documents, so that the next
    query about a period finds the summaries a cache filled by ``validate`` would otherwise lack.

    ``store``: the cache to use (default: ``Store.from_environment()``).
    """
    store = store or Store.from_environment()
    results: list = [None] * len(files)
    misses: list[tuple[int, Path, str, bytes, Path | None]] = []
    total, done = len(files), 0
    with gc_paused():
        for n, (path, display) in enumerate(files):
            try:
                raw = read_plan_bytes(Path(path), display)
                entry = store.entry(display, raw)
                if summarize is not None:
                    results[n] = store.summary(entry)
                if results[n] is None:
                    results[n] = store.get(entry, display, raw)
                    if results[n] is not None:
                        results[n].cache_entry = entry
                        if summarize is not None:  # an entry without its summary (kept by an older kehoach)
                            results[n] = _summarized(store, entry, path, results[n], summarize)
            except PlanDataError as exc:
                results[n] = exc
            if results[n] is None:
                misses.append((n, Path(path), display, raw, entry))
                continue
            if progress:
                progress(done, total, display)
            done += 1
        workers = _workers(misses) if parallel else 1
        if workers > 1:
            parsed = _parse_parallel(misses, workers, store, summarize, keep_summaries)
        else:
            parsed = (
                _parse_serial(path, display, raw, store, entry, summarize, keep_summaries)
                for _, path, display, raw, entry in misses
            )
        for (n, _, display, raw, entry), result in zip(misses, parsed, strict=True):
            if isinstance(result, tuple):  # from a worker process: an error, or the payload it cached
                kind, *rest = result
                if kind == "error":
                    result = PlanDataError(rest[0], [Diagnostic(*d) for d in rest[1]])
                elif kind == "summary":  # the worker kept the entry and its summary: nothing to decode here
                    store.wrote, result = True, rest[0]
                else:
                    store.wrote = store.wrote or rest[1]
                    result = decode_payload(rest[0], display, raw) or _parse_one(display, raw)
            if isinstance(result, Document):
                result.cache_entry = entry
            results[n] = result
            if progress:
                progress(done, total, display)
            done += 1
    store.close()
    return results


def _summarized(store: Store, entry: Path, path: Path, doc: Document, summarize) -> Document | dict:
    """The summary of ``doc``, kept beside its entry, in place of the document (so that a query about a period
    does not hold every document at once); the document itself when it has no summary."""
    try:
        summary = summarize(Path(path), doc)
    except Exception:  # the main process builds the plan and says what is wrong
        summary = None
    if summary is None:
        return doc
    store.put_summary(entry, summary)
    return summary


def save_summaries(pairs: list[tuple[Document, dict]], store: Store | None = None) -> None:
    """Keep each document's summary beside its cache entry (documents from ``load_many`` with ``store``)."""
    if not pairs:
        return
    store = store or Store.from_environment()
    for doc, summary in pairs:
        store.put_summary(doc.cache_entry, summary)
    store.close()


def _parse_one(display: str, raw: bytes, store: Store | None = None, entry: Path | None = None):
    """The Document (or PlanDataError) of one file's bytes, cached in ``entry`` when there is one."""
    try:
        doc = parse_text(decode(raw, display), display)
    except PlanDataError as exc:
        return exc
    except RecursionError:
        return PlanDataError(
            f"{display}: nested too deeply",
            [Diagnostic("KH109", "the document is nested too deeply to read", display, 1, 1)],
        )
    if store is not None and entry is not None and store.writable:
        store.put(entry, encode_document(doc))
    return doc


def _parse_serial(
    path: Path, display: str, raw: bytes, store: Store, entry: Path | None, summarize=None, keep_summaries=None
):
    """In this process, one file at a time. With ``summarize`` and a cache to keep them in, as a worker does:
    keep the entry and the summary and return only the summary, so that a cold run on one core holds one
    parsed document at a time rather than every one (the plans a query needs are read back from the cache)."""
    if entry is None or not store.writable or (summarize is None and keep_summaries is None):
        return _parse_one(display, raw, store, entry)
    if summarize is not None:
        from functools import partial

        return _worker((display, raw, partial(summarize, path), str(entry), True))
    doc = _parse_one(display, raw, store, entry)
    if isinstance(doc, Document) and store.writable:  # the entry was written: keep the summary beside it
        try:
            summary = keep_summaries(path, doc)
        except Exception:  # the plan is built again, and what is wrong said, when it is needed
            summary = None
        if summary is not None:
            store.put_summary(entry, summary)
    return doc


def _worker(job: tuple):
    """In a worker process: parse, write the cache entry, and send back plain data (a PlanDataError would
    lose its diagnostics in pickle): ("error", message, diagnostics), ("ok", payload, written), or — with a
    summarizer, once the entry and the summary are written — ("summary", summary) when ``send`` says so, else
    ("ok", …) all the same."""
    display, raw, summarize, entry, send = job
    with gc_paused():
        try:
            doc = parse_text(decode(raw, display), display)
        except PlanDataError as exc:
            return ("error", exc.message, [_diag_tuple(d) for d in exc.diagnostics])
        except RecursionError:
            return (
                "error",
                f"{display}: nested too deeply",
                [("KH109", "the document is nested too deeply to read", display, 1, 1, "error", "")],
            )
        payload = encode_document(doc)
        written = entry is not None and _write_atomic(Path(entry), payload)
        if written and summarize is not None:
            try:
                summary = summarize(doc)
            except Exception:  # the main process builds the plan and says what is wrong
                summary = None
            if (
                summary is not None
                and _write_atomic(Path(entry).with_suffix(".khs"), _summary_payload(summary), SUMMARY_MAGIC)
                and send
            ):
                return ("summary", summary)
    return ("ok", payload, written)


def _diag_tuple(d: Diagnostic) -> tuple:
    return (d.code, d.message, d.file, d.line, d.column, d.severity, d.hint)


def _workers(misses: list) -> int:
    if len(misses) < PARALLEL_MIN_FILES or sum(len(m[3]) for m in misses) < PARALLEL_MIN_BYTES:
        return 1
    if os.environ.get("KEHOACH_JOBS"):
        try:
            return max(1, int(os.environ["KEHOACH_JOBS"]))
        except ValueError:
            return 1
    import threading

    if threading.active_count() > 1:  # forking a threaded process is unsafe
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return min(cpus, 4)


def _parse_parallel(misses: list, workers: int, store: Store, summarize=None, keep_summaries=None):
    """Results in order, each as soon as it is ready (so a progress bar moves); serial if workers fail."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - no fork (Windows, macOS default)
        ctx = None
    jobs = [
        (
            d,
            raw,
            (summarize or keep_summaries) and partial(summarize or keep_summaries, path),
            str(e) if e and store.writable else None,
            summarize is not None,
        )
        for _, path, d, raw, e in misses
    ]
    done = 0
    if ctx is not None:
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
                for result in pool.map(_worker, jobs, chunksize=max(1, min(8, len(jobs) // (workers * 8)))):
                    yield result
                    done += 1
            return
        except Exception:  # a worker died (out of memory, killed): parse the rest here
            pass
    for _, _, display, raw, entry in misses[done:]:
        yield _parse_one(display, raw, store, entry)


_ENTRY_NAME = re.compile(r"[0-9a-f]{64}(?:\.[0-9a-f]{16})?\.kh[csvr]")
_TMP_NAME = re.compile(r"\.tmp-[A-Za-z0-9_]+\.khc")


def maybe_prune(folder: Path, now: float | None = None, every: int = 50) -> int:
    """Now and then, delete entries not rewritten for PRUNE_AFTER_DAYS (an edited file leaves its old one).

    Only files the cache itself wrote are deleted: in a two-hex-digit subfolder, named as an entry (64 hex
    digits and .khc/.khs) that starts with an entry's header, or a temporary file of ours an hour old; a
    cache folder set to a folder holding other files leaves them alone.
    """
    now = now or time.time()
    if every > 1 and int(now * 1000) % every:
        return 0
    removed = 0
    limit = now - PRUNE_AFTER_DAYS * 86400
    try:
        for sub in folder.iterdir():
            if len(sub.name) != 2 or not all(c in "0123456789abcdef" for c in sub.name):
                continue
            if sub.is_symlink() or not sub.is_dir():
                continue
            for entry in sub.iterdir():
                try:
                    st = entry.lstat()
                    if not stat.S_ISREG(st.st_mode):
                        continue
                    if _TMP_NAME.fullmatch(entry.name):
                        old = st.st_mtime < now - 3600
                    elif _ENTRY_NAME.fullmatch(entry.name) and entry.name.startswith(sub.name):
                        old = st.st_mtime < limit and _ours(entry)
                    else:
                        continue
                    if old:
                        entry.unlink()
                        removed += 1
                except OSError:
                    continue
    except OSError:
        pass
    return removed


def _ours(entry: Path) -> bool:
    """Whether ``entry`` starts with the header this cache writes (any version's magic)."""
    with open(entry, "rb") as fh:
        head = fh.read(8)
    return head[:7] in (MAGIC[:7], SUMMARY_MAGIC[:7], CHECKED_MAGIC[:7], READINGS_MAGIC[:7])


__all__ = ["Store", "load_cached", "load_many", "cache_dir", "decode", "restricted_loads", "encode_document"]
