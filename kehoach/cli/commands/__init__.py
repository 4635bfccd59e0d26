"""Each module registers its commands on the app; the order here is the order in --help."""

from importlib import import_module

ORDER = ("validate", "when", "schema", "agencies", "queries", "config", "review", "report", "tables", "overview")

for _name in ORDER:
    import_module(f"kehoach.cli.commands.{_name}")
