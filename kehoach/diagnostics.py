"""Diagnostics: a stable code, a severity, a location and a message."""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR, WARNING = "error", "warning"
MAX_MESSAGE = 400  # characters; longer messages and hints are cut

# code -> (severity, short title). docs/diagnostics.md lists every one; a test keeps them in step.
CODES: dict[str, tuple[str, str]] = {
    "KH100": (ERROR, "file cannot be read"),
    "KH101": (ERROR, "invalid YAML"),
    "KH102": (ERROR, "missing or unknown format version"),
    "KH103": (ERROR, "file is not UTF-8"),
    "KH104": (ERROR, "byte order mark at the start of the file"),
    "KH105": (ERROR, "tab character used for indentation"),
    "KH106": (ERROR, "duplicate key"),
    "KH107": (ERROR, "unsafe or unsupported YAML tag"),
    "KH108": (ERROR, "too many values (alias bomb)"),
    "KH109": (ERROR, "document nested too deeply"),
    "KH110": (ERROR, "file too large"),
    "KH111": (ERROR, "empty file"),
    "KH112": (ERROR, "top level is not a mapping"),
    "KH113": (ERROR, "symbolic link pointing outside the repository"),
    "KH114": (ERROR, "plan span ends before it starts, or is implausibly long"),
    "KH115": (WARNING, "deadline before the plan starts"),
    "KH120": (ERROR, "control character in text"),
    "KH121": (ERROR, "file name is not UTF-8"),
    "KH122": (ERROR, "input over a size limit"),
    "KH123": (ERROR, "workbook declares a DTD or entities"),
    "KH201": (ERROR, "missing required key"),
    "KH202": (ERROR, "wrong type"),
    "KH203": (ERROR, "unknown key"),
    "KH204": (ERROR, "duplicate id in the plan"),
    "KH205": (ERROR, "invalid id"),
    "KH206": (ERROR, "plan id used by another file"),
    "KH207": (ERROR, "value not allowed"),
    "KH301": (ERROR, "time text cannot be read"),
    "KH302": (ERROR, "date does not exist"),
    "KH303": (WARNING, "year outside the plan's years"),
    "KH304": (ERROR, "quarter does not exist"),
    "KH305": (ERROR, "reporting deadline needs exactly one of day, date, unfixed"),
    "KH306": (WARNING, "time text read only in part"),
    "KH401": (ERROR, "unknown status"),
    "KH402": (ERROR, "done without done_on"),
    "KH403": (ERROR, "negative number"),
    "KH404": (WARNING, "done_on given but status is not done"),
    "KH405": (ERROR, "successor not in the registry"),
    "KH406": (ERROR, "until before from"),
    "KH407": (ERROR, "body is its own successor"),
    "KH408": (WARNING, "succession without a date"),
    "KH409": (WARNING, "agency ended before the plan was issued"),
    "KH501": (ERROR, "text is not in Unicode NFC"),
    "KH502": (WARNING, "agency not in the registry"),
    "KH503": (WARNING, "task has no lead agency"),
    "KH601": (ERROR, "file is not in canonical form (kehoach fmt)"),
    # kehoach import (docs/import.md): the position is the row and column of the table
    "KH620": (WARNING, "table header not recognised (its values are kept in notes)"),
    "KH621": (ERROR, "no table header found"),
    "KH622": (WARNING, "rows outside the table are not imported"),
    "KH623": (ERROR, "row number cannot be placed"),
    "KH624": (WARNING, "row without a number joined to the row above"),
    "KH625": (WARNING, "merged cells copied into each row"),
    "KH626": (WARNING, "row without a number given the next number"),
    "KH627": (WARNING, "row saying only 'Không' is not imported"),
    "KH628": (ERROR, "cannot tell outbound from inbound delegations"),
    "KH629": (WARNING, "value on a heading row kept in the section notes"),
    "KH630": (ERROR, "cell value not allowed"),
    "KH631": (ERROR, "row has no task text"),
    "KH632": (ERROR, "file cannot be read as a table"),
    "KH633": (WARNING, "plan year not given"),
    "KH634": (WARNING, "agency list item is a piece of one name"),
    "KH635": (WARNING, "plan item not in the table (import --update)"),
    "KH636": (WARNING, "import --force replaces a plan and loses what the table does not hold"),
}


@dataclass(frozen=True)
class Diagnostic:
    """A finding about a plan file: stable code (KH101 …), severity, location and message."""

    code: str
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    severity: str = ""
    hint: str = ""

    def __post_init__(self):
        if not self.severity:
            object.__setattr__(self, "severity", CODES[self.code][0])
        for name in ("message", "hint"):  # a hostile file's 9 MB value must not become a 9 MB message
            text = getattr(self, name)
            if len(text) > MAX_MESSAGE:
                object.__setattr__(self, name, text[: MAX_MESSAGE - 1] + "…")

    @property
    def location(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"

    def with_severity(self, severity: str) -> Diagnostic:
        return Diagnostic(self.code, self.message, self.file, self.line, self.column, severity, self.hint)

    def to_dict(self) -> dict:
        return asdict(self)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity == ERROR for d in diagnostics)
