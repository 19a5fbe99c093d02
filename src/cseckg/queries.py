"""Query files: named queries (``queries/<name>.rq``) and checks (``queries/checks/<id>.rq``).

A query file documents itself in its leading comment lines, as ``# key: value``:
named queries use ``title``, ``description`` and ``param`` (repeatable: ``?var  what it is``);
checks use ``rule``, ``why`` and ``severity`` (Violation, Warning or Info).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cseckg.errors import InputError

SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class QueryFile:
    name: str
    path: Path
    text: str
    header: tuple[tuple[str, str], ...]

    def get(self, key: str, default: str = "") -> str:
        return next((v for k, v in self.header if k == key), default)

    def get_all(self, key: str) -> tuple[str, ...]:
        return tuple(v for k, v in self.header if k == key)

    @property
    def title(self) -> str:
        return self.get("title")

    @property
    def description(self) -> str:
        return self.get("description")

    @property
    def params(self) -> tuple[str, ...]:
        """Parameter names without the leading ``?``."""
        return tuple(p.split()[0].lstrip("?$") for p in self.get_all("param") if p.split())

    @property
    def severity(self) -> str:
        return self.get("severity", "Violation")


def read(path: Path) -> QueryFile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot be read: {err}") from None
    return QueryFile(path.stem, path, text, _header(text))


def _header(text: str) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        key, sep, value = stripped.lstrip("#").strip().partition(":")
        if sep and key.strip().isidentifier():
            pairs.append((key.strip().lower(), value.strip()))
        elif pairs:  # a continuation line extends the previous value
            last_key, last_value = pairs[-1]
            pairs[-1] = (last_key, f"{last_value} {stripped.lstrip('#').strip()}")
    return tuple(pairs)


def named(name: str) -> QueryFile:
    """The named query ``queries/<name>.rq``."""
    from cseckg import resources

    path = resources.queries_dir() / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(p.stem for p in resources.query_files())
        raise InputError(f"no named query {name!r}; known: {known}")
    return read(path)
