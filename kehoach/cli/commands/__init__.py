"""Each module registers its commands on the app; the order here is the order in --help.

``register_all()`` imports them all (the app does on first look at its commands); a run of one command
imports only its module (``kehoach.cli.main``)."""

from importlib import import_module

ORDER = ("validate", "when", "schema", "agencies", "queries", "config", "review", "report", "tables", "overview")


def register_all() -> None:
    for name in ORDER:
        import_module(f"kehoach.cli.commands.{name}")
