"""Property: however a valid plan is mutated, `kehoach validate FILE` never raises, exits 0 or 1, and every
diagnostic has a known code and a line inside the file.

The mutations start from the shipped plan files and do what editors and copy-paste do to YAML: delete,
duplicate, swap and re-indent lines, cut the file short, insert odd characters (tabs, NUL, quotes,
brackets, anchors, aliases, tags, decomposed Vietnamese), and replace a value with arbitrary text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.diagnostics import CODES

BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
PLANS = sorted(p for p in Path(__file__).resolve().parent.parent.joinpath("plans").rglob("*.yaml"))
TEXTS = [p.read_text(encoding="utf-8") for p in PLANS]
NASTY = [
    "\t", "\x00", "\ufeff", '"', "'", "[", "]", "{", "}", ": ", "- ", "&a ", "*a", "!!python/object:os.system ",
    "!!binary ", "<<: ", "? ", "|", ">", "%", "@", "`", "#", "\r", "\u2028", "Quý V", "31/4/2024", "-709465000",
    "Vie\u0323\u0302t", "\U0001f600", "~", "null", "2024-02-30", "0x1F", ".nan", "---", "...",
]  # fmt: skip


@st.composite
def mutated_plan(draw) -> str:
    lines = draw(st.sampled_from(TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "insert", "value", "truncate"]))
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            lines[i] = " " * draw(st.integers(0, 12)) + lines[i].lstrip(" ")
        elif kind == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(NASTY)) + lines[i][at:]
        elif kind == "value" and ": " in lines[i]:
            key = lines[i].split(": ", 1)[0]
            lines[i] = key + ": " + draw(st.one_of(st.sampled_from(NASTY), st.text(max_size=30)))
        elif kind == "truncate":
            lines = lines[: i + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated_plan())
def test_validate_never_raises_and_reports_known_codes_at_real_lines(invoke, tmp_path, text):
    plan = tmp_path / "plans" / "mutated.yaml"
    plan.parent.mkdir(exist_ok=True)
    plan.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = invoke("validate", str(plan), "--format", "json")  # catch_exceptions=False: a raise fails the test
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    last_line = len(BREAKS.split(text))  # lines as YAML counts them: \r alone is a line break too
    for d in report["diagnostics"]:
        assert d["code"] in CODES
        assert 1 <= d["line"] <= last_line, d
    assert (result.exit_code == 1) == any(d["severity"] == "error" for d in report["diagnostics"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_validate(invoke, tmp_path, data):
    plan = tmp_path / "plans" / "bytes.yaml"
    plan.parent.mkdir(exist_ok=True)
    plan.write_bytes(data)
    result = invoke("validate", str(plan), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    for d in json.loads(result.stdout)["diagnostics"]:
        assert d["code"] in CODES
