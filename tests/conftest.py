from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
PLAN58 = PLANS / "ba-ria-vung-tau" / "58-kh-ubnd-2024.yaml"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path_factory):
    """Every test runs with the shipped plans, its own cache dir, and no user config or KEHOACH_* leaking in."""
    for var in ("KEHOACH_TODAY", "KEHOACH_PLANS", "KEHOACH_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    # A developer's own kehoach.toml at the repository root (cwd below) must not reach the tests: point
    # KEHOACH_CONFIG at a file that does not exist. Tests of config discovery delete it again.
    monkeypatch.setenv("KEHOACH_CONFIG", str(tmp_path_factory.mktemp("config") / "kehoach.toml"))
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))  # no user config
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("KEHOACH_LANG", "en")  # the suite asserts English messages; tests/test_i18n*.py unset it
    __import__("kehoach.i18n").i18n.reset()
    monkeypatch.chdir(ROOT)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner):
    from kehoach.cli.app import whole_app

    app = whole_app()

    def run(*args: str, **kwargs):
        return runner.invoke(app, list(args), catch_exceptions=False, **kwargs)

    return run
