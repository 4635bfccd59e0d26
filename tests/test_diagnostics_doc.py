"""docs/diagnostics.md lists every diagnostic code of kehoach/diagnostics.py, and no other, in full."""

from __future__ import annotations

import re
from pathlib import Path

from kehoach.diagnostics import CODES

DOC = Path(__file__).resolve().parent.parent / "docs" / "diagnostics.md"
HEADING = re.compile(r"^### (KH\d{3}) · (.+)$", re.MULTILINE)


def sections() -> dict[str, tuple[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    found = list(HEADING.finditer(text))
    out: dict[str, tuple[str, str]] = {}
    for n, m in enumerate(found):
        end = found[n + 1].start() if n + 1 < len(found) else len(text)
        assert m[1] not in out, f"{m[1]} is documented twice"
        out[m[1]] = (m[2], text[m.end() : end])
    return out


def test_every_code_is_documented_and_every_documented_code_exists():
    documented = sections()
    assert sorted(set(CODES) - set(documented)) == [], "codes missing from docs/diagnostics.md"
    assert sorted(set(documented) - set(CODES)) == [], "docs/diagnostics.md documents codes that do not exist"


def test_each_entry_has_the_codes_title_and_severity_and_says_what_it_means_and_how_to_fix_it():
    for code, (title, body) in sections().items():
        severity, short = CODES[code]
        assert title == short, f"{code}: the heading says {title!r}, diagnostics.py says {short!r}"
        assert f"- **Severity:** {severity}\n" in body, code
        for part in ("Meaning", "Example", "Fix"):
            assert re.search(rf"^- \*\*{part}:\*\* \S", body, re.MULTILINE), f"{code} has no {part}"


def test_codes_are_listed_in_order():
    codes = list(sections())
    assert codes == sorted(codes)
