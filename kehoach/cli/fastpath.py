"""The read commands (`due`, `overdue`, `upcoming`, `list`, `show`, `when`, `validate`) without typer.

Importing typer (and the click it carries) is most of a warm run of those commands: on the shipped plans,
measured 29 November 2026, `python -c "import typer"` costs 67 ms of CPU and a warm `kehoach due` 117 ms,
of which the query itself (loading the cached plans, the deadlines, the table) is about 45 ms. So the
command lines these commands are given every day are parsed here, from a description of their options that
typer itself gives (``argspec.SPECS``, written by ``scripts/gen_cli_docs.py``; a test checks that it still
matches the typer commands), and the command's action (``cli.actions``) runs with the same values typer
would have passed.

This parser takes only what it is sure of: the options and arguments of the description, written as click
reads them (``--opt value``, ``--opt=value``, ``-o value``, ``-ovalue``, ``--``, options between arguments,
the last of a repeated option, the environment variables of ``--today`` and ``--plans-dir``). Anything else
— ``--help`` or ``-h`` anywhere, an unknown option, a missing or malformed value, a choice not in the list,
a missing or extra argument, shell completion — is left to typer (``parse`` raises ``Unsure``), which runs
the whole command line again and prints its usual help or error. So this path never decides what a
command line means differently from typer; it only decides sooner.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# The commands that take this path, and the function that does each (``cli.actions``).
ACTIONS: dict[str, tuple[str, str]] = {
    "validate": ("kehoach.cli.actions.validate", "validate"),
    "when": ("kehoach.cli.actions.when", "when"),
    "due": ("kehoach.cli.actions.queries", "due"),
    "overdue": ("kehoach.cli.actions.queries", "overdue"),
    "upcoming": ("kehoach.cli.actions.queries", "upcoming"),
    "list": ("kehoach.cli.actions.queries", "list_"),
    "show": ("kehoach.cli.actions.queries", "show"),
}

_HELP = ("--help", "-h")


class Unsure(Exception):
    """A command line this parser does not take on itself; typer takes it."""


def run(args: list[str]) -> bool:
    """Run ``kehoach ARGS`` here if this path takes it, and exit; False if typer must (nothing was done)."""
    if not args or args[0] not in ACTIONS or _completing():
        return False
    try:
        kwargs = parse(args[0], args[1:])
    except Unsure:
        return False
    import gc

    gc.disable()  # as cli.app.main: a short run that builds acyclic data
    sys.exit(call(args[0], kwargs))


def call(name: str, kwargs: dict[str, object]) -> int:
    """Run the command's action with parsed options; what it raises goes through the edge (``cli.edge``)."""
    from importlib import import_module

    from kehoach import i18n
    from kehoach.cli import edge

    i18n.reset()  # as cli.app.KehoachGroup.main: each run decides its language and reads its configuration
    module, function = ACTIONS[name]
    try:
        return getattr(import_module(module), function)(**kwargs) or 0
    except edge.HANDLED as exc:
        return edge.handle(exc)
    except (KeyboardInterrupt, EOFError):  # as click: a new line, then "Aborted!", exit 1
        sys.stderr.write("\n" + i18n._("Aborted!") + "\n")
        return 1


def _completing() -> bool:
    """Shell completion (click's ``_KEHOACH_COMPLETE``, whatever the program's name) is typer's."""
    return any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ)


def parse(name: str, args: list[str]) -> dict[str, object]:
    """The keyword arguments of the command's action for ``args`` (the words after the command's name), as
    typer gives them: a path is a ``Path``, a repeated option a list. Raises ``Unsure``."""
    from kehoach.cli.argspec import SPECS

    values = parse_values(SPECS[name], args)
    return {key: _python(spec, values[key]) for key, spec in ((s["name"], s) for s in SPECS[name])}


def parse_values(specs: list[dict], args: list[str]) -> dict[str, object]:
    """The values click would give (``Context.params``): strings, ints, bools, tuples. Raises ``Unsure``."""
    if any(arg in _HELP for arg in args):
        raise Unsure
    options = {opt: spec for spec in specs if not spec["argument"] for opt in spec["opts"]}
    given: dict[str, object] = {}
    positional: list[str] = []
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            positional += rest
            break
        if arg[:1] != "-" or len(arg) == 1:
            positional.append(arg)
            continue
        if arg.startswith("--"):
            opt, has_value, value = arg.partition("=")
            spec = options.get(opt)
            if spec is None:
                raise Unsure
            if spec["type"] == "flag":
                if has_value:
                    raise Unsure
                given[spec["name"]] = True
                continue
            if not has_value:
                if not rest:
                    raise Unsure
                value = rest.pop(0)
        else:  # -o value, -ovalue: click takes the rest of the word as the value, whatever it is
            spec = options.get(arg[:2])
            if spec is None or spec["type"] == "flag":  # clusters of short flags: none here
                raise Unsure
            value = arg[2:]
            if not value:
                if not rest:
                    raise Unsure
                value = rest.pop(0)
        converted = _convert(spec, value)
        if spec["multiple"]:
            given[spec["name"]] = (*given.get(spec["name"], ()), converted)
        else:
            given[spec["name"]] = converted
    for spec in specs:
        if spec["argument"]:
            if spec["nargs"] == -1:
                given[spec["name"]] = tuple(_convert(spec, value) for value in positional)
                positional = []
            elif positional:
                given[spec["name"]] = _convert(spec, positional.pop(0))
            elif spec["required"]:
                raise Unsure
    if positional:
        raise Unsure
    values = {}
    for spec in specs:
        if spec["name"] in given:
            values[spec["name"]] = given[spec["name"]]
        elif spec["envvar"] and os.environ.get(spec["envvar"]):
            values[spec["name"]] = _convert(spec, os.environ[spec["envvar"]])
        else:
            values[spec["name"]] = tuple(spec["default"]) if isinstance(spec["default"], list) else spec["default"]
    return values


def _convert(spec: dict, value: str) -> object:
    """A value as click's type would convert it; ``Unsure`` where click would refuse it."""
    kind = spec["type"]
    if kind == "text":
        return value
    if kind == "choice":
        if value not in spec["choices"]:
            raise Unsure
        return value
    if kind == "int":
        try:
            number = int(value)
        except ValueError:
            raise Unsure from None
        if (spec["min"] is not None and number < spec["min"]) or (spec["max"] is not None and number > spec["max"]):
            raise Unsure
        return number
    if kind == "path":  # click.Path(exists=False): refused only when it exists and cannot be read
        if os.path.exists(value) and not os.access(value, os.R_OK):
            raise Unsure
        return value
    raise Unsure


def _python(spec: dict, value: object) -> object:
    """What typer passes for a click value: ``Path`` for a path, a list for a repeated option or argument."""
    if spec["type"] == "path":
        if isinstance(value, tuple):
            return [Path(v) for v in value] or None
        return None if value is None else Path(value)
    if isinstance(value, tuple):
        return list(value) or None
    return value


def describe(command) -> list[dict]:
    """The description of a click command's parameters this parser reads (written to ``argspec.py``).

    Raises ValueError for a parameter it could not parse exactly as click does, so that a new kind of
    option is a decision (extend the parser, or take the command out of ``ACTIONS``), not a silent change.
    """
    from contextlib import contextmanager

    @contextmanager
    def no_envvars():
        saved = {
            p.envvar: os.environ.pop(p.envvar)
            for p in command.params
            if isinstance(p.envvar, str) and p.envvar in os.environ
        }
        try:
            yield
        finally:
            os.environ.update(saved)

    with no_envvars():
        defaults = command.make_context(command.name, [], resilient_parsing=True).params
    specs = []
    for param in command.params:
        argument = param.param_type_name == "argument"
        kind = _kind(param)
        if param.callback is not None or param.is_eager or (argument and param.nargs not in (1, -1)):
            raise ValueError(f"{command.name}: {param.name} has a callback, is eager or takes several values")
        if not argument and (param.nargs != 1 or param.secondary_opts or getattr(param, "count", False)):
            raise ValueError(f"{command.name}: {param.name} is not a plain option")
        if isinstance(param.envvar, (list, tuple)) or (param.envvar and (kind == "flag" or param.multiple)):
            raise ValueError(f"{command.name}: {param.name} reads the environment in a way not described here")
        default = defaults[param.name]
        specs.append(
            {
                "name": param.name,
                "argument": argument,
                "opts": [] if argument else list(param.opts),
                "type": kind,
                "multiple": bool(param.multiple),
                "nargs": param.nargs,
                "required": bool(param.required),
                "choices": list(getattr(param.type, "choices", ()) or ()),
                "min": getattr(param.type, "min", None),
                "max": getattr(param.type, "max", None),
                "envvar": param.envvar,
                "default": list(default) if isinstance(default, tuple) else default,
            }
        )
    return specs


def _kind(param) -> str:
    """text, int, choice, path or flag; ValueError for a click type this parser does not read."""
    type_ = param.type
    name = type(type_).__name__
    if getattr(param, "is_flag", False):
        if getattr(param, "flag_value", True) is not True or param.default not in (False, None):
            raise ValueError(f"{param.name}: a flag that is not a plain on-switch")
        return "flag"
    if name == "StringParamType":
        return "text"
    if name == "IntParamType" or (name == "IntRange" and not (type_.min_open or type_.max_open or type_.clamp)):
        return "int"
    if name.endswith("Choice") and getattr(type_, "case_sensitive", True):
        return "choice"
    if name.endswith("Path") and (
        not type_.exists
        and type_.file_okay
        and type_.dir_okay
        and type_.readable
        and not type_.writable
        and not getattr(type_, "executable", False)
        and not type_.resolve_path
        and not type_.allow_dash
        and type_.type is None
    ):
        return "path"
    raise ValueError(f"{param.name}: click type {name} is not described here")
