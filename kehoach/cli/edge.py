"""The one place where what a command raised becomes a message on stderr and an exit code.

Both ways a command runs go through it: the typer application (``cli.app.KehoachGroup.invoke``) and the
fast path (``cli.fastpath``). typer is not imported here.
"""

from __future__ import annotations

import sys

from kehoach.errors import KehoachError

HANDLED = (KehoachError, OSError)  # BrokenPipeError is an OSError


def handle(exc: BaseException) -> int:
    """Print what the user needs to know about ``exc`` (one of ``HANDLED``) and return the exit code."""
    from kehoach.cli.output import report_error

    if isinstance(exc, BrokenPipeError):  # the reader went away (`kehoach due | head`): nothing to say
        sys.stderr.close()
        return 0
    if isinstance(exc, KehoachError):
        report_error(exc)
        return exc.exit_code
    # a path the system refuses (name too long, no permission …): a message, not a traceback
    name = str(exc.filename) if getattr(exc, "filename", None) else ""
    where = f"{name[:80]}{'…' if len(name) > 80 else ''}: " if name else ""
    report_error(KehoachError(f"{where}{exc.strerror or exc}"))
    return KehoachError.exit_code
