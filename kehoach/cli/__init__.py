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
        except OSError as exc:  # a path the system refuses (name too long, no permission …): a message
            from kehoach.cli.output import report_error

            where = f"{str(exc.filename)[:80]}{'…' if len(str(exc.filename)) > 80 else ''}: " if exc.filename else ""
            report_error(KehoachError(f"{where}{exc.strerror or exc}"))
            raise typer.Exit(KehoachError.exit_code) from None

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Each run decides its language (lazily) and prints click's own errors in it (kehoach/i18n.py)."""
        from kehoach import i18n

        i18n.reset()
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
        return list(self.commands)  # keep the order commands are registered in


app = typer.Typer(
    cls=KehoachGroup,
    name="kehoach",
    help="Track Vietnamese provincial plans (kế hoạch): deadlines, agencies, reports, reviews.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion on the root only (see only_command)
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


from kehoach.cli import commands  # noqa: E402,F401  (registers the commands)


def only_command(name: str) -> typer.Typer:
    """The app with just the named command (or command group), or the whole app if there is none by that name.

    typer builds the options of every registered command on each start; a run needs only one.
    """
    import copy

    chosen = copy.copy(app)
    chosen._add_completion = False  # the shell-completion options belong to `kehoach` alone: no cost for a command
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
    (only_command(args[0]) if args and not args[0].startswith("-") else app)()
