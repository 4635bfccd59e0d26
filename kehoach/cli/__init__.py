"""The command-line edge: parses options, calls the library, renders what it returns.

``kehoach.cli.app`` is the typer application (help, errors, every command); ``kehoach.cli.fastpath`` runs the
common read commands without importing typer (see its docstring). Nothing here imports typer, so the modules of
this package that do not need it can be imported without it.
"""
