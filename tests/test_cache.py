"""The parse cache: same results as a fresh parse; safe when files change, entries are corrupt or planted,
the folder is unwritable or shared, and when two processes fill it at once."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kehoach import cache
from kehoach.cache import MAGIC, cache_dir, encode_document, load_cached, load_many
from kehoach.errors import PlanDataError
from kehoach.loader import Marks, load_document, parse_text

PLAN58 = Path("plans/ba-ria-vung-tau/58-kh-ubnd-2024.yaml")
DISPLAY = str(PLAN58)


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(path))
    return path


def entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.khc"))


def same_as_fresh(doc, path: Path = PLAN58, display: str = DISPLAY) -> None:
    fresh = load_document(path, display)
    assert doc.path == fresh.path
    assert doc.data == fresh.data
    assert doc.diagnostics == fresh.diagnostics
    assert dict(doc.marks) == dict(fresh.marks)
    assert dict(doc.key_marks) == dict(fresh.key_marks)


def test_second_read_is_a_hit_and_equal_to_a_fresh_parse(folder):
    first = load_cached(PLAN58, DISPLAY)
    (entry,) = entries(folder)
    assert entry.read_bytes().startswith(MAGIC)
    second = load_cached(PLAN58, DISPLAY)
    assert isinstance(second.marks, Marks)  # came from the entry
    same_as_fresh(first)
    same_as_fresh(second)


def test_dates_come_back_as_dates_and_date_like_text_stays_text(folder, tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text(
        'kehoach: 1\nplan:\n  id: p\n  number: "2024-03-11"\n  title: x\n  issued: 2024-03-11\n  year: 2024\n'
        "sections: []\nlist: [2024-01-02, '2024-01-03', 2024-02-30]\n",
        encoding="utf-8",
    )
    load_cached(plan, "p.yaml")
    doc = load_cached(plan, "p.yaml")
    assert doc.data["plan"]["issued"] == dt.date(2024, 3, 11)
    assert doc.data["plan"]["number"] == "2024-03-11"
    assert doc.data["list"] == [dt.date(2024, 1, 2), "2024-01-03", "2024-02-30"]


def test_positions_of_a_cached_document_are_complete_on_demand(folder):
    load_cached(PLAN58, DISPLAY)
    doc = load_cached(PLAN58, DISPLAY)
    fresh = load_document(PLAN58, DISPLAY)
    path = ("sections", 0, "items", 0, "lead", 0)
    assert doc.loc(path) == fresh.loc(path)
    assert doc.loc(("plan", "id"), key=True) == fresh.loc(("plan", "id"), key=True)


def test_an_edited_file_misses_and_the_edit_is_seen(folder, tmp_path):
    plan = tmp_path / "58.yaml"
    shutil.copy(PLAN58, plan)
    assert load_cached(plan, "58.yaml").data["plan"]["year"] == 2024
    plan.write_text(plan.read_text(encoding="utf-8").replace("  year: 2024", "  year: 2025", 1), encoding="utf-8")
    assert load_cached(plan, "58.yaml").data["plan"]["year"] == 2025
    assert len(entries(folder)) == 2


def test_the_display_path_is_part_of_the_key(folder):
    assert load_cached(PLAN58, "a.yaml").path == "a.yaml"
    assert load_cached(PLAN58, "b.yaml").path == "b.yaml"


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b[:-1] + bytes([b[-1] ^ 1]),  # one bit flipped
        lambda b: b"",  # empty
        lambda b: b"garbage" * 10,  # not ours
        lambda b: b"KHCACHE1" + b[8:],  # another format
    ],
    ids=["truncated", "bit-flip", "empty", "garbage", "old-magic"],
)
def test_a_corrupt_entry_is_ignored_and_rewritten(folder, damage):
    load_cached(PLAN58, DISPLAY)
    (entry,) = entries(folder)
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    same_as_fresh(load_cached(PLAN58, DISPLAY))
    assert entry.read_bytes() == good


class Boom:
    def __reduce__(self):
        return (os.system, ("touch pwned-by-cache",))


def test_a_planted_entry_cannot_run_code(folder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(Path(__file__).resolve().parent.parent / "plans", tmp_path / "plans")
    load_cached(PLAN58, DISPLAY)
    (entry,) = entries(folder)
    payload = entry.read_bytes()[len(MAGIC) + 36 :]
    head_len, marks_len = cache._LENGTHS.unpack_from(payload)
    evil_marks = pickle.dumps(Boom())
    forged = cache._LENGTHS.pack(head_len, len(evil_marks)) + payload[8 : 8 + head_len] + evil_marks
    entry.write_bytes(cache.frame(entry, forged))  # a valid header and checksum
    doc = load_cached(PLAN58, DISPLAY)
    assert not (tmp_path / "pwned-by-cache").exists()
    assert doc.data == load_document(PLAN58, DISPLAY).data


def test_a_folder_other_users_can_write_is_not_used(folder):
    folder.mkdir()
    folder.chmod(0o777)
    load_cached(PLAN58, DISPLAY)
    assert entries(folder) == []
    folder.chmod(0o700)
    load_cached(PLAN58, DISPLAY)
    assert len(entries(folder)) == 1


def test_new_cache_folders_are_private(folder):
    load_cached(PLAN58, DISPLAY)
    (entry,) = entries(folder)
    assert entry.parent.stat().st_mode & 0o077 == 0


def test_a_group_writable_umask_does_not_make_the_cache_unusable(folder):
    old = os.umask(0o002)
    try:
        load_cached(PLAN58, DISPLAY)
    finally:
        os.umask(old)
    assert folder.stat().st_mode & 0o077 == 0
    (entry,) = entries(folder)
    entry.write_bytes(b"damaged")  # the next read must use (and so repair) this folder
    load_cached(PLAN58, DISPLAY)
    assert entry.read_bytes().startswith(MAGIC)


def test_an_unwritable_cache_only_costs_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(blocker / "cache"))
    same_as_fresh(load_cached(PLAN58, DISPLAY))


def test_off_and_config(tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_CACHE_DIR", "off")
    assert cache_dir() is None
    monkeypatch.delenv("KEHOACH_CACHE_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "kehoach").mkdir()
    (tmp_path / "kehoach" / "config.toml").write_text('cache = ".kc"\n', encoding="utf-8")
    assert cache_dir() == tmp_path / "kehoach" / ".kc"  # the user's own config, relative to it
    (tmp_path / "kehoach" / "config.toml").write_text('cache = "off"\n', encoding="utf-8")
    assert cache_dir() is None
    (tmp_path / "kehoach.toml").write_text('cache = "off"\n', encoding="utf-8")  # a repository's: ignored
    monkeypatch.setenv("KEHOACH_CONFIG", str(tmp_path / "kehoach.toml"))
    (tmp_path / "kehoach" / "config.toml").unlink()
    assert cache_dir() == Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kehoach"


def test_files_that_cannot_be_read_are_not_cached_and_keep_their_diagnostics(folder):
    bad = Path("tests/bad/duplicate-key.yaml")
    worse = Path("tests/bad/tabs.yaml")
    results = load_many([(bad, str(bad)), (worse, str(worse))])
    assert [d.code for d in results[0].diagnostics] == ["KH106"]  # readable: cached, with its diagnostic
    assert isinstance(results[1], PlanDataError) and results[1].diagnostics[0].code == "KH105"
    assert len(entries(folder)) == 1
    again = load_many([(bad, str(bad))])[0]
    assert [(d.code, d.line) for d in again.diagnostics] == [("KH106", 16)]


def test_parallel_parse_gives_the_same_documents_and_errors(folder, monkeypatch):
    monkeypatch.setattr(cache, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(cache, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setenv("KEHOACH_JOBS", "2")
    files = sorted(Path("plans").rglob("*.yaml")) + [Path("tests/bad/tabs.yaml"), Path("tests/bad/nfd.yaml")]
    pairs = [(p, str(p)) for p in files]
    assert cache._workers([(0, p, d, b"x" * 10, None) for p, d in pairs]) == 2
    results = load_many(pairs)
    assert len(entries(folder)) == len(files) - 1  # every readable file was cached by a worker
    for (path, display), doc in zip(pairs, results, strict=True):
        if path.name == "tabs.yaml":
            assert isinstance(doc, PlanDataError) and doc.diagnostics[0].code == "KH105"
        else:
            same_as_fresh(doc, path, display)


def test_two_processes_filling_the_cache_at_once(folder, tmp_path):
    corpus = tmp_path / "plans"
    shutil.copytree(Path("plans"), corpus)
    script = (
        "import sys; from pathlib import Path; from kehoach.repo import load_repo; "
        "r = load_repo(Path(sys.argv[1])); print(sum(len(p.items) for p in r.plans))"
    )
    env = {**os.environ, "KEHOACH_CACHE_DIR": str(folder)}
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(corpus)], stdout=subprocess.PIPE, text=True, env=env)
        for _ in range(3)
    ]
    counts = {p.communicate(timeout=120)[0].strip() for p in procs}
    assert all(p.returncode == 0 for p in procs)
    assert len(counts) == 1
    assert len(entries(folder)) == len(list(corpus.rglob("*.yaml")))
    assert not [p for p in folder.rglob("*") if p.name.startswith(".tmp-")]  # no half-written file left


def test_old_entries_are_pruned_now_and_then(folder):
    load_cached(PLAN58, DISPLAY)
    (entry,) = entries(folder)
    stale = time.time() - (cache.PRUNE_AFTER_DAYS + 1) * 86400
    os.utime(entry, (stale, stale))
    assert cache.maybe_prune(folder, every=1) == 1
    assert entries(folder) == []


def test_a_document_not_from_the_cache_encodes_too():
    doc = parse_text("kehoach: 1\nsections:\n  - id: I\n    title: x\n", "x.yaml")
    doc.entry_marks = {}
    again = cache.decode_payload(encode_document(doc), "x.yaml", "kehoach: 1\nsections:\n  - id: I\n    title: x\n")
    assert again.data == doc.data and again.marks.get(("sections", 0)) == (3, 5)


def test_the_code_stamp_changes_with_any_file_it_covers(tmp_path):
    from kehoach.cachedir import code_stamp

    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    (tmp_path / "pkg" / "sub" / "b.py").write_text("y = 2\n")
    (tmp_path / "pkg" / "notes.txt").write_text("not code\n")
    before = code_stamp([tmp_path / "pkg"])
    assert before.count(".py:") == 2 and "notes.txt" not in before
    (tmp_path / "pkg" / "notes.txt").write_text("changed, and not covered\n")
    assert code_stamp([tmp_path / "pkg"]) == before
    (tmp_path / "pkg" / "sub" / "b.py").write_text("y = 20\n")  # a file below, one byte longer
    assert code_stamp([tmp_path / "pkg"]) != before


# --- readings of time texts kept beside an entry ---------------------------------------------------------


def test_every_reading_of_the_corpus_comes_back_equal():
    """A kept reading (timeframe.to_data → JSON → from_data) is the reading itself, for every text of the
    time-text corpus in every reading context."""
    import json

    from test_time_texts import CLEAR, UNCLEAR

    from kehoach.timeframe import TimeParseError, from_data, parse_when, to_data

    count = 0
    for row in CLEAR + UNCLEAR:
        for years, continues in (((), False), ((2024, 2025, 2026), True)):
            try:
                tf = parse_when(row["text"], year=int(row["plan_year"] or 2025), years=years, continues=continues)
            except TimeParseError:
                continue
            again = from_data(json.loads(json.dumps(to_data(tf))))
            assert again == tf and again.window == tf.window and again.dates == tf.dates, row["text"]
            count += 1
    assert count > 600


def _plan_texts(repo) -> dict:
    return {(p.id, i.id): (i.timeframe, i.time_error) for p in repo.plans for i in p.items}


def test_a_plan_built_from_kept_readings_is_the_plan_read_afresh(folder, tmp_path):
    from kehoach.model import build_plan
    from kehoach.repo import load_repo

    root = tmp_path / "plans"
    shutil.copytree("plans", root)
    first = load_repo(root)  # reads the texts, keeps the readings
    kept = sorted(folder.rglob("*.khr"))
    assert len(kept) == len(first.plans) == 6
    again = load_repo(root)  # built from the kept readings
    assert _plan_texts(again) == _plan_texts(first)
    fresh = {(p.id, i.id): (i.timeframe, i.time_error) for d in first.documents.values()
             if isinstance(d.data, dict) and "plan" in d.data
             for p in [build_plan(d.data, d.path, d.marks)] for i in p.items}  # fmt: skip
    assert _plan_texts(first) == fresh
    # a reading kept for another year context is not used: the texts are read again
    plan = next(p for p in first.plans if p.id == "brvt-58-2024")
    doc = first.documents[str(root / "ba-ria-vung-tau" / "58-kh-ubnd-2024.yaml")]
    store = cache.Store(folder)
    readings = store.readings(doc.cache_entry)
    assert readings["context"] == [2024, [2024], False]
    item = next(i for i in plan.items if i.when == "Quý II")
    assert readings["texts"]["Quý II"][3] == "2024-06-30"
    readings["texts"]["Quý II"][3] = "2099-06-30"  # a reading changed by hand is used as it is …
    forged = build_plan(doc.data, doc.path, doc.marks, readings=readings)
    assert next(i for i in forged.items if i.id == item.id).timeframe.deadline == dt.date(2099, 6, 30)
    readings["context"] = [2025, [2025], False]  # … but only in the context it was made for
    other = build_plan(doc.data, doc.path, doc.marks, readings=readings)
    assert next(i for i in other.items if i.id == item.id).timeframe.deadline == dt.date(2024, 6, 30)


@pytest.mark.parametrize("damage", ["truncate", "flip", "format", "shape"])
def test_damaged_kept_readings_are_ignored(folder, tmp_path, damage):
    import json

    from kehoach.repo import load_repo

    root = tmp_path / "plans"
    shutil.copytree("plans", root)
    first = load_repo(root)
    for path in folder.rglob("*.khr"):
        blob = path.read_bytes()
        head = len(cache.READINGS_MAGIC) + 32 + 4
        if damage == "truncate":
            blob = blob[: len(blob) // 2]
        elif damage == "flip":
            blob = blob[:-5] + bytes([blob[-5] ^ 0xFF]) + blob[-4:]
        else:
            value = json.loads(blob[head:])
            if damage == "format":
                value["f"] = "kehoach-readings-0-old"
            else:
                value["r"]["texts"] = {text: [1, 2] for text in value["r"]["texts"]}
            payload = json.dumps(value).encode()
            blob = cache.frame(path, payload, cache.READINGS_MAGIC)
        path.write_bytes(blob)
    assert _plan_texts(load_repo(root)) == _plan_texts(first)
