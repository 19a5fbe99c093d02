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


class _Node:
    """A line of a plain-text tree (no rich: ``trace`` stays fast to start)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.children: list[_Node] = []

    def add(self, text: str) -> _Node:
        child = _Node(text)
        self.children.append(child)
        return child

    def lines(self, prefix: str = "") -> list[str]:
        out = []
        for n, child in enumerate(self.children):
            last = n == len(self.children) - 1
            head, body = ("└── ", "    ") if last else ("├── ", "│   ")
            first, *rest = child.text.splitlines() or [""]
            out.append(prefix + head + first)
            out += [prefix + body + line for line in rest]
            out += child.lines(prefix + body)
        return out


def trace_text(result: Any) -> str:
    """The trace as a plain-text tree."""
    term = result.term
    root = _Node(f"{result.concept_label}  <{result.concept}>")
    labels = ", ".join(f"{text} ({lang})" for lang, text, _ in result.labels)
    root.add(f"labels: {labels}")
    if term.matched.casefold() != result.concept_label.casefold():
        root.add(f"“{term.typed}” matched the {term.kind} label “{term.matched}” ({term.lang})")
    _advice(root, term)
    _links(root, result.links)
    seen: set[str] = set()  # provisions and instruments already described in full
    for definition in result.definitions:
        _definition(root.add(_definition_title(definition)), definition, seen)
    if not result.definitions:
        root.add(
            "definition: none recorded"
            + (f"; {result.no_definition}" if result.no_definition else "")
        )
    if getattr(result, "chain", None) is not None:
        _chain(root, result.chain)
    return "\n".join([root.text, *root.lines()])


def _chain(root: _Node, chain: Any) -> None:
    """The chain from treaty to national law, level by level, each link with its source."""
    names = " → ".join(level.name for level in chain.levels) or "nothing stored"
    node = root.add(
        f"chain to the law of {chain.jurisdiction_label} ({chain.jurisdiction}): {names}"
    )
    for level in chain.levels:
        branch = node.add(level.name)
        for step in level.steps:
            _step(branch.add(f"{step.label}: {step.role}  <{step.provision}>"), step)
            if step.jurisdiction == chain.jurisdiction and not step.links:
                branch.children[-1].add("no source seen links this provision to another level")
    if not any(level.name == "national" for level in chain.levels):
        node.add(f"national: no provision of {chain.jurisdiction} is stored for this concept")
    bound = node.add(f"what binds {chain.jurisdiction} (as sources state it)")
    for b in chain.bound:
        _bound(bound.add(b.instrument_label), b)
    if not chain.bound:
        bound.add("no source seen states that an instrument of this chain binds it")


def _step(node: _Node, step: Any) -> None:
    node.add(f"instrument: {step.instrument_label} ({step.binding_force}, {step.jurisdiction})")
    if step.words:
        node.add(f"its words: {quoted(step.words, 'verified')}")
    if step.text and step.verification is not None:
        node.add(f"text ({step.text_lang}): {quoted(step.text, step.verification.status)}")
        node.add(f"checked at {step.verification.source} on {step.verification.verified_on}")
    if step.version:
        node.add(f"version: {step.version}")
    if step.eli:
        node.add(f"ELI: {step.eli}")
    if step.official_url:
        node.add(f"official text: {step.official_url}")
    for condition in step.conditions:
        node.add(f"{condition.feature}: {condition.summary}")
    for link in step.links:
        said = node.add(f"{link.relation} {link.target_label}  <{link.target}>")
        said.add(f"stated by {link.stated_by}: {quoted(link.quote, link.verification.status)}")
        said.add(f"checked at {link.verification.source} on {link.verification.verified_on}")


def _bound(node: _Node, b: Any) -> None:
    act = f"{b.approval_act.splitlines()[0]} … ({b.approval_act_date})" if b.approval_act else ""
    node.add(f"approving act: {act or 'not stated'}")
    node.add(f"ratified: {b.ratified or 'not stated'}")
    node.add(f"in force for it: {b.in_force or 'not stated'}")
    node.add(f"stated by {b.stated_by}; checked at {b.verification.source}")


def trace(result: Any) -> None:
    import sys

    sys.stdout.write(trace_text(result) + "\n")


def _advice(root: _Node, term: Any) -> None:
    if not (term.advice or term.used_in or term.status not in ("", "preferred")):
        return
    branch = root.add(f"terminology: “{term.matched}” is marked {term.status or 'unmarked'}")
    if term.used_in:
        branch.add("instruments still use this term: " + "; ".join(term.used_in))
    for advice in term.advice:
        about = f"on “{advice.about}”, " if advice.about != term.matched else ""
        node = branch.add(about + advice_line(advice))
        if advice.text:
            node.add(f"{quoted(advice.text, advice.verification.status)} ({whose_words(advice)})")


def advice_line(advice: Any) -> str:
    """\"Luxembourg Guidelines (2016), as reported by INHOPE: avoid; use “x” instead\"."""
    who = advice.advice_of + (f", as reported by {advice.stated_by}" if advice.reported else "")
    status = advice.status or "no single status given"
    instead = f"; use “{advice.advised.replace('; ', '” or “')}” instead" if advice.advised else ""
    return f"{who}: {status}{instead}"


def whose_words(advice: Any) -> str:
    """Whose words the advice's text is, and how sure we are of them."""
    own = advice.relation in ("verbatim", "extract")
    if advice.reported:
        words = (
            f"its words as {advice.stated_by} quotes them" if own else f"{advice.stated_by}'s words"
        )
    else:
        words = f"{advice.stated_by}'s own words" if advice.stated_by else "its own words"
    return f"{words}; {advice.verification.status or 'unverified'}"


def _links(root: _Node, links: Any) -> None:
    if not links:
        return
    branch = root.add("links to other vocabularies")
    for link in links:
        branch.add(f"{link_line(link)}  <{link.target}>")


def link_line(link: Any) -> str:
    """\"EuroVoc 6553 child pornography: exact match\"."""
    return f"{link.title or link.target}: {link.match}"


def _definition_title(d: Any) -> str:
    flags = [d.relation, d.verification.status] + (["preferred"] if d.preferred else [])
    return f"definition stated by {d.stated_by} ({', '.join(f for f in flags if f)})"


def _definition(branch: _Node, d: Any, seen: set[str]) -> None:
    term = f" [term used: “{d.source_term}”]" if d.source_term else ""
    branch.add(f"{quoted(d.text, d.verification.status)} ({d.lang}){term}")
    if d.verification.source:
        branch.add(f"checked at {d.verification.source} on {d.verification.verified_on}")
    if d.provision is not None:
        _provision(
            branch.add(f"source provision: {d.provision.label}  <{d.provision.iri}>"),
            d.provision,
            seen,
        )
    elif d.relation == "own wording":
        branch.add("source provision: none (in the author's own words)")
    for related in d.related:
        node = branch.add(f"related provision, not its source: {related.label}  <{related.iri}>")
        _provision(node, related, seen)


def _provision(branch: _Node, p: Any, seen: set[str]) -> None:
    if p.iri in seen:
        return
    seen.add(p.iri)
    if p.text and p.verification is not None:
        branch.add(f"text ({p.text_lang}): {quoted(p.text, p.verification.status)}")
    else:
        branch.add("text: not stored")
    i = p.instrument
    if i is None:
        return
    node = branch.add(f"instrument: {i.label}  <{i.iri}>")
    if i.iri in seen:
        return
    seen.add(i.iri)
    opened = ", ".join(v for v in (i.opened_at, i.opened_for_signature) if v)
    facts = (
        ("title", i.title),
        ("kind", i.kind),
        ("binding force", i.binding_force),
        ("adopted by", i.adopted_by),
        ("proposed" if i.kind == "legislative proposal" else "adopted", i.adopted),
        ("opened for signature", opened if i.opened_for_signature else ""),
        ("entry into force", i.in_force),
        ("transposition deadline", i.transposition_deadline),
        ("official text", i.official_url),
        ("text not seen; reported in", "; ".join(i.reported_in)),
    )
    for name, value in facts:
        if value:
            node.add(f"{name}: {value}")
    for link in i.links:
        node.add(f"{link.relation}: {link.label}  <{link.iri}>")


def comparison(result: Any) -> None:
    from rich.table import Table

    console = _console()
    console.print(f"{result.concept_label}  {result.concept}", markup=False)
    table = Table(show_lines=True)
    for column in ("#", "source", "where", "relation, verification"):
        table.add_column(column, overflow="fold")
    for feature in result.features:
        table.add_column(feature.name + (" (differs)" if feature.differs else ""), overflow="fold")
    for n, column in enumerate(result.columns, 1):
        values = [f.values[n - 1] or "—" for f in result.features]
        relation = f"{column.relation}, {column.status}"
        source = column.source + "".join(
            f"\nrelated, not its source: {label}" for label in column.related
        )
        table.add_row(str(n), source, _where(column), relation, *values)
    console.print(table)
    for n, column in enumerate(result.columns, 1):
        said = quoted(column.text, column.status) if column.text else "(no text stored)"
        version = f" [{column.version}]" if column.version else ""
        console.print(f"[{n}] {column.source} ({column.lang}){version}: {said}", markup=False)
    for code in result.without_provisions:
        console.print(f"{code}: no provision is stored for this concept", markup=False)


def _where(column: Any) -> str:
    if not column.jurisdiction:
        return "—"
    same = column.jurisdiction.casefold() == column.level.casefold()
    return column.jurisdiction if same else f"{column.jurisdiction} ({column.level})"


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
    if result.links:
        table = Table(title="links to other vocabularies", title_justify="left")
        for column in ("link", "target", "evidence"):
            table.add_column(column, overflow="fold")
        for link in result.links:
            table.add_row(link_line(link), link.target, link.evidence)
        console.print(table)
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


def citation_text(result: Any) -> str:
    """A citation for people: what to paste first, then the quote, provisions and gaps."""
    if result.style not in ("oscola", "bluebook", "apa"):
        return result.text  # a record, byte for byte (RIS lines end with CR LF)
    lines = [result.text]
    if result.in_text:
        lines.append(f"in text: {result.in_text}")
    if result.quote is not None:
        q = result.quote
        v = q.verification
        lines += ["", f"{q.relation or 'text'} ({q.lang}, {v.status}): {quoted(q.text, v.status)}"]
        if v.source:
            lines.append(f"checked at {v.source} on {v.verified_on}")
    for p in result.provisions:
        lines += ["", f"{p.role}: {p.label}  <{p.iri}>", f"  {p.citation}"]
    if result.left_out:
        lines += ["", "left out (not recorded):"]
        lines += [f"  {g.property} of <{g.resource}>: {g.reason}" for g in result.left_out]
    return "\n".join(lines) + "\n"


def citation(result: Any) -> None:
    import sys

    sys.stdout.write(citation_text(result))
