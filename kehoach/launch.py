"""Where ``kehoach`` and ``python -m kehoach`` start. The root help (``kehoach --help``, ``-h``) is printed
from the cache folder before typer is imported (``kehoach.helptext``); the read commands' usual command lines
run without typer (``kehoach.cli.fastpath``); everything else goes to the typer application
(``kehoach.cli.app.main``)."""

import sys


def main() -> None:
    args = sys.argv[1:]
    if args in (["--help"], ["-h"]):
        from kehoach import helptext

        sys.exit(helptext.show(_command_line))
    if args and not args[0].startswith("-"):
        from kehoach.cli import fastpath

        fastpath.run(args)  # exits when it ran the command
    _command_line()


def _command_line() -> None:
    from kehoach.cli.app import main as command_line

    command_line()
