"""Pictures drawn from the data as SVG 1.1 (no script, no external resources): the concept
hierarchy as an indented tree and the instruments on a time line. Each picture has a ``<title>``
and ``<desc>`` (SVG 1.1, section 5.4) and ``role="img"``; each node links to its page."""

from __future__ import annotations

from html import escape

from cseckg import trace as tracing
from cseckg.site.indexes import Node
from cseckg.site.paths import link

ROW, INDENT, CHAR = 26, 22, 7.2  # row height, indent per level, average glyph width (px)
FONT = 'font-family="system-ui, sans-serif" font-size="13"'


def _attr(text: str) -> str:
    return escape(text, quote=True)


def hierarchy(roots: tuple[Node, ...]) -> str:
    """The concept hierarchy: one row per concept, indented under its broader concept."""
    rows: list[tuple[int, Node, int | None]] = []  # depth, node, row of its parent

    def walk(node: Node, depth: int, parent: int | None) -> None:
        index = len(rows)
        rows.append((depth, node, parent))
        for child in node.children:
            walk(child, depth + 1, index)

    for root in roots:
        walk(root, 0, None)
    width = max((16 + d * INDENT + len(n.ref.label) * CHAR for d, n, _ in rows), default=200) + 24
    height = len(rows) * ROW + 16
    parts = [
        _open(
            width,
            height,
            "Concept hierarchy",
            f"{len(rows)} concepts, broader to narrower",
            "hierarchy",
        )
    ]
    for index, (depth, node, parent) in enumerate(rows):
        x, y = 16 + depth * INDENT, 20 + index * ROW
        if parent is not None:
            px, py = 16 + (depth - 1) * INDENT + 4, 20 + parent * ROW + 4
            parts.append(f'<path d="M{px} {py} V{y - 4} H{x - 4}" fill="none" stroke="#6b7280"/>')
        parts.append(
            f'<a href="{_attr(link(node.ref.iri))}">'
            f'<circle cx="{x}" cy="{y - 4}" r="4" fill="#1d4ed8"/>'
            f'<text x="{x + 10}" y="{y}" {FONT} fill="#111827">{escape(node.ref.label)}</text></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


def timeline(instruments: tuple[tracing.Instrument, ...]) -> str:
    """Dated instruments on a horizontal axis by year of adoption; labels in lanes that do not
    overlap. Undated instruments are left out of the picture (the table lists them)."""
    dated = [(int(i.adopted[:4]), i) for i in instruments if i.adopted[:4].isdigit()]
    if not dated:
        return ""
    first, last = min(y for y, _ in dated) - 1, max(y for y, _ in dated) + 1
    width, left = 760, 40
    scale = (width - 2 * left) / max(last - first, 1)
    lanes: list[float] = []  # right edge of the last label in each lane
    placed = []
    for year, item in dated:
        x = left + (year - first) * scale
        text = _short(item)
        lane = next((n for n, edge in enumerate(lanes) if edge < x - 4), len(lanes))
        if lane == len(lanes):
            lanes.append(0.0)
        lanes[lane] = x + len(text) * CHAR
        placed.append((x, lane, year, text, item))
    axis = 30 + len(lanes) * ROW
    parts = [
        _open(
            width + 200,
            axis + 40,
            "Instruments on a time line",
            f"{len(dated)} dated instruments, {first + 1} to {last - 1}",
            "timeline",
        )
    ]
    parts.append(
        f'<line x1="{left}" y1="{axis}" x2="{width - left}" y2="{axis}" stroke="#374151"/>'
    )
    for year in range(first + 1, last, 5 if last - first > 12 else 1):
        x = left + (year - first) * scale
        parts.append(
            f'<text x="{x:.1f}" y="{axis + 20}" {FONT} text-anchor="middle" '
            f'fill="#374151">{year}</text>'
        )
    for x, lane, _year, text, item in placed:
        y = 24 + lane * ROW
        parts.append(
            f'<a href="{_attr(link(item.iri))}">'
            f'<line x1="{x:.1f}" y1="{y + 4}" x2="{x:.1f}" y2="{axis}" stroke="#9ca3af"/>'
            f'<circle cx="{x:.1f}" cy="{axis}" r="4" fill="#b45309"/>'
            f'<text x="{x + 4:.1f}" y="{y}" {FONT} fill="#111827">{escape(text)}'
            f"<title>{escape(item.label)} ({escape(item.adopted)})</title></text></a>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _short(item: tracing.Instrument) -> str:
    slug = item.iri.rstrip("/").rsplit("/", 1)[-1]
    return f"{item.adopted[:4]} {slug.upper() if len(slug) <= 5 else item.label[:34]}"


def _open(width: float, height: float, title: str, desc: str, ident: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-labelledby="{ident}-title">'
        f'<title id="{ident}-title">{escape(title)}</title><desc>{escape(desc)}</desc>'
    )
