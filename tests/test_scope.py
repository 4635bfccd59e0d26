"""kehoach.scope as a library, and the bugs it ends: every command decides plans and agency the same way."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import PLANS

from kehoach.config import Config
from kehoach.errors import UsageError
from kehoach.repo import load_repo
from kehoach.scope import resolve


@pytest.fixture(scope="module")
def repo():
    return load_repo(PLANS)


def _cfg(**values) -> Config:
    return Config(Path("/somewhere/kehoach.toml"), values)


def test_no_option_no_config_is_every_plan_and_every_agency(repo):
    sc = resolve(repo, None)
    assert {p.id for p in sc.plans} == {p.id for p in repo.plans}
    assert sc.everyone and sc.agency_label == "" and sc.plan_ref is None


def test_configured_values_apply_when_the_option_is_left_out(repo):
    sc = resolve(repo, _cfg(province="Đồng Nai", agency="Sở Ngoại vụ"))
    assert [p.id for p in sc.plans] == ["dongnai-90-2024"]
    assert sc.match.names == ["Sở Ngoại vụ"] and sc.agency == "Sở Ngoại vụ"


def test_a_plan_on_the_command_line_replaces_a_configured_province(repo):
    sc = resolve(repo, _cfg(province="Đồng Nai"), plan="58/KH-UBND")
    assert [p.id for p in sc.plans] == ["brvt-58-2024"] and sc.plan_ref == "58/KH-UBND"


def test_a_province_on_the_command_line_replaces_a_configured_plan(repo):
    sc = resolve(repo, _cfg(plan="58/KH-UBND"), province="Đồng Nai")
    assert [p.id for p in sc.plans] == ["dongnai-90-2024"]


@pytest.mark.parametrize("everyone", ["*", "", " * "])
def test_star_or_empty_agency_is_everyone_and_overrides_the_configured_one(repo, everyone):
    sc = resolve(repo, _cfg(agency="Sở Ngoại vụ"), agency=everyone)
    assert sc.everyone and sc.agency is None


def test_a_bad_configured_value_names_the_file(repo):
    with pytest.raises(UsageError) as exc:
        resolve(repo, _cfg(province="Atlantis"))
    assert "configured by 'province' in /somewhere/kehoach.toml" in exc.value.hint


def test_the_year_and_the_plans_covering_it(repo):
    sc = resolve(repo, None, province="Bà Rịa – Vũng Tàu")
    assert sc.year(None, dt.date(2024, 5, 1)) == (2024, None)
    year, notice = sc.year(None, dt.date(2026, 5, 1))
    assert year == 2024 and "2026" in notice  # no BR-VT plan covers 2026: the latest year, said so
    assert {p.id for p in sc.covering(2024)} == {"brvt-58-2024", "brvt-93-2024"}
    with pytest.raises(UsageError, match="no plan in scope covers 2023"):
        sc.covering(2023)


# -- the bugs of issue 17: the same options now work in every command ---------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["overview", "--year", "2024", "-f", "json"],
        ["calendar", "--year", "2024", "-f", "json"],
        ["due", "-q", "II", "--year", "2024", "-f", "json"],
    ],
)
def test_agency_star_works_in_every_command(invoke, args):
    result = invoke(*args, "--agency", "*")
    assert result.exit_code == 0, result.output
    assert "unknown agency" not in result.output


@pytest.mark.parametrize(
    "args,key",
    [
        (["overview", "--year", "2024", "-f", "json"], "provinces"),
        (["calendar", "--year", "2024", "-f", "json"], "months"),
        (["due", "-q", "II", "--year", "2024", "-f", "json"], None),
        (["report", "annual", "--year", "2024", "-f", "json"], None),
    ],
)
def test_a_configured_province_does_not_block_plan(invoke, tmp_path, monkeypatch, args, key):
    config = tmp_path / "kehoach.toml"
    config.write_text('province = "Đồng Nai"\n', encoding="utf-8")
    monkeypatch.setenv("KEHOACH_CONFIG", str(config))
    result = invoke(*args, "--plan", "58/KH-UBND", "--today", "2024-05-01")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    text = json.dumps(data, ensure_ascii=False)
    assert "Đồng Nai" not in text.replace("Sở Ngoại vụ", "")  # nothing of the configured province
    if key == "provinces":
        assert [p["province"] for p in data["provinces"]] == ["Bà Rịa – Vũng Tàu"]
    if key is None and isinstance(data, list):
        assert {r["plan"] for r in data} == {"brvt-58-2024"}
