"""``kehoach import``: read a table file, build the plan, check the YAML and write it (``import_plan``).

Nothing here prints or exits: the CLI renders the ``ImportRun``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kehoach.agencies import Registry
from kehoach.diagnostics import ERROR, Diagnostic
from kehoach.errors import PlanDataError
from kehoach.spec import KEY_ORDER
from kehoach.tables.build import ImportOptions, ImportResult, PlanBuilder
from kehoach.tables.read import read_tables
from kehoach.yamlwrite import dump_plan


# -- entry point -------------------------------------------------------------------------------------------
def import_table(
    path: Path, options: ImportOptions | None = None, registry: Registry | None = None, display: str | None = None
) -> ImportResult:
    """Read ``path`` and build a plan document from its table(s); problems come back as diagnostics."""
    options = options or ImportOptions()
    path = Path(path)
    raws = read_tables(path, options.sheet, options.delimiter, display)
    imp = PlanBuilder(options, registry)
    imp.run(raws)
    data: dict[str, Any] = {"kehoach": 1, "plan": imp.plan_meta(path.stem, path.stem)}
    if imp.province == "" and data["plan"].get("province"):
        imp.province = data["plan"]["province"]
    data["sections"] = [imp.section_dict(s, imp._t_of) for s in imp.sections]
    if imp.delegations:
        data["delegations"] = [imp.convert_item(d, imp._t_of[id(d)]) for d in imp.delegations]
    imp.report_unknown_agencies()
    data = {k: data[k] for k in KEY_ORDER["top"] if k in data}
    diags = sorted(imp.diags, key=lambda d: (d.file, d.line, d.column, d.code))
    return ImportResult(data, diags, imp.tables, next((r.plan_id for r in raws if r.plan_id), None), imp.results)


def check_output(text: str, display: str, registry: Registry | None) -> list[Diagnostic]:
    """Validate the YAML about to be written; only errors are returned (warnings were reported on the table)."""
    from kehoach.loader import parse_text
    from kehoach.validate import check_document

    try:
        doc = parse_text(text, display)
    except PlanDataError as exc:
        return exc.diagnostics
    return [d for d in check_document(doc, registry) if d.severity == ERROR]


def plan_id_owner(plan_id: str, plans_dir: Path | None, skip: Path | None = None) -> str | None:
    """The plan file under ``plans_dir`` that already uses ``plan_id`` (None when it is free)."""
    if plans_dir is None or not Path(plans_dir).is_dir():
        return None
    from kehoach.cache import load_cached
    from kehoach.repo import AGENCY_FILE, display_path, plan_files

    for path in plan_files([Path(plans_dir)]):
        if path.name == AGENCY_FILE or (skip is not None and path.resolve() == Path(skip).resolve()):
            continue
        try:
            data = load_cached(path, display_path(path)).data
        except PlanDataError:
            continue
        if isinstance(data, dict) and isinstance(data.get("plan"), dict) and data["plan"].get("id") == plan_id:
            return display_path(path)
    return None


def registry_for(plans_dir: Path | None) -> Registry | None:
    """The agency registry of the plans folder (None when there is none or it cannot be read)."""
    from kehoach.agencies import registry_from_data
    from kehoach.cache import load_cached
    from kehoach.repo import AGENCY_FILE, display_path

    if plans_dir is None:
        return None
    path = Path(plans_dir) / AGENCY_FILE
    if not path.is_file():
        return None
    try:
        return registry_from_data(load_cached(path, display_path(path)).data, str(path))
    except PlanDataError:
        return None


@dataclass
class ImportRun:
    """What ``kehoach import`` did: the result, the YAML text, and where it went (None: not written)."""

    result: ImportResult
    text: str
    written: Path | None = None


def _overwrite_warning(path: Path, new_data: dict) -> list[Diagnostic]:
    """KH636: what ``import --force`` over an existing plan file loses (reporting rules, statuses, progress,
    notes, comments …), with the pointer to ``--update``."""
    from kehoach.tables.update import count_comments, overwrite_losses

    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
        from kehoach.loader import parse_text

        old = parse_text(text, str(path)).data
    except (OSError, UnicodeDecodeError, PlanDataError):
        return []
    if not isinstance(old, dict) or not isinstance(old.get("plan"), dict):
        return []
    lost = overwrite_losses(old, new_data)
    comments = count_comments(text)
    if comments and comments > 1:  # the schema comment on the first line is written again
        lost.append(f"{comments - 1} comment line(s)")
    if not lost:
        return []
    return [
        Diagnostic(
            "KH636",
            f"--force replaces {path} and loses: " + "; ".join(lost),
            str(path),
            hint="to keep them, update the plan from the table instead: kehoach import FILE --update",
        )
    ]


def import_plan(
    path: Path,
    options: ImportOptions,
    registry: Registry | None = None,
    output: Path | None = None,
    force: bool = False,
    plans_dir: Path | None = None,
    strict: bool = False,
    display: str | None = None,
) -> ImportRun:
    """Import ``path`` and, when there are no errors, write the plan to ``output`` (refusing to overwrite a
    plan file unless ``force``). The YAML is validated before it is written; a plan id another plan already
    uses is an error (KH206)."""
    from kehoach.fileio import guard_output, is_stdout

    output = None if is_stdout(output) else output
    made = _province_folder(Path(output), plans_dir) if output is not None else None
    try:
        if output is not None:
            # a NEW plan file may be written into the plans folder (it is validated first); only overwriting an
            # existing file needs --force
            guard_output(output, force or not Path(output).exists(), plans_dir)
        run = _import_and_write(path, output, options, registry, plans_dir, force, strict, display)
    finally:
        if made is not None and not any(made.iterdir()):
            made.rmdir()  # nothing was written: the new folder goes again
    return run


def _province_folder(output: Path, plans_dir: Path | None) -> Path | None:
    """A new plan's folder inside the plans folder (``plans/<province>/``), made when missing; the folder made,
    else None. Only one level, and only inside the plans folder: any other missing folder stays an error."""
    from kehoach.fileio import is_inside

    folder = output.parent
    if plans_dir is None or folder.exists() or not folder.parent.is_dir():
        return None
    if not is_inside(folder, Path(plans_dir)) or folder.resolve() == Path(plans_dir).resolve():
        return None
    folder.mkdir()
    return folder


def _import_and_write(path, output, options, registry, plans_dir, force, strict, display) -> ImportRun:
    from kehoach.fileio import write_output

    result = import_table(path, options, registry, display)
    text = dump_plan(result.data)
    out_name = str(output) if output is not None else "<stdout>"
    if result.ok:  # a safety net: the table's own problems were reported on its cells
        result.diagnostics.extend(check_output(text, out_name, registry))
    owner = plan_id_owner(result.data["plan"]["id"], plans_dir, skip=output)
    if owner:
        result.diagnostics.append(
            Diagnostic(
                "KH206",
                f"plan id '{result.data['plan']['id']}' is already used by {owner}",
                result.tables[0].name if result.tables else str(path),
                hint="choose another id with --plan-id",
            )
        )
    if strict:
        result.diagnostics = [d.with_severity(ERROR) for d in result.diagnostics]
    if output is not None and force and Path(output).is_file():
        result.diagnostics.extend(_overwrite_warning(Path(output), result.data))
    run = ImportRun(result, text)
    if output is not None and result.ok:
        write_output(Path(output), text)
        run.written = Path(output)
    return run
