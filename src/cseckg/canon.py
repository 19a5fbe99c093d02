"""Stable blank node labels, computed from what the graph says about each blank node.

A parser gives blank nodes fresh identifiers on every run, so an export that kept them would
differ from run to run. :func:`relabel` names each blank node after a hash of its surroundings,
found by colour refinement (the 1-dimensional Weisfeiler-Leman procedure that RDF canonicalisation
algorithms such as Hogan's iso-canonical labelling and W3C RDFC-1.0 build on): every blank node
starts with one colour; each round, its colour becomes the hash of its previous colour and the
sorted list of its triples (direction, predicate, the other term or that term's colour), until
the partition stops splitting. Blank nodes still tied afterwards are automorphic in the graphs
this project writes (lists and ``[]`` trees), so they are singled out one at a time (the order
does not change the output) and refined again.

Only the quads that touch a blank node are looked at, so the cost is negligible for graphs where
blank nodes are rare (OWL axioms and lists).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

LABEL_LENGTH = 24  # hex digits of SHA-256 in a label


def relabel(quads: list[ox.Quad], scope: str) -> list[ox.Quad]:
    """``quads`` with every blank node renamed ``b<hash>``; ``scope`` (the graph name) enters the
    hash, so that blank nodes of different documents never share a label."""
    touching = [q for q in quads if _blank(q.subject) or _blank(q.object)]
    if not touching:
        return quads
    labels = labels_for(touching, scope)
    return [_renamed(q, labels) if _blank(q.subject) or _blank(q.object) else q for q in quads]


def labels_for(quads: Sequence[ox.Quad], scope: str) -> dict[ox.BlankNode, ox.BlankNode]:
    """The new label of every blank node of ``quads``."""
    nodes = {t for q in quads for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}
    colour = _refine(quads, dict.fromkeys(nodes, scope))
    while True:
        tied = _first_tie(colour)
        if tied is None:
            break
        colour[tied] = _digest(colour[tied] + "*")
        colour = _refine(quads, colour)
    return {node: ox.BlankNode("b" + value[:LABEL_LENGTH]) for node, value in colour.items()}


def _refine(quads: Sequence[ox.Quad], colour: dict[ox.BlankNode, str]) -> dict[ox.BlankNode, str]:
    classes = len(set(colour.values()))
    while True:
        found: dict[ox.BlankNode, list[str]] = {node: [] for node in colour}
        for q in quads:
            if isinstance(q.subject, ox.BlankNode):
                found[q.subject].append(f"+ {q.predicate} {_key(q.object, colour)}")
            if isinstance(q.object, ox.BlankNode):
                found[q.object].append(f"- {q.predicate} {_key(q.subject, colour)}")
        refined = {
            node: _digest(colour[node] + "\n" + "\n".join(sorted(edges)))
            for node, edges in found.items()
        }
        now = len(set(refined.values()))
        if now == classes:
            return refined
        colour, classes = refined, now


def _first_tie(colour: dict[ox.BlankNode, str]) -> ox.BlankNode | None:
    seen: dict[str, ox.BlankNode] = {}
    tied = []
    for node, value in colour.items():
        if value in seen:
            tied.append(value)
        seen.setdefault(value, node)
    return seen[min(tied)] if tied else None


def _key(term: object, colour: dict[ox.BlankNode, str]) -> str:
    return "_:" + colour[term] if isinstance(term, ox.BlankNode) else str(term)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _blank(term: object) -> bool:
    return isinstance(term, ox.BlankNode)


def _renamed(q: ox.Quad, labels: dict[Any, ox.BlankNode]) -> ox.Quad:
    subject = labels.get(q.subject, q.subject) if _blank(q.subject) else q.subject
    obj = labels.get(q.object, q.object) if _blank(q.object) else q.object
    return ox.Quad(subject, q.predicate, obj, q.graph_name)  # type: ignore[arg-type]
