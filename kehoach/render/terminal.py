"""A rich console that never lets plan text reach the terminal as markup, emoji codes or control characters."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment

from kehoach.text import UNSAFE, visible


class SafeConsole(Console):
    """rich's Console with markup and emoji codes off unless a call asks for them (``print(..., markup=True)``
    on text kehoach wrote itself), and every unsafe character (``kehoach.text.visible``) shown as its escape:
    in strings before they are laid out, and in any segment (of a Text or a table) as a last guard."""

    def __init__(self, **kwargs):
        kwargs.setdefault("markup", False)
        kwargs.setdefault("emoji", False)
        kwargs.setdefault("highlight", False)
        super().__init__(**kwargs)

    def render_str(self, text: str, **kwargs):
        return super().render_str(visible(text), **kwargs)

    def render(self, renderable, options=None):
        for segment in super().render(renderable, options):
            if not segment.control and UNSAFE.search(segment.text):
                segment = Segment(visible(segment.text), segment.style, segment.control)
            yield segment
