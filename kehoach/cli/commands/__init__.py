"""Each module registers its commands on the app; the order here is the order in --help."""

from kehoach.cli.commands import validate, when, schema, agencies, queries, config  # noqa: F401
from kehoach.cli.commands import review  # noqa: F401,E402
from kehoach.cli.commands import report  # noqa: F401,E402
from kehoach.cli.commands import tables  # noqa: F401,E402
from kehoach.cli.commands import overview  # noqa: F401,E402
