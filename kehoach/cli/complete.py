"""Shell completion of plan ids and agency names (`kehoach --install-completion`, docs/ngon-ngu.md).

Both read as little as they can: plans from the parse cache's headers (a lazy repository), agencies from
plans/agencies.yaml alone. A completion never prints an error: anything that goes wrong completes nothing.
"""

from __future__ import annotations

from pathlib import Path


def _plans_dir(ctx) -> Path:
    from kehoach.config import run_config
    from kehoach.repo import default_plans_dir

    explicit = ctx.params.get("plans_dir") if ctx is not None else None
    return default_plans_dir(run_config(), explicit)


def _matches(candidate: str, incomplete: str) -> bool:
    # typer keeps only the values that start with what was typed, exactly (accents and case included)
    return candidate.startswith(incomplete)


def plans(ctx, incomplete: str) -> list[str]:
    """Plan numbers and ids (58/KH-UBND, brvt-58-2024) starting with what was typed."""
    try:
        from kehoach.repo import load_repo

        repo = load_repo(_plans_dir(ctx), lazy=True)
        values = [v for p in repo.plans for v in (p.number, p.id) if v]
    except Exception:
        return []
    return sorted({v for v in values if _matches(v, incomplete)})


def agencies(ctx, incomplete: str) -> list[str]:
    """Agency names, short names and aliases starting with what was typed ("Sở Ng" → Sở Ngoại vụ)."""
    try:
        from kehoach.agencies import registry_from_data
        from kehoach.loader import load_document
        from kehoach.repo import AGENCY_FILE

        registry = registry_from_data(load_document(_plans_dir(ctx) / AGENCY_FILE).data)
        names = [s for a in registry.agencies for s in a.spellings]
    except Exception:
        return []
    return sorted({n for n in names if _matches(n, incomplete)})
