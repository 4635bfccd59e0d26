"""Diagnostics as text for machines: JSON, GitHub Actions annotations, SARIF and GitLab code-quality reports."""

from __future__ import annotations

from kehoach.diagnostics import ERROR, Diagnostic
from kehoach.i18n import _, translate
from kehoach.render.data import to_json
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


def diagnostics_text(files: list[str], diagnostics: list[Diagnostic], fmt: str) -> str:
    """``fmt`` "json", "github", "sarif" or "gitlab"; messages in the interface language (JSON keeps the library's)."""
    if fmt in ("sarif", "gitlab"):  # code-review reports (docs/review.md): JSON files a CI job uploads
        from kehoach import ci_reports

        report = (
            ci_reports.sarif_log(diagnostics, translate)
            if fmt == "sarif"
            else ci_reports.gitlab_report(diagnostics, translate)
        )
        return to_json(report)
    if fmt == "json":
        return to_json(
            {
                "files": files,
                "diagnostics": [d.to_dict() for d in diagnostics],
                "errors": sum(d.severity == ERROR for d in diagnostics),
                "warnings": sum(d.severity != ERROR for d in diagnostics),
            }
        )
    lines = []
    for d in diagnostics:
        level = "error" if d.severity == ERROR else "warning"
        msg = f"{d.location}: {d.code} {translate(d.message)}" + (f" ({translate(d.hint)})" if d.hint else "")
        props = f"file={_property(d.file)},line={d.line or 1},col={d.column or 1},title={_property(d.code)}"
        lines.append(f"::{level} {props}::{_data(msg)}")
    lines.append(summary(files, diagnostics))
    return "\n".join(lines)
