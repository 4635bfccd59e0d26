"""What a command needs from the outside world, passed in rather than global."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kehoach.config import Config, run_config
from kehoach.errors import UsageError
from kehoach.i18n import _

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any


def parse_today(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            _("--today {value} is not a date").format(value=repr(value)), hint=_("write YYYY-MM-DD, e.g. 2024-07-15")
        ) from None


@dataclass
class Env:
    """The run's settings, each read once: the date, the repository's configuration (``config.run_config``),
    the plans folder, and the parse cache of the user's settings (``cache_store``)."""

    today: dt.date
    config: Config
    plans_dir: Path
    store: Any = None  # made by ``cache_store`` the first time the run reads plans

    def cache_store(self):
        """The run's parse cache (``cache.Store``) in the folder of the user's settings (``cache.cache_dir``:
        the environment and the user's own config, never a repository's), made once; commands that read no
        plans never import the cache."""
        if self.store is None:
            from kehoach.cache import Store, cache_dir

            self.store = Store(cache_dir())
        return self.store


def make_env(today: str | None = None, plans_dir: Path | None = None) -> Env:
    """The settings of a command run; the repository's configuration is read here (once per run)."""
    from kehoach.repo import default_plans_dir

    config = run_config()
    return Env(parse_today(today), config, default_plans_dir(config, plans_dir))


def load(env: Env, lazy: bool = False):
    """The repository; ``lazy`` for queries about a period (see ``repo.load_repo``)."""
    from kehoach.repo import load_repo

    return load_repo(env.plans_dir, lazy=lazy, store=env.cache_store())
