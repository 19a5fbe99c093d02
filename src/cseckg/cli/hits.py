"""Plain-text rendering of search results (no rich: ``search`` stays fast to start).

Marked words are shown in bold on a terminal and between ``**`` elsewhere (a pipe, a file), so
the marks survive where there is no terminal. A text from no confirmed source is flagged, never
shown as a quote.
"""

from __future__ import annotations

import os
import sys
from typing import Any

UNVERIFIED = "[UNVERIFIED, not a quote] "


def text(result: Any, terminal: bool = False) -> str:
    """The result as lines of text."""
    lines = []
    if result.corrected:
        lines.append(f"no match for “{result.query}”; showing results for “{result.corrected}”")
    if not result.hits:
        lines.append(f"no match for “{result.query}”" if not result.corrected else "no match")
    elif not result.corrected:
        shown = len(result.hits)
        more = f", the best {shown} shown" if shown < result.total else ""
        lines.append(f"{result.total} result{'s' if result.total != 1 else ''}{more}")
    for n, hit in enumerate(result.hits, 1):
        lines.append(f"{n:>2}. {hit.label}  ({hit.kind}, {hit.score:g})")
        lines.append(f"    {hit.iri}")
        if hit.snippet.text:
            flag = UNVERIFIED if hit.unverified and hit.snippet.field != "label" else ""
            lines.append(f"    {flag}{marked(hit.snippet, terminal)}")
    if result.suggestions:
        lines.append("did you mean: " + ", ".join(result.suggestions) + "?")
    return "\n".join(lines)


def marked(snippet: Any, terminal: bool) -> str:
    start, end = ("\x1b[1m", "\x1b[0m") if terminal else ("**", "**")
    out, last = [], 0
    for a, b in snippet.highlights:
        out += [snippet.text[last:a], start, snippet.text[a:b], end]
        last = b
    return "".join(out) + snippet.text[last:]


def show(result: Any) -> None:
    terminal = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    sys.stdout.write(text(result, terminal) + "\n")
