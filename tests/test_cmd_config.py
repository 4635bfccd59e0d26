"""kehoach config get|set, and how kehoach.toml / [tool.kehoach] feed the query commands (flags win)."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import PLANS, ROOT


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """An empty folder as the working directory, with config discovery switched back on."""
    monkeypatch.delenv("KEHOACH_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def ids(result) -> set[str]:
    assert result.exit_code == 0, result.output
    return {r["id"] for r in json.loads(result.stdout)}


Q2 = ["due", "-q", "II", "--year", "2024", "-p", "58", "--today", "2024-04-01", "-f", "json"]


def test_set_creates_kehoach_toml_and_get_reads_it(invoke, workdir):
    result = invoke("config", "set", "agency", "Sở Ngoại vụ")
    assert result.exit_code == 0, result.output
    assert (workdir / "kehoach.toml").read_text(encoding="utf-8") == 'agency = "Sở Ngoại vụ"\n'
    assert invoke("config", "set", "upcoming_days", "10").exit_code == 0
    assert invoke("config", "get", "agency").stdout == "Sở Ngoại vụ\n"
    assert invoke("config", "get", "upcoming_days").stdout == "10\n"
    everything = invoke("config", "get").stdout
    assert f"# {workdir / 'kehoach.toml'}" in everything
    assert 'agency = "Sở Ngoại vụ"' in everything and "upcoming_days = 10" in everything
    unset = invoke("config", "get", "province")
    assert unset.exit_code == 1 and unset.stdout == ""


def test_set_keeps_comments_and_order(invoke, workdir):
    original = '# my settings\nagency = "SNgV"  # mine\n\n[extra]\nx = 1\n'
    (workdir / "kehoach.toml").write_text(original, encoding="utf-8")
    assert invoke("config", "set", "plan", "58/KH-UBND").exit_code == 0
    assert invoke("config", "set", "agency", "Sở Du lịch").exit_code == 0
    assert (workdir / "kehoach.toml").read_text(encoding="utf-8") == (
        '# my settings\nagency = "Sở Du lịch"  # mine\nplan = "58/KH-UBND"\n\n[extra]\nx = 1\n'
    )


def test_configured_agency_is_the_default_and_a_flag_wins(invoke, workdir):
    (workdir / "kehoach.toml").write_text('agency = "so ngoai vu"\n', encoding="utf-8")
    mine = ids(invoke(*Q2))
    assert "II.3.1" in mine and "II.1.2" not in mine  # II.1.2 is led by Sở Tài nguyên và Môi trường
    # the 10/5 report is sent by every department ("Các sở, ban, ngành")
    assert ids(invoke(*Q2, "--agency", "Sở Tài nguyên và Môi trường")) == {"II.1.2", "bc-6-thang-so-nganh@2024"}
    everyone = ids(invoke(*Q2, "--agency", ""))
    assert len(everyone) == 24 and ids(invoke(*Q2, "--agency", "*")) == everyone


def test_kehoach_toml_at_the_repository_root_is_found_from_a_subfolder(invoke, workdir, monkeypatch):
    subprocess.run(["git", "init", "-q", str(workdir)], check=True)
    (workdir / "kehoach.toml").write_text(f'plans = "{PLANS}"\nplan = "58"\nupcoming_days = 45\n', encoding="utf-8")
    sub = workdir / "docs" / "notes"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    result = invoke("upcoming", "--today", "2024-04-28", "-f", "json")
    assert {r["plan"] for r in json.loads(result.stdout)} == {"brvt-58-2024"}
    assert len(json.loads(result.stdout)) == 7  # 45 days (see test_cmd_upcoming)
    # --days wins over upcoming_days: the milestones 3 days away drop out, the report (remind: 14) stays
    two_days = invoke("upcoming", "--today", "2024-04-28", "-f", "json", "--days", "2").stdout
    assert [r["id"] for r in json.loads(two_days)] == ["bc-6-thang-so-nganh@2024"]
    everything = invoke("upcoming", "--today", "2024-04-28", "-f", "json", "--plan", "").stdout
    assert {r["plan"] for r in json.loads(everything)} == {"brvt-58-2024", "dongnai-90-2024"}


def test_set_without_a_file_writes_at_the_repository_root(invoke, workdir, monkeypatch):
    subprocess.run(["git", "init", "-q", str(workdir)], check=True)
    sub = workdir / "plans"
    sub.mkdir()
    monkeypatch.chdir(sub)
    assert invoke("config", "set", "province", "Đồng Nai").exit_code == 0
    assert (workdir / "kehoach.toml").read_text(encoding="utf-8") == 'province = "Đồng Nai"\n'
    assert not (sub / "kehoach.toml").exists()


def test_tool_kehoach_in_pyproject(invoke, workdir):
    (workdir / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.kehoach]\nagency = "Sở Y tế"  # mine\n', encoding="utf-8"
    )
    assert ids(invoke(*Q2)) == {"DR.B.4#chuong-trinh", "bc-6-thang-so-nganh@2024"}
    assert invoke("config", "set", "upcoming_days", "7").exit_code == 0
    assert (workdir / "pyproject.toml").read_text(encoding="utf-8") == (
        '[project]\nname = "x"\n\n[tool.kehoach]\nagency = "Sở Y tế"  # mine\nupcoming_days = 7\n'
    )
    assert not (workdir / "kehoach.toml").exists()


def test_kehoach_config_names_the_file(invoke, tmp_path, monkeypatch):
    path = tmp_path / "elsewhere.toml"
    path.write_text('agency = "Sở Y tế"\n', encoding="utf-8")
    monkeypatch.setenv("KEHOACH_CONFIG", str(path))
    assert ids(invoke(*Q2)) == {"DR.B.4#chuong-trinh", "bc-6-thang-so-nganh@2024"}


def test_the_project_pyproject_has_no_kehoach_table(invoke, monkeypatch):
    from kehoach.config import find_config

    monkeypatch.delenv("KEHOACH_CONFIG", raising=False)
    config = find_config(ROOT)
    if not (ROOT / "kehoach.toml").exists():  # a developer's own kehoach.toml is theirs
        assert config.path is None and config.values == {}
    assert "[tool.kehoach]" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_tests_do_not_see_a_kehoach_toml_at_the_repository_root(invoke):
    # conftest points KEHOACH_CONFIG at a missing file: defaults apply whatever the developer has configured
    assert invoke("config", "get").stdout.splitlines()[0].endswith("kehoach.toml")
    assert ids(invoke(*Q2)) and len(ids(invoke(*Q2))) == 24


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["set", "colour", "red"], "unknown configuration key 'colour'"),
        (["get", "colour"], "unknown configuration key 'colour'"),
        (["set", "upcoming_days", "soon"], "'upcoming_days' takes a whole number, not 'soon'"),
        (["set", "upcoming_days", "--", "-3"], "0 or more"),
        (["set", "agency", "so ngoai giao"], "unknown agency 'so ngoai giao'"),
        (["set", "plan", "59/KH-UBND"], "unknown plan '59/KH-UBND'"),
    ],
)
def test_bad_values_are_refused(invoke, workdir, args, message):
    result = invoke("config", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (workdir / "kehoach.toml").exists()


def test_a_bad_configured_value_says_where_it_comes_from(invoke, workdir):
    (workdir / "kehoach.toml").write_text('agency = "so ngoai giao"\nupcoming_days = "soon"\n', encoding="utf-8")
    result = invoke("due")
    assert result.exit_code == 2
    assert "unknown agency 'so ngoai giao'" in result.stderr
    assert "closest: Sở Ngoại vụ" in result.stderr
    assert f"configured by 'agency' in {workdir / 'kehoach.toml'}" in result.stderr.replace("\n", "")
    result = invoke("upcoming", "--agency", "")
    assert result.exit_code == 2
    assert "'upcoming_days' in" in result.stderr and "must be a whole number" in result.stderr


def test_a_broken_file(invoke, workdir):
    (workdir / "kehoach.toml").write_text("agency = \n", encoding="utf-8")
    result = invoke("due")
    assert result.exit_code == 2
    assert f"{workdir / 'kehoach.toml'}:1:10: cannot read the configuration: Invalid value" in result.stderr


@pytest.mark.parametrize(
    ("raw", "where", "message"),
    [
        (b"plan = '58'\nagency = = 2\n", "2:10", "Invalid value"),
        (b"agency = [\n", "2:1", "at the end of the file"),
        (b'agency = "S\xff"\n', "1:12", "not UTF-8 text (byte 0xff)"),
    ],
)
def test_a_broken_file_is_located_by_line_and_column(invoke, workdir, raw, where, message):
    (workdir / "kehoach.toml").write_bytes(raw)
    for args in (["due"], ["config", "set", "agency", "Sở Du lịch"]):
        result = invoke(*args)
        assert result.exit_code == 2
        assert f"{workdir / 'kehoach.toml'}:{where}: cannot read the configuration" in result.stderr
        assert message in result.stderr
        assert "Traceback" not in result.output
    assert (workdir / "kehoach.toml").read_bytes() == raw  # nothing written over the user's file


def test_a_province_on_the_command_line_replaces_the_configured_plan(invoke, workdir):
    (workdir / "kehoach.toml").write_text('plan = "58/KH-UBND"\n', encoding="utf-8")
    args = ["due", "-q", "II", "--year", "2024", "--today", "2024-04-01", "-f", "json"]
    assert {r["plan"] for r in json.loads(invoke(*args).stdout)} == {"brvt-58-2024"}
    dong_nai = json.loads(invoke(*args, "--province", "dong nai").stdout)
    assert {r["plan"] for r in dong_nai} == {"dongnai-90-2024"}
    q4 = ["due", "-q", "IV", "--year", "2024", "--today", "2024-04-01", "-f", "json", "--plan", "93"]
    assert {r["plan"] for r in json.loads(invoke(*q4).stdout)} == {"brvt-93-2024"}
