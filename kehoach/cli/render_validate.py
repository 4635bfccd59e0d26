"""Printing diagnostics: rich text, JSON, or GitHub Actions annotations."""

from __future__ import annotations

from kehoach.cli.output import console, to_json, write_text
from kehoach.diagnostics import ERROR, Diagnostic
from kehoach.i18n import _, translate
from kehoach.text import visible


def _data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (% CR LF); controls made visible."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property value (file=…), escaped as GitHub's toolkit does: % CR LF : and ,."""
    return _data(str(text)).replace(":", "%3A").replace(",", "%2C")


def summary(files: list[str], diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.severity == ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    return _("{files} file(s) checked: {errors} error(s), {warnings} warning(s)").format(
        files=len(files), errors=errors, warnings=warnings
    )


def render(files: list[str], diagnostics: list[Diagnostic], fmt: str) -> None:
    if fmt in ("sarif", "gitlab"):  # code-review reports (docs/review.md): JSON files a CI job uploads
        from kehoach import ci_reports

        write_text(
            to_json(
                ci_reports.sarif_log(diagnostics, translate)
                if fmt == "sarif"
                else ci_reports.gitlab_report(diagnostics, translate)
            )
        )
        return
    if fmt == "json":
        write_text(
            to_json(
                {
                    "files": files,
                    "diagnostics": [d.to_dict() for d in diagnostics],
                    "errors": sum(d.severity == ERROR for d in diagnostics),
                    "warnings": sum(d.severity != ERROR for d in diagnostics),
                }
            )
        )
        return
    if fmt == "github":
        lines = []
        for d in diagnostics:
            level = "error" if d.severity == ERROR else "warning"
            msg = f"{d.location}: {d.code} {translate(d.message)}" + (f" ({translate(d.hint)})" if d.hint else "")
            props = f"file={_property(d.file)},line={d.line or 1},col={d.column or 1},title={_property(d.code)}"
            lines.append(f"::{level} {props}::{_data(msg)}")
        lines.append(summary(files, diagnostics))
        write_text("\n".join(lines))
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
