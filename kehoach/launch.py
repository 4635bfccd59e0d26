"""Where ``kehoach`` and ``python -m kehoach`` start. The root help (``kehoach --help``, ``-h``) is printed
from the cache folder before typer is imported (``kehoach.helptext``); every other run goes to the command
line (``kehoach.cli.app.main``)."""

import sys


def main() -> None:
    if sys.argv[1:] in (["--help"], ["-h"]):
        from kehoach import helptext

        sys.exit(helptext.show(_command_line))
    _command_line()


def _command_line() -> None:
    from kehoach.cli.app import main as command_line

    command_line()
