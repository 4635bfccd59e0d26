"""kehoach: track Vietnamese provincial plans (kế hoạch) as work with deadlines."""

__version__ = "0.2.0"
