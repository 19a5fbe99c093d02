"""Text rendering of the API's results for a terminal (rich), kept apart from the commands.

Unverified texts are never shown as quotes: they are printed without quotation marks and flagged.
"""

from __future__ import annotations

from typing import Any


def _console():
    from rich.console import Console

    console = Console(highlight=False)
    return console if console.is_terminal else Console(width=120, highlight=False)


def quoted(text: str, status: str) -> str:
    """A text as it may be shown: quoted when verified, flagged otherwise."""
    if status == "unverified":
        return f"[UNVERIFIED, not a quote] {text}"
    return f"“{text}”"


def trace(result: Any) -> None:
    from rich.markup import escape
    from rich.tree import Tree

    console = _console()
    term = result.term
    head = f"[bold]{escape(result.concept_label)}[/bold]  {result.concept}"
    tree = Tree(head)
    labels = ", ".join(f"{text} ({lang})" for lang, text, _ in result.labels)
    tree.add(f"labels: {escape(labels)}")
    if term.matched.casefold() != result.concept_label.casefold():
        tree.add(
            escape(f"“{term.typed}” matched the {term.kind} label “{term.matched}” ({term.lang})")
        )
    advice = _advice_branch(term)
    if advice is not None:
        tree.add(advice)
    seen: set[str] = set()  # provisions and instruments already described in full
    for definition in result.definitions:
        tree.add(_definition_branch(definition, seen))
    console.print(tree)


def _advice_branch(term: Any):
    from rich.markup import escape
    from rich.tree import Tree

    if not (term.advice or term.used_in or term.status not in ("", "preferred")):
        return None
    branch = Tree(escape(f"terminology: “{term.matched}” is marked {term.status or 'unmarked'}"))
    if term.used_in:
        branch.add(escape("instruments still use this term: " + "; ".join(term.used_in)))
    for advice in term.advice:
        reporter = advice.stated_by if advice.stated_by not in advice.advice_of else ""
        who = advice.advice_of + (f", as reported by {reporter}" if reporter else "")
        line = f"{who}: {advice.status}; use “{advice.advised}” instead"
        node = branch.add(escape(line))
        if advice.text:
            node.add(escape(quoted(advice.text, advice.verification.status)))
    return branch


def _definition_branch(d: Any, seen: set[str]):
    from rich.markup import escape
    from rich.tree import Tree

    flags = [d.relation, d.verification.status] + (["preferred"] if d.preferred else [])
    title = f"definition stated by {d.stated_by} ({', '.join(f for f in flags if f)})"
    branch = Tree(escape(title))
    term = f" [term used: “{d.source_term}”]" if d.source_term else ""
    branch.add(escape(f"{quoted(d.text, d.verification.status)} ({d.lang}){term}"))
    if d.verification.source:
        branch.add(escape(f"checked at {d.verification.source} on {d.verification.verified_on}"))
    if d.provision is not None:
        branch.add(_provision_branch(d.provision, seen))
    return branch


def _provision_branch(p: Any, seen: set[str]):
    from rich.markup import escape
    from rich.tree import Tree

    branch = Tree(escape(f"provision: {p.label}  {p.iri}"))
    if p.iri in seen:
        return branch
    seen.add(p.iri)
    if p.text and p.verification is not None:
        branch.add(escape(f"text ({p.text_lang}): {quoted(p.text, p.verification.status)}"))
    else:
        branch.add("text: not stored (no verified source seen)")
    i = p.instrument
    if i is not None:
        node = branch.add(escape(f"instrument: {i.label}  {i.iri}"))
        if i.iri in seen:
            return branch
        seen.add(i.iri)
        facts = [
            ("title", i.title),
            ("kind", i.kind),
            ("binding force", i.binding_force),
            ("adopted by", i.adopted_by),
            ("adopted", i.adopted),
            ("entry into force", i.in_force),
            ("official text", i.official_url),
        ]
        for name, value in facts:
            if value:
                node.add(escape(f"{name}: {value}"))
    return branch


def comparison(result: Any) -> None:
    from rich.table import Table

    console = _console()
    console.print(f"{result.concept_label}  {result.concept}", markup=False)
    table = Table(show_lines=True)
    for column in ("#", "source", "stated by", "relation, verification"):
        table.add_column(column, overflow="fold")
    for feature in result.features:
        table.add_column(feature.name + (" (differs)" if feature.differs else ""), overflow="fold")
    for n, column in enumerate(result.columns, 1):
        values = [f.values[n - 1] or "—" for f in result.features]
        relation = f"{column.relation}, {column.status}"
        table.add_row(str(n), column.source, column.stated_by, relation, *values)
    console.print(table)
    for n, column in enumerate(result.columns, 1):
        console.print(
            f"[{n}] {column.source} ({column.lang}): {quoted(column.text, column.status)}",
            markup=False,
        )


def hits(results: list) -> None:
    from rich.table import Table

    console = _console()
    if not results:
        console.print("no match", markup=False)
        return
    table = Table()
    for column in ("score", "kind", "label", "matched", "IRI"):
        table.add_column(column, overflow="fold")
    for hit in results:
        matched = hit.matched if len(hit.matched) < 80 else hit.matched[:79] + "…"
        table.add_row(str(hit.score), hit.kind, hit.label, matched, hit.iri)
    console.print(table)


def resource(result: Any) -> None:
    from rich.table import Table

    console = _console()
    console.print(f"{result.label}  {result.iri}", markup=False)
    for title, rows in (("statements", result.outgoing), ("pointed at by", result.incoming)):
        if not rows:
            continue
        table = Table(title=title, title_justify="left")
        for column in ("property", "value", "IRI or datatype"):
            table.add_column(column, overflow="fold")
        for s in rows:
            value = f"{s.value} @{s.lang}" if s.lang else s.value
            table.add_row(s.predicate, value, s.iri or s.datatype)
        console.print(table)
