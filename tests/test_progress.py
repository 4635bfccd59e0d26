"""The progress bar of long runs: drawn on a terminal's stderr, never into pipes, never for short runs."""

from __future__ import annotations

import io
import shutil

from rich.console import Console

from kehoach.cli.progress import progress_bar
from kehoach.validate import validate_paths


def terminal() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=True, width=80), buf


def test_a_long_validate_draws_a_bar_and_clears_it(tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree("plans", plans)
    for n in range(12):  # 19 files: 38 steps (reading, then checking)
        (plans / "copies" / f"{n}.yaml").parent.mkdir(exist_ok=True)
        text = (plans / "ba-ria-vung-tau" / "93-kh-ubnd-2024.yaml").read_text(encoding="utf-8")
        (plans / "copies" / f"{n}.yaml").write_text(text.replace("id: brvt-93-2024", f"id: copy-{n}"), encoding="utf-8")
    console, buf = terminal()
    seen = []
    with progress_bar("validating", console=console, delay=0) as tick:

        def spy(done, total, name):
            seen.append((done, total))
            tick(done, total, name)

        files, _ = validate_paths([], plans, progress=spy)
    assert len(files) == 19
    assert seen[-1] == (37, 38) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    out = buf.getvalue()
    assert "validating" in out and "100%" in out
    assert "34/34" not in out  # 17 files, 34 steps: the bar shows a percentage, not a count users would misread


def test_short_runs_and_pipes_draw_nothing():
    console, buf = terminal()
    with progress_bar("validating", console=console, delay=0) as tick:
        for n in range(10):
            tick(n, 10, "x")  # fewer than 20 steps
    assert buf.getvalue() == ""
    with progress_bar("validating", stream=io.StringIO()) as tick:  # not a terminal
        assert tick is None
    console, buf = terminal()
    with progress_bar("validating", console=console, delay=60) as tick:
        for n in range(100):
            tick(n, 100, "x")  # over before the delay
    assert buf.getvalue() == ""


def test_validate_piped_prints_only_the_report(invoke):
    result = invoke("validate", "--format", "json")
    assert result.output.lstrip().startswith("{")
