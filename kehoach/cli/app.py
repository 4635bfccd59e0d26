"""The typer application: every command registered by name (``COMMANDS``), help, click's errors in the
interface language."""

import sys
from typing import Annotated

import typer
from typer.core import TyperGroup


class KehoachGroup(TyperGroup):
    """typer's group with kehoach's edge (``cli.edge``: an exception → a message and an exit code) and language."""

    def invoke(self, ctx):
        from kehoach.cli import edge

        try:
            return super().invoke(ctx)
        except edge.HANDLED as exc:
            raise typer.Exit(edge.handle(exc)) from None

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Each run decides its language (lazily) and prints click's own errors in it (kehoach/i18n.py)."""
        from kehoach import i18n

        i18n.reset()  # also forgets the configuration: it is read once per run (config.run_config)
        i18n.install()  # help texts are translated when help or usage is formatted (no catalog read otherwise)
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        click = i18n._click()
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.ClickException as exc:
            no_args = getattr(click.exceptions, "NoArgsIsHelpError", ())
            if isinstance(exc, no_args):
                exc.show()  # the help itself (already in the interface language), on stderr
            elif isinstance(exc, click.exceptions.UsageError):
                i18n.show_click_error(exc)
            else:
                click.echo(i18n._("Error: {message}").format(message=i18n.translate(exc.format_message())), err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            click.echo(i18n._("Aborted!"), err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def list_commands(self, ctx):
        order = list(COMMANDS)  # the order of the table below, whatever order the modules were imported in
        return sorted(self.commands, key=lambda name: order.index(name) if name in order else len(order))


app = typer.Typer(
    cls=KehoachGroup,
    name="kehoach",
    help="Track Vietnamese provincial plans (kế hoạch): deadlines, agencies, reports, reviews.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion on the root only (see app_for)
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


# Every command (or command group) and the module that registers it, in the order of --help. Running a
# command imports only its module (as poetry's command loader does); --help and a name that is not here load
# them all.
COMMANDS = {
    "validate": "kehoach.cli.commands.validate",
    "when": "kehoach.cli.commands.when",
    "schema": "kehoach.cli.commands.schema",
    "agencies": "kehoach.cli.commands.agencies",
    "due": "kehoach.cli.commands.queries",
    "overdue": "kehoach.cli.commands.queries",
    "upcoming": "kehoach.cli.commands.queries",
    "list": "kehoach.cli.commands.queries",
    "show": "kehoach.cli.commands.queries",
    "diff": "kehoach.cli.commands.review",
    "textconv": "kehoach.cli.commands.review",
    "log": "kehoach.cli.commands.review",
    "fmt": "kehoach.cli.commands.review",
    "set": "kehoach.cli.commands.review",
    "report": "kehoach.cli.commands.report",
    "calendar": "kehoach.cli.commands.report",
    "import": "kehoach.cli.commands.tables",
    "export": "kehoach.cli.commands.tables",
    "overview": "kehoach.cli.commands.overview",
    "config": "kehoach.cli.commands.config",
}


def whole_app() -> typer.Typer:
    """The app with every command registered (--help, docs/cli.md, tests)."""
    from importlib import import_module

    for module in dict.fromkeys(COMMANDS.values()):
        import_module(module)
    return app


def app_for(name: str) -> typer.Typer:
    """The app with just the named command (or command group), its module alone imported; the whole app if
    there is no command by that name (click then lists them or suggests the nearest).

    typer builds the options of every registered command on each start; a run needs only one.
    """
    import copy
    from importlib import import_module

    if name not in COMMANDS:
        return whole_app()
    import_module(COMMANDS[name])
    chosen = copy.copy(app)
    chosen._add_completion = False  # the shell-completion options belong to `kehoach` alone: no cost for a command
    chosen.registered_commands = [info for info in app.registered_commands if _name(info) == name]
    chosen.registered_groups = [info for info in app.registered_groups if info.name == name]
    return chosen


def _name(info) -> str:
    return info.name or typer.main.get_command_name(info.callback.__name__)


def main() -> None:
    import gc

    # A short-lived process that builds large trees of acyclic data: the cyclic collector would only rescan
    # them (a third of a warm run on a national repository). Memory is still freed by reference counting.
    gc.disable()
    args = sys.argv[1:]
    (app_for(args[0]) if args and not args[0].startswith("-") else whole_app())()
