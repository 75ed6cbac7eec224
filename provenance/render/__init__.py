"""Renderers: a report (or part of one) turned into text for people and formats for tools.

Every renderer treats article text as untrusted: it escapes for its format, and nothing
from an article can end up as markup, code or a terminal control sequence.
"""
