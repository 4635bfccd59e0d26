"""Printing diagnostics: rich text on the terminal; the other formats are built by ``render.diagnostics``."""

from __future__ import annotations

from kehoach.cli.output import console, write_text
from kehoach.diagnostics import ERROR, Diagnostic
from kehoach.render.diagnostics import diagnostics_text, summary


def render(files: list[str], diagnostics: list[Diagnostic], fmt: str) -> None:
    if fmt != "text":
        write_text(diagnostics_text(files, diagnostics, fmt))
        return
    out = console()
    for d in diagnostics:
        style = "red" if d.severity == ERROR else "yellow"
        out.print(f"{d.location}: ", end="")
        out.print(f"{d.severity} {d.code}", style=style, end="")
        out.print(": ", end="")
        out.print(d.message, markup=False)
        if d.hint:
            out.print(f"  hint: {d.hint}", markup=False, style="dim")
    out.print(summary(files, diagnostics), markup=False, style="bold" if diagnostics else "green")
