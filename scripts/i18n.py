"""Keep the translation catalogs (Babel): extract, update, compile, check.

    python scripts/i18n.py extract   # kehoach/locale/kehoach.pot from the sources
    python scripts/i18n.py update    # merge the .pot into kehoach/locale/vi/LC_MESSAGES/kehoach.po
    python scripts/i18n.py compile   # .po -> .mo (committed: the wheel ships it, no build step)
    python scripts/i18n.py all       # the three in a row (the usual step after changing a message)
    python scripts/i18n.py check     # exit 1 when the catalog is stale or a message lacks a translation

Messages come from four places (kehoach/i18n.py explains why):
1. ``_()``, ``N_()``, ``ngettext()``, ``pgettext()`` calls in kehoach/cli, kehoach/i18n.py and every module
   that imports kehoach.i18n (renderers, labels) (Babel's
   Python extractor);
2. the help of every command, argument and option, read from the command tree typer builds (English);
3. messages the library makes (exception messages, diagnostics, hints, notes): the f-string at the call
   site becomes a template, msgctxt "core", e.g. ``unknown agency {name!r}``;
4. the words typer's bundled click writes without gettext (``i18n.CLICK_MESSAGES``, msgctxt "core").
"""

from __future__ import annotations

import ast
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "kehoach"
POT = PKG / "locale" / "kehoach.pot"
LANGS = ("vi",)
CORE = "core"

# Calls in the library whose text arguments reach the user (kehoach/errors.py, kehoach/diagnostics.py and
# the helpers that create them); keyword arguments named like a message anywhere in the library.
MESSAGE_CALLS = {
    "KehoachError",
    "UsageError",
    "PlanDataError",
    "ConflictError",
    "GitError",
    "Diagnostic",
    "TimeParseError",
    "add",
    "diag",
    "_fatal",
    "_diag",
    "problem",
    "_problem",
    "warn",
    "_warn",
    "mapping",  # validate.Checker.mapping: its last argument names what is checked ("a section")
}
MESSAGE_KEYWORDS = {"hint", "message", "suggestion", "notice", "note"}
MESSAGE_NAMES = {"msg", "message", "hint", "notice", "note", "suggestion", "reason", "reading"}
MESSAGE_TABLES = {"KEYS"}  # config.KEYS: the meaning of each configuration key (`kehoach config get`)


def sys_path():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def po_path(lang: str) -> Path:
    return PKG / "locale" / lang / "LC_MESSAGES" / "kehoach.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


# --- 3. library messages as templates ---------------------------------------------------------------------


def _template(node: ast.AST) -> str | None:
    """'unknown agency {name!r}' from f"unknown agency {name!r}"; None when the node is not text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if isinstance(node, ast.JoinedStr):
        out = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                out.append(str(value.value).replace("{", "{{").replace("}", "}}"))
            else:
                source = ast.unparse(ast.JoinedStr([value]))[2:-1]
                if "{" in source[1:-1] or "}" in source[1:-1]:
                    return None
                out.append(source)
        return "".join(out)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _template(node.left), _template(node.right)
        if left is None and right is None:
            return None
        left = left if left is not None else "{" + ast.unparse(node.left) + "}"
        right = right if right is not None else "{" + ast.unparse(node.right) + "}"
        return left + right
    return None


def _useful(template: str | None) -> bool:
    if not template:
        return False
    if re.search(r"\{[^{}]*[{]", template.replace("{{", "").replace("}}", "")):
        return False  # a placeholder holding braces (a nested f-string) cannot be matched back
    literal = "".join(part for is_ph, part in _parts(template) if not is_ph)
    return any(c.isalpha() for c in literal) and not template.startswith("KH")


def _parts(template: str):
    sys_path()
    from kehoach.i18n import _split

    return _split(template)


def _pieced(template: str | None) -> bool:
    """A message glued from pieces, one of them chosen at run time ("… registry" + (f" ({n} cells …)" if …)):
    no template of the catalog matches what is printed, so the interface language cannot translate it."""
    if not template:
        return False
    if "translate(" in template:
        return False  # a line printed from messages translated already (render/diagnostics.py)
    return bool(re.search(r"\{[^{}]*[{]", template.replace("{{", "").replace("}}", ""))) and "'" in template


UNTRANSLATABLE: list[tuple[str, str, int]] = []  # filled by core_messages: (template, file, line)


def core_messages() -> list[tuple[str, str, int]]:
    """(template, file, line) of every library message."""
    out = []
    UNTRANSLATABLE.clear()
    for path in sorted(PKG.rglob("*.py")):
        if path.parent == PKG and path.name in ("i18n.py", "__init__.py", "__main__.py"):
            continue
        if (PKG / "cli") in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(tree):
            found: list[ast.AST] = []
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in MESSAGE_CALLS or name.endswith("Error"):
                    found += node.args
                found += [kw.value for kw in node.keywords if kw.arg in MESSAGE_KEYWORDS]
            elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id in MESSAGE_NAMES for t in targets) and node.value:
                    found.append(node.value)
                if any(isinstance(t, ast.Name) and t.id in MESSAGE_TABLES for t in targets):
                    found += [v for v in getattr(node.value, "values", [])]  # {key: meaning} shown to people
            for arg in found:
                candidates = [arg]
                if isinstance(arg, ast.IfExp):
                    candidates = [arg.body, arg.orelse]
                for cand in candidates:
                    template = _template(cand)
                    if _useful(template):
                        out.append((template, rel, cand.lineno))
                    elif isinstance(cand, ast.BinOp) and _pieced(template):
                        UNTRANSLATABLE.append((template, rel, cand.lineno))
    return out


# --- 2. help of the command tree --------------------------------------------------------------------------


def help_messages() -> list[tuple[str, str]]:
    """(text, where) of every command, argument and option help, as typer builds them (English: the tree
    is translated only when a run starts, in KehoachGroup.main)."""
    sys_path()
    import typer

    from kehoach.cli.app import whole_app

    app = whole_app()
    out = []

    def walk(cmd, path):
        for attr in ("help", "short_help", "epilog"):
            value = getattr(cmd, attr, None)
            if isinstance(value, str) and value:
                out.append((value, f"{path} ({attr})"))
        for param in cmd.params:
            if getattr(param, "help", None):
                out.append((param.help, f"{path} {param.opts[0] if param.opts else param.name}"))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(app), "kehoach")
    return out


# --- the catalog ---------------------------------------------------------------------------------------------


def build_template():
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    sys_path()
    from kehoach import __version__
    from kehoach.i18n import CLICK_MESSAGES

    catalog = Catalog(project="kehoach", version=__version__, charset="utf-8", fuzzy=False)
    keywords = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    files = sorted((PKG / "cli").rglob("*.py")) + [PKG / "i18n.py"]
    # outside the CLI: every module that translates its own words (renderers, labels)
    files += [
        p
        for p in sorted(PKG.rglob("*.py"))
        if (PKG / "cli") not in p.parents
        and p != PKG / "i18n.py"
        and "from kehoach.i18n import" in p.read_text("utf-8")
    ]
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        for lineno, message, comments, context in extract_from_file("python", str(path), keywords=keywords):
            catalog.add(message, locations=[(rel, lineno)], auto_comments=comments, context=context)
    for text, where in help_messages():
        catalog.add(text, locations=[("help", 0)], auto_comments=[where])
    for template, rel, lineno in core_messages():
        catalog.add(template, locations=[(rel, lineno)], context=CORE)
    for template in CLICK_MESSAGES:
        catalog.add(template, locations=[("click", 0)], context=CORE)
    return catalog


def _write_po(catalog, path: Path, **kwargs) -> None:
    from babel.messages.pofile import write_po

    buf = io.BytesIO()
    write_po(buf, catalog, width=120, omit_header=False, sort_output=False, include_lineno=False, **kwargs)
    text = buf.getvalue().decode("utf-8")
    # dates in the header change on every run: keep the file stable
    lines = [ln for ln in text.splitlines(keepends=True) if not ln.startswith(('"POT-Creation-Date', '"PO-Revision'))]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(lines), encoding="utf-8")


def extract() -> None:
    _write_po(build_template(), POT)


def read(path: Path, locale: str | None = None):
    import datetime as dt

    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    # the files carry no dates (they would change on every run); without this Babel puts "now" into the
    # .mo header and the compiled file would differ from one minute to the next
    catalog.creation_date = catalog.revision_date = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return catalog


def update() -> None:
    template = read(POT)
    for lang in LANGS:
        path = po_path(lang)
        if path.exists():
            catalog = read(path, lang)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=lang, project="kehoach", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        _write_po(catalog, path, ignore_obsolete=True)


def compile_() -> None:
    from babel.messages.mofile import write_mo

    for lang in LANGS:
        catalog = read(po_path(lang), lang)
        with mo_path(lang).open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)


def problems() -> list[str]:
    """What `check` reports: a stale .pot, messages missing, untranslated or fuzzy, placeholders changed."""
    out = []
    fresh = build_template()
    committed = read(POT)
    want = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in fresh if m.id}
    have = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in committed if m.id}
    out += [
        f"not in kehoach.pot (run scripts/i18n.py all): {ctx or ''} {mid!r}"
        for ctx, mid in sorted(want - have, key=str)
    ]
    out += [f"stale in kehoach.pot: {ctx or ''} {mid!r}" for ctx, mid in sorted(have - want, key=str)]
    out += [
        f"{rel}:{line}: a message glued from pieces cannot be translated; write each variant whole: {t[:80]!r}"
        for t, rel, line in UNTRANSLATABLE
    ]
    for lang in LANGS:
        catalog = read(po_path(lang), lang)
        for ctx, mid in sorted(want, key=str):
            msg = catalog.get(mid, context=ctx)
            if msg is None:
                # plural ids are keyed by their singular
                plural = (m for m in catalog if m.context == ctx and isinstance(m.id, tuple) and m.id[0] == mid)
                msg = next(plural, None)
            if msg is None:
                out.append(f"{lang}: missing {mid!r}")
                continue
            strings = msg.string if isinstance(msg.string, tuple | list) else (msg.string,)
            if not all(strings):
                out.append(f"{lang}: untranslated {mid!r}")
            elif msg.fuzzy:
                out.append(f"{lang}: fuzzy {mid!r}")
            else:
                ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
                need = sorted({p for i in ids for is_ph, p in _parts(i) if is_ph})
                for s in strings:
                    got = sorted({p for is_ph, p in _parts(s) if is_ph})
                    if got != need:
                        out.append(f"{lang}: placeholders {got} differ from {need} in {mid!r}")
        if mo_path(lang).stat().st_mtime < po_path(lang).stat().st_mtime - 1:
            pass  # mtimes are not kept by git; the test compiles and compares instead
    return out


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "all"
    if command in ("extract", "all"):
        extract()
    if command in ("update", "all"):
        update()
    if command in ("compile", "all"):
        compile_()
    if command == "check":
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
