"""Exceptions raised by the library; the CLI edge maps each to a message and an exit code."""

from __future__ import annotations

# Exit codes (documented in docs/cli.md).
EXIT_OK = 0
EXIT_PROBLEMS = 1  # validation errors, differences with --exit-code, fmt --check
EXIT_USAGE = 2  # bad option value, unknown plan/agency/item
EXIT_CONFLICT = 3  # refused to write: file changed on disk, result would not validate
EXIT_GIT = 4  # git failed (not a repository, unknown revision)

EXIT_CODES = [
    (EXIT_OK, "OK", "success"),
    (
        EXIT_PROBLEMS,
        "PROBLEMS",
        "validation errors; plan files that cannot be read; `diff --exit-code` found changes; "
        "`fmt --check` found files to reformat",
    ),
    (EXIT_USAGE, "USAGE", "bad option value, unknown plan, agency or item"),
    (
        EXIT_CONFLICT,
        "CONFLICT",
        "a write was refused to protect data (file changed on disk, result would not validate, output is a plan file)",
    ),
    (EXIT_GIT, "GIT", "git failed (not a repository, unknown revision)"),
]


class KehoachError(Exception):
    """Base class: a message for the user and the exit code that goes with it."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(KehoachError):
    """The user asked for something that does not exist or is malformed."""

    exit_code = EXIT_USAGE


class PlanDataError(KehoachError):
    """A plan file cannot be read; carries the diagnostics."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, message: str, diagnostics: list | None = None):
        super().__init__(message)
        self.diagnostics = diagnostics or []


class ConflictError(KehoachError):
    """A write was refused to protect the user's data."""

    exit_code = EXIT_CONFLICT


class GitError(KehoachError):
    """git failed or the revision does not exist."""

    exit_code = EXIT_GIT
