"""The command-line edge: parses options, calls the library, renders what it returns."""

import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from kehoach.errors import KehoachError


class KehoachGroup(TyperGroup):
    """The one place where library exceptions become a message and an exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KehoachError as exc:
            from kehoach.cli.output import report_error

            report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None

    def list_commands(self, ctx):
        return list(self.commands)  # keep the order commands are registered in


class _Commands(typer.Typer):
    """The app, whose commands are registered on first look (``registered_commands`` or ``registered_groups``):
    by importing every command module — or, from ``main()``, only the module of the command being run."""

    loaded = False  # every command module imported (or being imported), or main() has chosen one

    def _load(self) -> None:
        if not _Commands.loaded:
            _Commands.loaded = True
            from kehoach.cli.commands import register_all

            register_all()

    @property
    def registered_commands(self):
        self._load()
        commands = self.__dict__["registered_commands"]
        package = sys.modules.get("kehoach.cli.commands")
        if package is not None:  # in the order of commands.ORDER, whichever module was imported first
            rank = {f"kehoach.cli.commands.{name}": n for n, name in enumerate(package.ORDER)}
            commands.sort(key=lambda info: rank.get(getattr(info.callback, "__module__", ""), len(rank)))
        return commands

    @registered_commands.setter
    def registered_commands(self, value) -> None:
        self.__dict__["registered_commands"] = value

    @property
    def registered_groups(self):
        self._load()
        return self.__dict__["registered_groups"]

    @registered_groups.setter
    def registered_groups(self, value) -> None:
        self.__dict__["registered_groups"] = value


# The module of each command, so that a run imports only the one it needs (4-5 ms for all ten). A command
# missing here, or registered elsewhere now, only costs that time: main() then imports them all.
COMMAND_MODULES = {
    **dict.fromkeys(("validate", "when", "schema", "agencies", "report", "overview", "config"), ""),
    **dict.fromkeys(("due", "overdue", "upcoming", "list", "show"), "queries"),
    **dict.fromkeys(("diff", "textconv", "log", "fmt", "set"), "review"),
    "calendar": "report",
    "import": "tables",
    "export": "tables",
}

app = _Commands(
    cls=KehoachGroup,
    name="kehoach",
    help="Track Vietnamese provincial plans (kế hoạch): deadlines, agencies, reports, reviews.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from kehoach import __version__

        print(f"kehoach {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    # A callback also keeps the app a group when main() hands typer a single command.
    pass


def only_command(name: str) -> typer.Typer:
    """The app with just the named command (or command group), or the whole app if there is none by that name.

    typer builds the options of every registered command on each start; a run needs only one.
    """
    import copy

    chosen = copy.copy(app)
    chosen.registered_commands = [
        info
        for info in app.registered_commands
        if (info.name or typer.main.get_command_name(info.callback.__name__)) == name
    ]
    chosen.registered_groups = [info for info in app.registered_groups if info.name == name]
    if not chosen.registered_commands and not chosen.registered_groups:
        return app
    return chosen


def main() -> None:
    import gc

    # A short-lived process that builds large trees of acyclic data: the cyclic collector would only rescan
    # them (a third of a warm run on a national repository). Memory is still freed by reference counting.
    gc.disable()
    args = sys.argv[1:]
    name = args[0] if args and not args[0].startswith("-") else None
    if name in COMMAND_MODULES and not _Commands.loaded:
        from importlib import import_module

        _Commands.loaded = True  # register only this command's module …
        import_module(f"kehoach.cli.commands.{COMMAND_MODULES[name] or name}")
        chosen = only_command(name)
        if chosen is app:  # … unless it is not there (any more): then all of them
            _Commands.loaded = False
            chosen = only_command(name)
        chosen()
        return
    (only_command(name) if name else app)()
