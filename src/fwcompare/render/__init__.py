"""Renderers: comparisons and frameworks as plain text, Markdown and HTML.

Each format has its own module, imported only when that format is asked for.
"""
