from typing import Annotated, Optional

import typer

from kehoach.cli.app import app

config_app = typer.Typer(
    help="Read and change kehoach.toml (or [tool.kehoach] in pyproject.toml).", no_args_is_help=True
)
app.add_typer(config_app, name="config")


@config_app.command("get")
def config_get(key: Annotated[Optional[str], typer.Argument(help="A key; all keys when left out.")] = None) -> None:
    """Print one configuration value, or every value with the file it comes from.

    A key that is not set prints nothing and exits with 1.
    """
    from kehoach.cli.output import console, write_text
    from kehoach.config import KEYS, run_config, toml_value
    from kehoach.errors import UsageError
    from kehoach.i18n import _, translate

    cfg = run_config()
    if key is None:
        none = _("no configuration file; defaults apply")
        lines = [f"# {cfg.path or none}"]
        lines += [f"{k} = {toml_value(cfg.get(k))}" for k in KEYS if cfg.get(k) is not None]
        lines += [f"# {k} = ?  ({translate(KEYS[k])})" for k in KEYS if cfg.get(k) is None]
        write_text("\n".join(lines))
        return
    if key not in KEYS:
        raise UsageError(
            _("unknown configuration key '{key}'").format(key=key),
            hint=_("known keys: {keys}").format(keys=", ".join(KEYS)),
        )
    value = cfg.get(key)
    if value is None:
        message = _("{key} is not set ({meaning})").format(key=key, meaning=translate(KEYS[key]))
        console(stderr=True).print(message, markup=False)
        raise typer.Exit(1)
    write_text(str(value))


@config_app.command("set")
def config_set(
    key: Annotated[str, typer.Argument(help="plans, plan, province, agency, upcoming_days or lang.")],
    value: Annotated[str, typer.Argument(help="The new value ('' for agency/plan/province: no default).")],
) -> None:
    """Set a value, keeping the file's comments and order (creates kehoach.toml at the repository root if needed).

    agency, plan and province are checked against the plans first: an unknown name is refused.
    """
    from kehoach.cli.output import console
    from kehoach.config import new_run, run_config, set_value

    config = run_config()
    if key in ("agency", "plan", "province") and value.strip():
        _check_name(key, value)
    path = set_value(config, key, value)
    new_run()  # what was read before the write is not the configuration any more
    console(stderr=True).print(f"{path}: {key} = {value}", markup=False)


def _check_name(key: str, value: str) -> None:
    """Refuse an agency, plan or province the plans do not know (UsageError listing the closest names)."""
    from kehoach.agencies import AgencyMatch
    from kehoach.cli.env import load, make_env
    from kehoach.errors import PlanDataError

    try:
        repo = load(make_env())
    except PlanDataError:
        return  # the plans cannot be read now; 'kehoach validate' says why, the value is checked when used
    if key == "agency":
        AgencyMatch.of(repo, value)
    elif key == "plan":
        repo.plan(value)
    else:
        repo.select(None, value)
