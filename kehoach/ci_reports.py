"""Diagnostics as the reports code-review systems read: SARIF 2.1.0 and GitLab Code Quality.

Plain data, no terminal: ``sarif_log`` and ``gitlab_report`` return JSON-ready structures that
``kehoach validate --format sarif|gitlab`` prints. A problem's fingerprint is stable between runs
(it does not depend on the time or on the order of files) and changes when the problem changes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from urllib.parse import quote

from kehoach import __version__
from kehoach.diagnostics import CODES, ERROR, Diagnostic

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
GITLAB_SEVERITY = {ERROR: "major"}  # anything else (a warning) is "minor"


def relative_path(path: str) -> str:
    """The file as a repository-relative, forward-slash path (what both viewers match on)."""
    if os.path.isabs(path):
        try:
            path = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            pass
    return path.replace(os.sep, "/")


def fingerprints(diagnostics: list[Diagnostic]) -> list[str]:
    """One fingerprint per diagnostic: code, file and message, plus the rank among identical problems.

    The line is left out on purpose: inserting a line above a problem must not make it a "new" problem
    in the merge request; changing the message (another value, another key) does.
    """
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for d in diagnostics:
        key = (d.code, relative_path(d.file), d.message)
        seen[key] = seen.get(key, 0) + 1
        raw = "\x1f".join((*key, str(seen[key])))
        out.append(hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest())
    return out


def _uri(path: str) -> str:
    return quote(relative_path(path).encode("utf-8", "surrogateescape"), safe="/")


def sarif_log(diagnostics: list[Diagnostic], translate: Callable[[str], str] = str) -> dict:
    """A SARIF 2.1.0 log with one run: every KH code as a rule, every diagnostic as a result; messages through
    ``translate`` (the interface language), fingerprints from the messages as the library wrote them."""
    codes = sorted(CODES)
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for d, fp in zip(diagnostics, fingerprints(diagnostics), strict=True):
        location: dict = {"artifactLocation": {"uri": _uri(d.file)}} if d.file else {}
        if d.file and d.line:
            location["region"] = {"startLine": d.line, "startColumn": max(d.column, 1)}
        result = {
            "ruleId": d.code,
            "level": "error" if d.severity == ERROR else "warning",
            "message": {"text": translate(d.message) + (f" ({translate(d.hint)})" if d.hint else "")},
            "partialFingerprints": {"kehoach/v1": fp},
        }
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        if location:
            result["locations"] = [{"physicalLocation": location}]
        results.append(result)
    rules = [
        {
            "id": code,
            "name": code,
            "shortDescription": {"text": CODES[code][1]},
            "defaultConfiguration": {"level": "error" if CODES[code][0] == ERROR else "warning"},
        }
        for code in codes
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kehoach",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def gitlab_report(diagnostics: list[Diagnostic], translate: Callable[[str], str] = str) -> list[dict]:
    """GitLab Code Quality: a list of issues with description, check_name, fingerprint, severity, location;
    the description through ``translate``."""
    return [
        {
            "type": "issue",
            "description": f"{d.code} {translate(d.message)}" + (f" ({translate(d.hint)})" if d.hint else ""),
            "check_name": d.code,
            "fingerprint": fp,
            "severity": GITLAB_SEVERITY.get(d.severity, "minor"),
            "categories": ["Bug Risk"] if d.severity == ERROR else ["Style"],
            "location": {"path": relative_path(d.file), "lines": {"begin": max(d.line, 1)}},
        }
        for d, fp in zip(diagnostics, fingerprints(diagnostics), strict=True)
    ]
