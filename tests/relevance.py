"""The relevance judgements of ``tests/data/relevance.tsv``, read for the tests and the benchmark.

Each row: a query, the IRIs a lawyer expects (any one among the first 3 hits passes), filters
(``kind=definition lang=fr instrument=Lanzarote Convention``), the kind of query and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FILE = Path(__file__).resolve().parent / "data" / "relevance.tsv"
BASE = "https://w3id.org/cseckg/"
TOP = 3
_FILTER = re.compile(r"(kind|lang|instrument|jurisdiction)=(.+?)(?=\s+\w+=|$)")


@dataclass(frozen=True)
class Judgement:
    query: str
    expected: tuple[str, ...]
    filters: dict
    kind: str
    why: str

    @property
    def id(self) -> str:
        extra = " ".join(f"{k}={v}" for k, v in self.filters.items())
        return f"{self.kind}: {self.query}" + (f" [{extra}]" if extra else "")


def load(path: Path = FILE) -> list[Judgement]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query, expected, filters, kind, why = line.split("\t")
        chosen = {} if filters == "-" else dict(_FILTER.findall(filters))
        out.append(Judgement(query, tuple(BASE + e for e in expected.split()), chosen, kind, why))
    return out


def rank(iris: list[str], judgement: Judgement) -> int | None:
    """The 1-based rank of the first expected IRI among ``iris``, or None."""
    for n, iri in enumerate(iris, 1):
        if iri in judgement.expected:
            return n
    return None
