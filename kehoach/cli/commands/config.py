from __future__ import annotations

from typing import Annotated, Optional

import typer

from kehoach.cli import app

config_app = typer.Typer(help="Read and change kehoach.toml (or [tool.kehoach] in pyproject.toml).",
                         no_args_is_help=True)
app.add_typer(config_app, name="config")


@config_app.command("get")
def config_get(key: Annotated[Optional[str], typer.Argument(help="A key; all keys when left out.")] = None) -> None:
    """Print one configuration value, or every value with the file it comes from."""
    from kehoach.cli.output import write_text
    from kehoach.config import KEYS, find_config
    from kehoach.errors import UsageError

    cfg = find_config()
    if key is None:
        lines = [f"# {cfg.path or 'no configuration file; defaults apply'}"]
        lines += [f"{k} = {cfg.get(k)!r}" for k in KEYS if cfg.get(k) is not None]
        write_text("\n".join(lines))
        return
    if key not in KEYS:
        raise UsageError(f"unknown configuration key '{key}'", hint="known keys: " + ", ".join(KEYS))
    value = cfg.get(key)
    if value is None:
        raise typer.Exit(1)
    write_text(str(value))


@config_app.command("set")
def config_set(
    key: Annotated[str, typer.Argument(help="plans, plan, province, agency, upcoming_days or cache.")],
    value: Annotated[str, typer.Argument(help="The new value.")],
) -> None:
    """Set a value, keeping the file's comments and order (creates kehoach.toml if needed)."""
    from kehoach.cli.output import console
    from kehoach.config import find_config, set_value

    path = set_value(find_config(), key, value)
    console(stderr=True).print(f"{path}: {key} = {value}", markup=False)
