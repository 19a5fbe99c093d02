"""Canonical Turtle: one deterministic style for every committed ``.ttl`` (STYLE.md, habit 7).

The style is rdflib's ``longturtle`` (subjects and predicates sorted, one statement a line) with
the prefixes the file declares, so that a diff shows only what changed. Comments do not survive:
notes belong in the data (``skos:editorialNote``, ``rdfs:comment``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cseckg import rdfio
from cseckg.errors import InputError


@dataclass(frozen=True)
class FmtReport:
    checked: tuple[str, ...]
    changed: tuple[str, ...]  # files rewritten, or (with check) files that would be
    check: bool

    @property
    def exit_code(self) -> int:
        return 1 if self.check and self.changed else 0


def canonical(path: Path) -> str:
    """The canonical Turtle text of ``path`` (which must parse)."""
    import rdflib

    rdfio.read_quads(path)  # strict parse first: one-line file:line:col errors
    graph = rdflib.Graph(bind_namespaces="none")
    graph.parse(path, format="turtle")
    text = graph.serialize(format="longturtle")
    return text if text.endswith("\n") else text + "\n"


def fmt(paths: Iterable[Path], *, check: bool = False) -> FmtReport:
    """Rewrite each file in canonical form; with ``check``, only report what would change."""
    files = sorted(set(paths))
    for path in files:
        if path.suffix != ".ttl":
            raise InputError(f"{path}: cseckg fmt formats Turtle (.ttl) files only")
    pending = [(p, canonical(p)) for p in files]  # everything parses before anything is written
    changed = [p for p, text in pending if p.read_text(encoding="utf-8") != text]
    if not check:
        for path, text in pending:
            if path in changed:
                _write_atomically(path, text)
    return FmtReport(tuple(map(str, files)), tuple(map(str, changed)), check)


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
