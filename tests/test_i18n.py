"""The interface language (docs/ngon-ngu.md): Vietnamese by default, English on request; the catalog is
complete; no user-facing literal of the CLI bypasses it.

The rest of the suite runs with KEHOACH_LANG=en (tests/conftest.py); these tests unset it.
Golden files: tests/golden/i18n/; after an intended change rewrite them with
`KEHOACH_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_i18n.py` and review the diff.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import pytest
from conftest import ROOT

BAD = ROOT / "tests" / "bad" / "duplicate-key.yaml"
GOLDEN = ROOT / "tests" / "golden" / "i18n"
LANG_VARS = ("KEHOACH_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


@pytest.fixture
def no_lang(monkeypatch):
    """No language anywhere: the default (Vietnamese) applies."""
    for var in LANG_VARS:
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def run(no_lang):
    """Run the CLI in-process; (exit code, stdout, stderr)."""
    from typer.testing import CliRunner

    from kehoach.cli.app import whole_app

    def go(*args: str, env: dict | None = None):
        result = CliRunner().invoke(whole_app(), list(args), env=env, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return go


# --- Vietnamese by default ---------------------------------------------------------------------------------


def test_root_help_is_vietnamese_by_default(run):
    code, out, _ = run("--help")
    assert code == 0
    assert out.startswith("Cách dùng: kehoach [TÙY CHỌN] LỆNH [THAM SỐ]...\n")
    assert "\nTùy chọn:\n" in out and "\nLệnh:\n" in out
    assert "Xem hướng dẫn này rồi thoát." in out
    assert "Theo dõi kế hoạch của tỉnh" in out
    assert "Usage" not in out and "Options" not in out and "Show this message" not in out


def test_due_help_is_vietnamese_by_default(run):
    code, out, _ = run("due", "--help")
    assert code == 0
    assert out.startswith("Cách dùng: kehoach due [TÙY CHỌN]\n")
    assert "Các việc có thời hạn trong một khoảng thời gian (mặc định: quý hiện tại)." in out
    assert "Quý: I, II, III, IV hoặc 1-4." in out
    assert "Cả các việc cơ quan tham gia phối hợp." in out
    assert "mặc định: table" in out  # typer's own "[default: …]"
    assert "Output format" not in out


def test_unknown_agency_is_reported_in_vietnamese(run):
    code, out, err = run("due", "--agency", "xyz khong co")
    assert code == 2
    assert out == ""
    assert "kehoach: lỗi: không có cơ quan 'xyz khong co' trong danh mục\n" in err
    assert "  gợi ý: " in err  # a hint, in Vietnamese (no body is offered whose words contradict the query)
    assert "unknown" not in err and "closest" not in err


def test_an_unreadable_time_text_is_reported_with_its_hint_in_vietnamese(run):
    code, out, err = run("when", "xyz")
    assert (code, out) == (2, "")
    assert err == (
        "kehoach: lỗi: KH301: không đọc được thời gian thực hiện 'xyz'\n"
        "  gợi ý: viết ví dụ 'Quý II/2024', 'Tháng 11/2024', 'trong năm 2024', 'thường xuyên', 'Hằng năm', "
        "'Theo KH đoàn vào'\n"
    )


def test_what_a_missing_key_belongs_to_is_named_in_vietnamese(run, tmp_path):
    """KH201/KH203 name what is checked ("a section"): that phrase is in the catalog too."""
    plan = tmp_path / "p.yaml"
    plan.write_text(
        "kehoach: 1\nplan:\n  id: x\n  year: 2024\n  number: 1/KH\n  title: t\nsections:\n  - id: I\n"
        "    items:\n      - id: I.1\n        task: a\n        lead: Sở Tài chính\n        when: Quý II\n"
        "        colour: red\n",
        encoding="utf-8",
    )
    code, out, _ = run("validate", str(plan))
    assert code == 1
    assert f"{plan}:8:5: lỗi KH201: một phần của kế hoạch thiếu khóa bắt buộc 'title'" in out
    assert "khóa 'colour' không có trong định dạng (một nhiệm vụ)" in out
    assert "a section" not in out and "a task" not in out


def test_a_partly_read_time_says_how_it_was_read_in_vietnamese(run, tmp_path):
    """KH306 quotes the reading it fell back to (``Timeframe.describe``): in Vietnamese too."""
    plan = tmp_path / "p.yaml"
    plan.write_text(
        "kehoach: 1\nplan:\n  id: x\n  year: 2024\n  number: 1/KH\n  title: t\nsections:\n  - id: I\n"
        "    title: A\n    items:\n      - id: I.1\n        task: a\n        lead: Sở Tài chính\n"
        "        when: Hằng quý năm 2024 và các năm tiếp theo (trừ quý nghỉ)\n",
        encoding="utf-8",
    )
    code, out, _ = run("validate", str(plan))
    assert code == 0
    assert (
        "không hiểu được phần 'trừ quý nghỉ'; tạm đọc là định kỳ hằng quý, các năm 2024 và các năm tiếp theo" in out
    ), out
    assert "recurring" not in out and "following" not in out


def test_unknown_command_is_reported_in_vietnamese(run):
    code, _, err = run("dur")
    assert code == 2
    assert err == (
        "Cách dùng: kehoach [TÙY CHỌN] LỆNH [THAM SỐ]...\n"
        "Xem hướng dẫn: 'kehoach -h'.\n\n"
        "Lỗi: Không có lệnh 'dur'. Có phải là 'due'?\n"
    )


def test_unknown_command_through_the_real_entry_point(no_lang):
    """The installed entry point (main(), only_command) with a C locale: Vietnamese."""
    env = {k: v for k, v in os.environ.items() if k not in LANG_VARS} | {"LANG": "C"}
    proc = subprocess.run(
        [sys.executable, "-m", "kehoach", "dur"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stderr.endswith("Lỗi: Không có lệnh 'dur'. Có phải là 'due'?\n")


def test_bad_option_values_are_reported_in_vietnamese(run):
    code, _, err = run("due", "--format", "xx")
    assert code == 2
    assert "Lỗi: Giá trị không hợp lệ cho '--format' / '-f': 'xx' không thuộc 'table', 'json', 'csv', 'md'.\n" in err
    code, _, err = run("due", "--bogus")
    assert code == 2
    assert err.endswith("Lỗi: Không có tùy chọn: --bogus\n")
    code, _, err = run("show")
    assert code == 2
    assert err.endswith("Lỗi: Thiếu tham số 'ID'.\n")


def test_a_group_without_a_command_shows_its_help(run):
    code, out, err = run("config")
    assert code == 2
    assert out == ""
    assert err.startswith("Cách dùng: kehoach config [TÙY CHỌN] LỆNH [THAM SỐ]...\n")
    assert "Lỗi" not in err


def test_validate_of_a_broken_file_is_vietnamese(run):
    code, out, _ = run("validate", str(BAD.relative_to(ROOT)))
    assert code == 1
    assert out == (
        "tests/bad/duplicate-key.yaml:16:9: lỗi KH106: khóa 'when' bị trùng (lần đầu ở dòng 15); giữ giá trị đầu\n"
        "đã kiểm tra 1 tệp: 1 lỗi, 0 cảnh báo\n"
    )


def test_json_stays_english(run):
    code, out, _ = run("validate", str(BAD.relative_to(ROOT)), "--format", "json")
    assert code == 1
    assert '"message": "duplicate key \'when\' (first at line 15); the first value is kept"' in out
    assert '"severity": "error"' in out


# --- English on request ------------------------------------------------------------------------------------


def test_the_same_in_english_with_kehoach_lang(run, monkeypatch):
    monkeypatch.setenv("KEHOACH_LANG", "en")
    code, out, _ = run("--help")
    assert out.startswith("Usage: kehoach [OPTIONS] COMMAND [ARGS]...\n")
    assert "Show this message and exit." in out
    code, out, _ = run("due", "--help")
    assert "Entries whose deadline falls in a period (default: the current quarter)." in out
    code, _, err = run("due", "--agency", "xyz khong co")
    assert code == 2 and "kehoach: error: unknown agency 'xyz khong co'\n" in err
    code, _, err = run("dur")
    assert code == 2 and err.endswith("Error: No such command 'dur'. Did you mean 'due'?\n")
    code, out, _ = run("validate", str(BAD.relative_to(ROOT)))
    assert code == 1
    assert out == (
        "tests/bad/duplicate-key.yaml:16:9: error KH106: duplicate key 'when' (first at line 15); "
        "the first value is kept\n1 file(s) checked: 1 error(s), 0 warning(s)\n"
    )


# --- precedence --------------------------------------------------------------------------------------------


def _language(monkeypatch, **env) -> str:
    from kehoach import i18n

    for var in LANG_VARS:
        monkeypatch.delenv(var, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    i18n.reset()
    return i18n.language()


def test_locale_variables(monkeypatch):
    assert _language(monkeypatch) == "vi"
    assert _language(monkeypatch, LANG="C") == "vi"
    assert _language(monkeypatch, LANG="POSIX") == "vi"
    assert _language(monkeypatch, LANG="vi_VN.UTF-8") == "vi"
    assert _language(monkeypatch, LANG="fr_FR.UTF-8") == "vi"
    assert _language(monkeypatch, LANG="en_GB.UTF-8") == "en"
    assert _language(monkeypatch, LC_ALL="en_US.UTF-8") == "en"
    assert _language(monkeypatch, LC_MESSAGES="en_US.UTF-8", LANG="vi_VN.UTF-8") == "en"
    assert _language(monkeypatch, LC_ALL="C", LANG="en_US.UTF-8") == "vi"  # LC_ALL decides when set
    assert _language(monkeypatch, LC_ALL="vi_VN.UTF-8", LC_MESSAGES="en_US.UTF-8") == "vi"
    assert _language(monkeypatch, KEHOACH_LANG="en", LC_ALL="vi_VN.UTF-8") == "en"
    assert _language(monkeypatch, KEHOACH_LANG="vi", LC_ALL="en_US.UTF-8") == "vi"


def test_config_lang_sits_between_kehoach_lang_and_the_locale(monkeypatch, tmp_path):
    config = tmp_path / "kehoach.toml"
    config.write_text('lang = "en"\n', encoding="utf-8")
    monkeypatch.setenv("KEHOACH_CONFIG", str(config))
    assert _language(monkeypatch) == "en"
    assert _language(monkeypatch, LC_ALL="vi_VN.UTF-8") == "en"
    assert _language(monkeypatch, KEHOACH_LANG="vi") == "vi"
    config.write_text('lang = "vi"\n', encoding="utf-8")
    assert _language(monkeypatch, LC_ALL="en_US.UTF-8") == "vi"
    config.write_text("lang = [broken\n", encoding="utf-8")  # unreadable: the locale decides
    assert _language(monkeypatch, LC_ALL="en_US.UTF-8") == "en"


def test_lc_all_english_gives_english_output(run):
    code, _, err = run("due", "--agency", "xyz khong co", env={"LC_ALL": "en_US.UTF-8"})
    assert code == 2 and "kehoach: error: unknown agency" in err
    code, _, err = run("due", "--agency", "xyz khong co", env={"LANG": "C"})
    assert code == 2 and "kehoach: lỗi: không có cơ quan" in err


def test_config_set_lang(run, monkeypatch, tmp_path):
    config = tmp_path / "kehoach.toml"
    monkeypatch.setenv("KEHOACH_CONFIG", str(config))
    code, _, err = run("config", "set", "lang", "fr")
    assert code == 2 and "'lang' là vi hoặc en, không phải 'fr'" in err
    code, _, _ = run("config", "set", "lang", "en")
    assert code == 0 and config.read_text(encoding="utf-8") == 'lang = "en"\n'
    code, _, err = run("due", "--agency", "xyz khong co")
    assert "kehoach: error: unknown agency" in err


# --- library messages matched back to their templates -------------------------------------------------------


def test_library_templates_carry_their_values(monkeypatch):
    from kehoach import i18n

    _language(monkeypatch)
    assert i18n.translate("unknown plan '99/KH-XYZ'") == "không có kế hoạch '99/KH-XYZ'"
    assert i18n.translate("'due' '31/4/2024' is not a date that exists") == "'due' '31/4/2024' không phải ngày có thật"
    assert i18n.translate("not a message kehoach makes") == "not a message kehoach makes"
    # import puts the cell before the message: the cell stays, the message is translated
    assert (
        i18n.translate("A9: the row has no number (TT); it is numbered 1 (I.1)")
        == "A9: dòng không có số thứ tự (TT); được đánh số 1 (I.1)"
    )
    # the most specific template wins: "must be a list" is not taken for "must be a list of agencies"
    assert i18n.translate("'lead' must be a list of agencies") == "'lead' phải là danh sách cơ quan"
    assert i18n.translate("'lead' must be a list") == "'lead' phải là danh sách"
    _language(monkeypatch, KEHOACH_LANG="en")
    assert i18n.translate("unknown plan '99/KH-XYZ'") == "unknown plan '99/KH-XYZ'"


# --- goldens in both languages -----------------------------------------------------------------------------


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("KEHOACH_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing {path}: run with KEHOACH_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


GOLDEN_RUNS = {
    # no --year: the notice about the year chosen goes to stderr
    "due": ("due", "-p", "58", "-q", "II", "-k", "report", "--today", "2026-05-15"),
    "validate": ("validate", "tests/bad/duplicate-key.yaml", "tests/bad/date-31-4.yaml", "tests/bad/tabs.yaml"),
    "show": ("show", "58/KH-UBND:II.3.1", "--today", "2024-07-15"),
}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", sorted(GOLDEN_RUNS))
def test_golden_outputs(run, monkeypatch, name, lang):
    monkeypatch.setenv("KEHOACH_LANG", lang)
    monkeypatch.setenv("COLUMNS", "160")
    code, out, err = run(*GOLDEN_RUNS[name])
    check_golden(f"{name}.{lang}.txt", f"exit {code}\n--- stdout\n{out}--- stderr\n{err}")


# --- the catalog is complete and current -------------------------------------------------------------------


def _scripts():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import i18n as catalog_script
    finally:
        sys.path.pop(0)
    return catalog_script


def test_catalog_is_current_and_every_message_is_translated():
    """Extract with Babel now and compare with the committed .pot/.po: nothing missing, stale, untranslated
    or fuzzy, and every translation keeps the placeholders of its msgid."""
    problems = _scripts().problems()
    assert problems == [], "run python scripts/i18n.py all, then translate:\n" + "\n".join(problems[:40])


def test_committed_mo_is_the_compiled_po():
    import io

    from babel.messages.mofile import write_mo

    script = _scripts()
    buf = io.BytesIO()
    write_mo(buf, script.read(script.po_path("vi"), "vi"), use_fuzzy=False)
    assert buf.getvalue() == script.mo_path("vi").read_bytes(), "run python scripts/i18n.py compile"


def test_wheel_config_ships_the_catalog():
    """hatch includes every file under the package, .mo files too: none is ignored by git or the build."""
    import tomllib

    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert cfg["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["kehoach"]
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "kehoach/locale/vi/LC_MESSAGES/kehoach.mo"], cwd=ROOT, capture_output=True
    )
    assert ignored.returncode == 1  # not ignored


# --- no user-facing literal bypasses the catalog -----------------------------------------------------------

# Calls whose text argument reaches the user.
PRINTING = {
    "print",
    "echo",
    "secho",
    "note",
    "_print",
    "write_text",
    "paragraph",
    "Table",
    "add_column",
    "row",
    "UsageError",
    "ConflictError",
    "GitError",
    "KehoachError",
    "Exit",
}
# Literals that are the same in every language: table contents, which stay Vietnamese (docs/ngon-ngu.md),
# command names and file paths.
STYLES = {
    "bold",
    "dim",
    "italic",
    "red",
    "yellow",
    "green",
    "cyan",
    "bold red",
    "bold cyan",
    "left",
    "right",
    "center",
    "fold",
}
SAME_IN_EVERY_LANGUAGE = {"kehoach ", "kehoach diff: ", "  ~ plan.", "  ~ rules."}


def _english_words(text: str) -> bool:
    """True when a literal holds an English word: ASCII letters only, at least three, outside placeholders."""
    import re

    if any(ord(c) > 127 for c in text):  # Vietnamese (table contents), or arrows and dashes
        return bool(re.search(r"\b(?:the|not|is|no|cannot|file|error|warning|hint|note)\b", text))
    return bool(re.search(r"[A-Za-z]{3,}", text))


def _literals(node: ast.AST):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        yield "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    elif isinstance(node, ast.BinOp):
        yield from _literals(node.left)
        yield from _literals(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)


def test_no_english_literal_reaches_the_user_without_the_catalog():
    """An AST scan of kehoach/cli: text given to print/echo/note/UsageError … must come through _() (or be
    a value, not a literal). help= texts are collected from the command tree instead (see the catalog test)."""
    found = []
    for path in sorted((ROOT / "kehoach" / "cli").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in PRINTING:
                continue
            args = list(node.args) + [kw.value for kw in node.keywords if kw.arg in ("hint", "message")]
            for arg in args:
                for text in _literals(arg):
                    if _english_words(text) and text not in SAME_IN_EVERY_LANGUAGE and text not in STYLES:
                        found.append(f"{path.relative_to(ROOT)}:{arg.lineno}: {text!r}")
    assert found == []


def test_no_translation_call_inside_an_f_string():
    """Babel cannot see _("…") inside an f-string: such a message would silently stay English."""
    found = []
    for path in sorted((ROOT / "kehoach" / "cli").rglob("*.py")) + [ROOT / "kehoach" / "i18n.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    func = getattr(inner, "func", None)
                    if isinstance(func, ast.Name) and func.id in ("_", "ngettext", "pgettext", "N_"):
                        found.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert found == []


def test_every_help_text_is_translated(no_lang):
    """Every command, argument and option help of the built tree, translated: none stays English."""
    import typer

    from kehoach import i18n
    from kehoach.cli.app import whole_app

    i18n.reset()
    root = typer.main.get_command(whole_app())
    i18n.translate_command(root)
    english = []

    def walk(cmd, path):
        for param in cmd.params:
            if param.help and param.help.isascii():
                english.append(f"{path} {param.name}: {param.help}")
        if cmd.help and cmd.help.isascii():
            english.append(f"{path}: {cmd.help[:60]}")
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(root, "kehoach")
    assert english == []


# --- shell completion ---------------------------------------------------------------------------------------


def _complete(words: str, cword: int) -> list[str]:
    from typer.testing import CliRunner

    from kehoach.cli.app import whole_app

    env = {"_KEHOACH_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = CliRunner().invoke(whole_app(), [], env=env, prog_name="kehoach")
    return result.stdout.splitlines()


def test_completion_of_commands_options_plans_and_agencies(no_lang):
    assert _complete("kehoach du", 1) == ["due"]
    assert _complete("kehoach due --pl", 2) == ["--plan", "--plans-dir"]
    assert _complete("kehoach due --plan 5", 3) == ["58/KH-UBND"]
    assert _complete("kehoach due -p brvt", 3) == ["brvt-58-2024", "brvt-93-2024"]
    assert "Sở Ngoại vụ" in _complete("kehoach overdue --agency Sở", 3)
    assert all(name.startswith("Sở") for name in _complete("kehoach overdue --agency Sở", 3))


def test_completion_scripts_are_offered(no_lang):
    from typer.testing import CliRunner

    from kehoach.cli.app import whole_app

    result = CliRunner().invoke(whole_app(), ["--show-completion", "bash"], prog_name="kehoach")
    assert result.exit_code == 0
    assert "_KEHOACH_COMPLETE=complete_bash" in result.stdout
    code_help = CliRunner().invoke(whole_app(), ["--help"], prog_name="kehoach")
    assert "--install-completion" in code_help.stdout
