"""Printing diagnostics: rich text on the terminal; the other formats are built by ``render.diagnostics``."""

from __future__ import annotations

from kehoach.cli.output import console, write_text
from kehoach.diagnostics import ERROR, Diagnostic
from kehoach.i18n import translate
from kehoach.render.diagnostics import diagnostics_text, summary


def render(files: list[str], diagnostics: list[Diagnostic], fmt: str) -> None:
    if fmt != "text":
        write_text(diagnostics_text(files, diagnostics, fmt))
        return
    print_diagnostics(console(), diagnostics)
    out = console()
    out.print(summary(files, diagnostics), markup=False, style="bold" if diagnostics else "green")


def print_diagnostics(out, diagnostics: list[Diagnostic]) -> None:
    """'location: error KH101: message' lines, coloured, in the interface language."""
    from kehoach.cli.output import hint_line, severity_text

    for d in diagnostics:
        style = "red" if d.severity == ERROR else "yellow"
        out.print(f"{d.location}: ", end="")
        out.print(f"{severity_text(d.severity)} {d.code}", style=style, end="")
        out.print(": ", end="")
        out.print(translate(d.message), markup=False)
        if d.hint:
            out.print(hint_line(d.hint), markup=False, style="dim")
