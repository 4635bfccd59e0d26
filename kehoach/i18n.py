"""The interface language: Vietnamese by default, English on request (docs/ngon-ngu.md).

Every user-facing string of the CLI goes through the standard library's gettext, with the catalog
kehoach/locale/<lang>/LC_MESSAGES/kehoach.mo (kept by Babel: scripts/i18n.py). msgids are English; the
English "translation" is the msgid itself, so English loads no file.

The language is decided once a run, lazily, the first time something is translated:
KEHOACH_LANG > `lang` in kehoach.toml > LC_ALL > LC_MESSAGES > LANG; an English locale ("en", "en_US.UTF-8")
gives English, anything else (C, POSIX, unset, vi_VN …) Vietnamese.

Three kinds of strings:
- the CLI's own messages: ``_("…")`` / ``ngettext`` at the place they are printed;
- help texts of commands and options: written in English in the command modules and translated when the
  command tree is built for a run (``translate_command``), so importing a command module reads no catalog;
- messages made by the library (errors, diagnostics, notes) stay English in the library and in JSON; the
  edge translates them when it prints them (``translate``): an exact msgid, else a *template* extracted from
  the f-string at the raise site (context "core": ``"unknown agency {name!r}"``) matched against the text,
  its placeholders carried into the Vietnamese sentence.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

DOMAIN = "kehoach"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
CORE = "core"  # msgctxt of library messages matched as templates
_CTX = "\x04"

_state: dict = {}


def N_(message: str) -> str:
    """Mark a string for the catalog without translating it now (it is translated where it is printed)."""
    return message


def _from_locale(value: str) -> str:
    return "en" if value.strip().lower()[:2] == "en" else "vi"


def _config_language() -> str | None:
    try:
        from kehoach.config import run_config

        value = run_config().get("lang")
    except Exception:  # a broken kehoach.toml is reported by the command that reads it, in some language
        return None
    if isinstance(value, str) and value.strip():
        return _from_locale(value)
    return None


def language() -> str:
    """'vi' or 'en' for this run (see the module docstring for the order)."""
    if "lang" not in _state:
        _state["lang"] = _resolve()
    return _state["lang"]


def _resolve() -> str:
    if value := os.environ.get("KEHOACH_LANG", "").strip():
        return _from_locale(value)
    if value := _config_language():
        return value
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):  # the first one set decides, as in POSIX
        if value := os.environ.get(var, "").strip():
            return _from_locale(value)
    return DEFAULT_LANGUAGE


def reset() -> None:
    """Forget the language and catalog, and the configuration it was read from (each CLI run decides again:
    the tests run many in one process)."""
    from kehoach.config import new_run

    new_run()
    _state.clear()
    _templates.cache_clear()
    _translate.cache_clear()


def translations():
    """The gettext translations of the chosen language, loaded on first use (English: none)."""
    if "tr" not in _state:
        import gettext

        if language() == "en":
            _state["tr"] = gettext.NullTranslations()
        else:
            _state["tr"] = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language()], fallback=True)
    return _state["tr"]


def _(message: str) -> str:
    return translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations().pgettext(context, message)


# --- library messages, translated when printed ------------------------------------------------------------

_TOKEN = re.compile(r"\{\{|\}\}|\{[^{}]*\}")


def _split(template: str) -> list[tuple[bool, str]]:
    """[(is_placeholder, text)] of a template; '{{' and '}}' are literal braces."""
    parts: list[tuple[bool, str]] = []
    last = 0
    for m in _TOKEN.finditer(template):
        if m.start() > last:
            parts.append((False, template[last : m.start()]))
        token = m.group()
        parts.append((False, token[0]) if token in ("{{", "}}") else (True, token))
        last = m.end()
    if last < len(template):
        parts.append((False, template[last:]))
    return parts


@lru_cache(maxsize=1)
def _templates() -> list[tuple[tuple[str, ...], str, str]]:
    """(literal pieces, template, translation) of every core template with a placeholder, the most literal
    text first (the most specific wins). Regexes are compiled only for templates whose pieces all occur in
    the text being translated (``_pattern``): building them all would cost ~50 ms on every error."""
    catalog = getattr(translations(), "_catalog", {})
    out = []
    prefix_ctx = CORE + _CTX
    for key, translated in catalog.items():
        if not isinstance(key, str) or not key.startswith(prefix_ctx) or not translated:
            continue
        template = key[len(prefix_ctx) :]
        parts = _split(template)
        if not any(is_ph for is_ph, _text in parts):
            continue
        pieces = tuple(text for is_ph, text in parts if not is_ph)
        out.append((pieces, template, translated))
    out.sort(key=lambda t: -sum(map(len, t[0])))
    return out


@lru_cache(maxsize=512)
def _pattern(template: str) -> tuple[re.Pattern, list[str]]:
    parts = _split(template)
    pattern = "".join("(.+?)" if is_ph else re.escape(text) for is_ph, text in parts)
    return re.compile(pattern + r"\Z", re.DOTALL), [text for is_ph, text in parts if is_ph]


def _fill(translated: str, names: list[str], values: tuple[str, ...]) -> str:
    # a value that is itself a known message (click's "Invalid value for X: <reason>") is translated too
    by_name = {
        name: _translate(value, language()) if " " in value else value
        for name, value in zip(names, values, strict=True)
    }
    out = []
    for is_ph, text in _split(translated):
        out.append(by_name.get(text, text) if is_ph else text)
    return "".join(out)


@lru_cache(maxsize=4096)
def _translate(text: str, lang: str) -> str:
    tr = translations()
    catalog = getattr(tr, "_catalog", {})
    for key in (CORE + _CTX + text, text):
        if catalog.get(key):
            return catalog[key]
    for pieces, template, translated in _templates():
        if not all(piece in text for piece in pieces):
            continue
        pattern, names = _pattern(template)
        m = pattern.match(text)
        if m:
            return _fill(translated, names, m.groups())
    head, sep, rest = text.partition(": ")
    if sep and rest and len(head) <= 16 and " " not in head:  # a cell or code put before the message ("A9: …")
        inner = _translate(rest, lang)
        if inner != rest:
            return f"{head}: {inner}"
    return text


def translate(text: str | None) -> str | None:
    """A message made by the library (English), in the interface language; unchanged when not in the catalog."""
    if not text or language() == "en":
        return text
    return _translate(text, language())


# --- dates --------------------------------------------------------------------------------------------------


def human_date(value) -> str:
    """A date (or ISO text) for people: dd/mm/yyyy in Vietnamese; English keeps ISO, as JSON always does.
    Text that is not an ISO date is returned as it is."""
    import datetime as dt

    if not value:
        return "—"
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, dt.date):
        return str(value)
    return value.isoformat() if language() == "en" else value.strftime("%d/%m/%Y")


# --- typer and click ----------------------------------------------------------------------------------------

# The words typer's bundled click writes without gettext; the edge matches them when it prints an error
# (scripts/i18n.py puts them in the catalog under the "core" context).
CLICK_MESSAGES = (
    "No such option: {name}",
    "No such option: {name} (Possible options: {possibilities})",
    "No such command {name}.",
    "No such command {name}. Did you mean {suggestions}?",
    "Missing command.",
    "Missing argument {name}.",
    "Missing option {name}.",
    "Missing parameter: {name}",
    "Invalid value for {name}: {message}",
    "Invalid value: {message}",
    "Got unexpected extra argument ({args})",
    "Got unexpected extra arguments ({args})",
    "Option {name} requires an argument.",
    "Option {name} requires {count} arguments.",
    "Option {name} does not take a value.",
    "{value} is not one of {choices}.",
    "{value} is not a valid integer.",
    "{value} is not a valid float.",
    "{value} is not a valid boolean. Recognized values: {states}",
    "{value} is not in the range {range}.",
    "{value} is not a valid {kind}.",
)
# Help texts typer and click give their own options, translated when help is formatted.
CLICK_HELP = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    # typer.core's own gettext strings (its `_` is ours once install() ran)
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Missing command."),
)


def _click():
    import typer

    return getattr(typer, "_click", None) or __import__("click")


def install() -> None:
    """Route typer's and click's own words through our catalog (once a process)."""
    if "installed" in _installed:
        return
    _installed.add("installed")
    import typer.core

    typer.core._ = _  # typer's Options/Arguments/Commands, [default: …], [required], No such command, Aborted!
    click = _click()
    base = click.formatting.HelpFormatter

    class HelpFormatter(base):
        def write_usage(self, prog, args="", prefix=None):
            super().write_usage(prog, _(args) if args else args, _("Usage: ") if prefix is None else prefix)

        def write_dl(self, rows, *args, **kwargs):
            return super().write_dl([(_(a), _(b) if b else b) for a, b in rows], *args, **kwargs)

    click.core.Context.formatter_class = HelpFormatter
    make_formatter = click.core.Context.make_formatter

    def make_translated_formatter(self):
        # help and usage are formatted: now (and only now) the command tree's help texts are translated
        root = self.find_root().command
        if _state.get("tree") is not root:
            _state["tree"] = root
            translate_command(root)
        return make_formatter(self)

    click.core.Context.make_formatter = make_translated_formatter
    # plain click (the older typers this project allows) calls the stdlib's gettext as `_` / `ngettext`
    for module in ("core", "exceptions", "formatting", "decorators", "parser", "types", "termui"):
        mod = getattr(click, module, None)
        if mod is not None and getattr(mod, "_", None) is not None:
            mod._ = _
        if mod is not None and getattr(mod, "ngettext", None) is not None:
            mod.ngettext = ngettext


_installed: set[str] = set()


def translate_command(cmd) -> None:
    """Translate the help texts of a built click command tree in place (typer builds it anew each run)."""
    if language() == "en":
        return
    for attr in ("help", "short_help", "epilog"):
        value = getattr(cmd, attr, None)
        if isinstance(value, str) and value:
            setattr(cmd, attr, _(value))
    for attr in ("options_metavar", "subcommand_metavar"):
        value = getattr(cmd, attr, None)
        if isinstance(value, str) and value:
            setattr(cmd, attr, _(value))
    for param in getattr(cmd, "params", []):
        if getattr(param, "help", None):
            param.help = _(param.help)
    for sub in getattr(cmd, "commands", {}).values():
        translate_command(sub)


def show_click_error(exc) -> None:
    """click's UsageError.show, in the interface language."""
    import sys

    click = _click()
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]
            )
            hint += "\n"
        click.echo(f"{ctx.get_usage()}\n{hint}", file=sys.stderr, color=ctx.color)
    message = exc.format_message()
    click.echo(_("Error: {message}").format(message=translate(message)), file=sys.stderr)
