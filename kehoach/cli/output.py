"""The edge of output: consoles, errors, the one rule that picks a format (``output_format``), writing files."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from kehoach.errors import KehoachError, PlanDataError, UsageError
from kehoach.i18n import _, translate
from kehoach.render.data import to_csv, to_json, to_markdown  # noqa: F401  (the commands import them from here)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any


def console(stderr: bool = False):
    """A console that prints as rich does; when piped, no colours and the page width of ``table.page``
    (COLUMNS, default 160). rich itself (16 ms to import) is only loaded for what needs it: see ``_Console``."""
    return _Console(stderr)


def _rich_console(stderr: bool):
    """The rich console behind ``_Console``.

    Plan text is never markup, never emoji codes and never carries control characters: see
    ``render.terminal.SafeConsole``. Text kehoach writes itself with markup passes ``markup=True``.
    """
    from kehoach.render.table import page
    from kehoach.render.terminal import SafeConsole

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else page(stream).width
    return SafeConsole(stderr=stderr, soft_wrap=stderr, width=width)


def page(to_file: Path | None = None):
    """The page text is laid out for: stdout's (``render.table.page``); for an -o file, the same width without
    colours — a file holds what the terminal shows."""
    from dataclasses import replace

    from kehoach.fileio import is_stdout
    from kehoach.render.table import page as stdout_page

    out = stdout_page()
    return out if to_file is None or is_stdout(to_file) else replace(out, color=False)


def print_lines(lines: list[tuple[str, str | None]]) -> None:
    """Styled lines (``render.review.Line``) on stdout, each as it is (no wrapping), in colour on a terminal."""
    out = console()
    for text, style in lines:
        out.print(text, style=style, markup=False, soft_wrap=True)


class _Console:
    """A rich console made on first need. ``print`` of plain lines — text without markup, control characters,
    tabs, emoji codes (``:name:``) or trailing spaces, each line within the page, no colour to draw — is
    written directly, as rich would write it; anything else (tables, markup, styles on a terminal, long
    lines that rich wraps) goes to rich. So `when`, and `validate` on clean plans, never import rich."""

    def __init__(self, stderr: bool = False):
        self._stderr = stderr
        self._real = None

    def _rich(self):
        if self._real is None:
            self._real = _rich_console(self._stderr)
        return self._real

    def __getattr__(self, name: str):
        return getattr(self._rich(), name)

    def print(self, *objects, sep: str = " ", end: str = "\n", style=None, markup=None, highlight=None, **kw):
        if self._real is None and not kw and not highlight and all(type(o) is str for o in objects):
            text = sep.join(objects)
            if self._plain(text, style, markup):
                stream = sys.stderr if self._stderr else sys.stdout
                stream.write(text + end)
                return
        self._rich().print(*objects, sep=sep, end=end, style=style, markup=markup, highlight=highlight, **kw)

    def _plain(self, text: str, style, markup) -> bool:
        from kehoach.render.table import _NARROW, page

        if (markup is not False and "[" in text) or _EMOJI.search(text) or not _NARROW.fullmatch(text):
            return False
        out = page(sys.stderr if self._stderr else sys.stdout)
        if style and out.color:
            return False
        return all(
            line.isprintable() and not line.endswith(" ") and (self._stderr or len(line) <= out.width)
            for line in text.split("\n")
        )


_EMOJI = re.compile(r":\S*:")  # what rich could read as an emoji code


def note(text: str) -> None:
    """A notice on stderr ("note: …"), cyan on a terminal; written without rich, which many commands never
    import."""
    from kehoach.render.table import page, styled

    line = _("note: {text}").format(text=translate(text))
    sys.stderr.write(styled(line, "cyan", page(sys.stderr).color) + "\n")


def severity_text(severity: str) -> str:
    """'error' / 'warning' in the interface language (JSON keeps the English word)."""
    from kehoach.labels import severity as label

    return label(severity)


def diagnostic_line(diag) -> str:
    """'file:line:col: error KH101: message' in the interface language (the code stays the same)."""
    return _("{location}: {severity} {code}: {message}").format(
        location=diag.location, severity=severity_text(diag.severity), code=diag.code, message=translate(diag.message)
    )


def hint_line(hint: str) -> str:
    return _("  hint: {hint}").format(hint=translate(hint))


def report_error(exc: KehoachError) -> None:
    err = console(stderr=True)
    if isinstance(exc, PlanDataError) and exc.diagnostics:
        for diag in exc.diagnostics:
            err.print(diagnostic_line(diag), markup=False)
            if diag.hint:
                err.print(hint_line(diag.hint), markup=False)
    err.print(_("kehoach: error: {message}").format(message=translate(exc.message)), markup=False, style="bold red")
    if exc.hint:
        err.print(hint_line(exc.hint), markup=False)


def write_text(
    data: str | bytes, output: Path | None = None, force: bool = False, plans_dir: Path | None = None
) -> None:
    """Print ``data``, or write it to ``output`` atomically: never over a plan file unless ``force``."""
    from kehoach.fileio import is_stdout

    if isinstance(data, str) and not data.endswith("\n"):
        data += "\n"
    if is_stdout(output):
        output = None
    if output is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return
    from kehoach.fileio import guard_output, write_output

    guard_output(output, force, plans_dir)
    write_output(output, data)


# THE rule from an -o file's suffix to a format, for every command that writes files. A suffix names the formats
# that write such a file, the one a command picks first in front; .txt is plain text: the table or text the
# terminal shows (without colours), or tab-separated values for `export`, whose tables are data.
SUFFIX_FORMATS: dict[str, tuple[str, ...]] = {
    ".json": ("json",),
    ".md": ("md",),
    ".markdown": ("md",),
    ".csv": ("csv",),
    ".tsv": ("tsv",),
    ".tab": ("tsv",),
    ".txt": ("table", "text", "tsv"),
    ".html": ("html",),
    ".htm": ("html",),
    ".svg": ("svg",),
    ".ics": ("ics",),
    ".docx": ("docx",),
    ".xlsx": ("xlsx",),
    ".xlsm": ("xlsx",),
}


def output_format(fmt: Any, output: Path | None, default: str, allowed: tuple[str, ...]) -> str:
    """The format a command writes: --format if given, else what the -o file's suffix says, else ``default``.

    A suffix that contradicts --format (``-f json -o x.md``), or that names no format of the command
    (``report -o x.ics``), is a UsageError; a suffix not in ``SUFFIX_FORMATS`` (``.out``, none, ``-`` for
    stdout) says nothing. A command with -o therefore has no default in its --format option (None): the
    default applies only when neither says anything.
    """
    from kehoach.fileio import is_stdout

    given = getattr(fmt, "value", fmt)
    suffix = output.suffix.lower() if output is not None and not is_stdout(output) else ""
    implied = SUFFIX_FORMATS.get(suffix, ())
    if given is not None:
        if implied and given not in implied:
            asked = "/".join(f for f in implied if f in allowed) or implied[0]
            raise UsageError(
                _("-o {file} asks for {asked} but --format is {given}").format(
                    file=_short(output), asked=asked, given=given
                ),
                hint=_("leave out --format, or name the file for {given}").format(given=given),
            )
        return given
    for candidate in implied:
        if candidate in allowed:
            return candidate
    if implied:
        raise UsageError(
            _("cannot write a {suffix} file (-o {file}): the formats here are {formats}").format(
                suffix=suffix, file=_short(output), formats=", ".join(allowed)
            ),
            hint=_("choose one with --format, or a file name with its suffix"),
        )
    return default


def _short(path: Path) -> str:
    name = path.name
    return name if len(name) <= 60 else name[:59] + "…"
