"""A progress bar for long operations over many files: on a terminal only, on stderr, and only when slow.

    with progress_bar("validating") as tick:
        validate_paths(..., progress=tick)      # tick(done, total, name); tick is None when not shown

Nothing is printed when stderr is not a terminal (piped, redirected, CI), for runs of fewer than
``min_steps`` steps, or before ``delay`` seconds have passed (a warm run is over before a bar would
flicker). The bar is redrawn from the caller's thread at most every 0.1 s: no refresh thread, so the
parse cache can still fork its worker processes safely.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager


class ProgressBar:
    def __init__(self, label: str, console=None, min_steps: int = 20, delay: float = 0.3):
        self.label = label
        self.console = console
        self.min_steps = min_steps
        self.delay = delay
        self.started = time.monotonic()
        self.bar = None
        self.task = None
        self.last = 0.0

    def __call__(self, done: int, total: int, name: str = "") -> None:
        if total < self.min_steps:
            return
        now = time.monotonic()
        if self.bar is None:
            if now - self.started < self.delay:
                return
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),  # a percentage: steps are not files (validate reads, then checks each)
                TimeRemainingColumn(),
                console=self.console or _console(),
                transient=True,
                auto_refresh=False,
            )
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=min(done + 1, total), total=total)
        if now - self.last >= 0.1 or done + 1 >= total:
            self.last = now
            self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _console():
    from kehoach.render.terminal import SafeConsole

    return SafeConsole(stderr=True)


@contextmanager
def progress_bar(label: str, min_steps: int = 20, delay: float = 0.3, console=None, stream=None):
    """Yield a progress callback for a long operation, or None where no bar should be shown."""
    stream = stream if stream is not None else sys.stderr
    interactive = console is not None or (hasattr(stream, "isatty") and stream.isatty())
    if not interactive:
        yield None
        return
    bar = ProgressBar(label, console=console, min_steps=min_steps, delay=delay)
    try:
        yield bar
    finally:
        bar.close()
