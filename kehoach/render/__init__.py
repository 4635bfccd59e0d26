"""Renderers: turn library results (reports, calendars, …) into Markdown, DOCX or other files."""
