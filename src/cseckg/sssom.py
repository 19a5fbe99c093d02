"""Reading an SSSOM mapping set (SSSOM/TSV) and deriving its RDF: the ``skos:*Match`` triples.

Implements the parts of the SSSOM specification (https://mapping-commons.github.io/sssom/) that
cseckg uses:

* **SSSOM/TSV**: a metadata block of ``#``-prefixed YAML lines (``curie_map``, ``mapping_set_id``,
  ``license`` ...), then a tab-separated table with one mapping per row; multi-valued slots are
  separated by ``|``; set-level values of the propagatable slots (``object_source``,
  ``mapping_date`` ...) apply to every row that leaves them empty.
* **SSSOM/RDF**: each row is the mapping triple itself (``subject predicate object``, so a plain
  SKOS consumer sees ``skos:closeMatch``) and an ``owl:Axiom`` record that annotates it with the
  row's other slots, under the slot URIs of the SSSOM schema (``owl:annotatedSource`` ...,
  ``pav:authoredBy``, ``dcterms:creator``, ``rdfs:seeAlso``, ``rdfs:comment``, else ``sssom:``).

Errors are one line, ``file:line: reason`` (:class:`cseckg.errors.InputError`). Whether a row
makes sense (evidence, a target outside our scheme ...) is left to the checks of ``cseckg
validate`` (``queries/checks/mapping-*.rq``), which read the derived RDF.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cseckg.errors import InputError

SUFFIX = ".sssom.tsv"
SSSOM = "https://w3id.org/sssom/"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"

# Prefixes every SSSOM file may use without declaring them (SSSOM spec, "built-in prefixes").
BUILT_IN = {
    "owl": OWL,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "semapv": "https://w3id.org/semapv/vocab/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "sssom": SSSOM,
    "xsd": XSD,
}
REQUIRED_SET = ("mapping_set_id", "license")
REQUIRED_ROW = ("subject_id", "predicate_id", "object_id", "mapping_justification")
# Slots whose set-level value applies to rows that leave them empty (sssom_schema: propagated).
PROPAGATED = (
    "subject_type", "predicate_type", "object_type", "subject_source", "subject_source_version",
    "object_source", "object_source_version", "mapping_provider", "mapping_tool",
    "mapping_tool_id", "mapping_tool_version", "mapping_date", "subject_match_field",
    "object_match_field", "subject_preprocessing", "object_preprocessing", "similarity_measure",
)  # fmt: skip
# Slots with a slot_uri of their own in the SSSOM schema; every other slot is sssom:<slot>.
SLOT_URIS = {
    "subject_id": OWL + "annotatedSource",
    "predicate_id": OWL + "annotatedProperty",
    "object_id": OWL + "annotatedTarget",
    "creator_id": "http://purl.org/dc/terms/creator",
    "author_id": "http://purl.org/pav/authoredBy",
    "license": "http://purl.org/dc/terms/license",
    "mapping_date": "http://purl.org/dc/terms/created",
    "see_also": "http://www.w3.org/2000/01/rdf-schema#seeAlso",
    "comment": "http://www.w3.org/2000/01/rdf-schema#comment",
}
# Slots whose values are entity references (CURIEs) or URLs: IRIs in RDF.
REFERENCES = frozenset(
    [
        "subject_id", "predicate_id", "object_id", "mapping_justification", "author_id",
        "creator_id", "reviewer_id", "subject_source", "object_source", "mapping_provider",
        "license", "see_also", "mapping_tool_id", "issue_tracker_item",
    ]
)  # fmt: skip
MULTIVALUED = frozenset(["author_id", "creator_id", "reviewer_id", "see_also", "author_label"])
DOUBLES = frozenset(["confidence", "similarity_score", "reviewer_agreement"])
DATES = frozenset(["mapping_date", "publication_date", "review_date"])
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The mapping set's own slots that the RDF description of the set carries.
SET_SLOTS = {
    "mapping_set_title": "http://purl.org/dc/terms/title",
    "mapping_set_description": "http://purl.org/dc/terms/description",
    "mapping_set_version": OWL + "versionInfo",
    "publication_date": "http://purl.org/dc/terms/issued",
}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class Mapping:
    """One row: its line in the file and its slots, CURIEs expanded to IRIs."""

    line: int
    slots: tuple[tuple[str, tuple[str, ...]], ...]

    def get(self, slot: str) -> str:
        """The first value of ``slot``, or ""."""
        for name, values in self.slots:
            if name == slot:
                return values[0] if values else ""
        return ""

    @property
    def subject(self) -> str:
        return self.get("subject_id")

    @property
    def predicate(self) -> str:
        return self.get("predicate_id")

    @property
    def object(self) -> str:
        return self.get("object_id")


@dataclass(frozen=True)
class MappingSet:
    path: Path
    metadata: dict
    prefixes: dict[str, str]
    mappings: tuple[Mapping, ...]

    @property
    def id(self) -> str:
        return str(self.metadata["mapping_set_id"])


def is_sssom(path: Path) -> bool:
    return path.name.endswith(SUFFIX)


def read(path: Path) -> MappingSet:
    """Parse an SSSOM/TSV file, or raise :class:`InputError` with the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot be read: {err}") from None
    lines = text.splitlines()
    header_end = next((n for n, line in enumerate(lines) if not line.startswith("#")), len(lines))
    metadata = _metadata(path, lines[:header_end])
    prefixes = {**BUILT_IN, **_curie_map(path, metadata)}
    for slot in REQUIRED_SET:
        expand(str(metadata[slot]), prefixes, f"{path}:1: {slot}")
    rows = _rows(path, lines[header_end:], header_end)
    mappings = tuple(_mapping(path, row, metadata, prefixes) for row in rows)
    return MappingSet(path, metadata, prefixes, mappings)


def _metadata(path: Path, block: list[str]) -> dict:
    import yaml

    try:
        data = yaml.safe_load("\n".join(line[1:] for line in block)) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{mark.line + 1}" if mark is not None else "1"
        raise InputError(f"{path}:{where}: the metadata block is not valid YAML") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}:1: the metadata block must be a YAML mapping")
    for slot in REQUIRED_SET:
        if not data.get(slot):
            raise InputError(f"{path}:1: the metadata block has no {slot}")
    return data


def _curie_map(path: Path, metadata: dict) -> dict[str, str]:
    found = metadata.get("curie_map") or {}
    if not isinstance(found, dict) or not all(isinstance(v, str) for v in found.values()):
        raise InputError(f"{path}:1: curie_map must map prefixes to IRIs")
    return {str(k): v for k, v in found.items()}


def _rows(path: Path, lines: list[str], offset: int) -> list[tuple[int, dict[str, str]]]:
    if not lines or not lines[0].strip():
        raise InputError(f"{path}:{offset + 1}: no table: a header row of slot names is expected")
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    missing = [slot for slot in REQUIRED_ROW if slot not in header]
    if missing:
        raise InputError(f"{path}:{offset + 1}: the table has no column {', '.join(missing)}")
    rows = []
    for n, cells in enumerate(reader, start=offset + 2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise InputError(f"{path}:{n}: {len(cells)} cells where the header has {len(header)}")
        if any(c.startswith('"') for c in cells):
            # SSSOM tools read TSV with CSV quoting: a leading quote would be read differently
            raise InputError(f"{path}:{n}: a cell starts with a double quote; write it unquoted")
        rows.append((n, dict(zip(header, cells, strict=True))))
    return rows


def _mapping(path: Path, row: tuple[int, dict[str, str]], metadata: dict, prefixes) -> Mapping:
    line, cells = row
    for slot in PROPAGATED:
        if not cells.get(slot) and metadata.get(slot):
            cells[slot] = str(metadata[slot])
    slots = []
    for slot, raw in cells.items():
        values = [v.strip() for v in raw.split("|")] if slot in MULTIVALUED else [raw.strip()]
        values = [v for v in values if v]
        if slot in REQUIRED_ROW and not values:
            raise InputError(f"{path}:{line}: {slot} is empty")
        if slot in REFERENCES:
            values = [expand(v, prefixes, f"{path}:{line}") for v in values]
        if slot in DOUBLES:
            _check_unit(values, f"{path}:{line}: {slot}")
        if slot in DATES and not all(_DATE.fullmatch(v) for v in values):
            raise InputError(f"{path}:{line}: {slot} must be a date YYYY-MM-DD")
        if values:
            slots.append((slot, tuple(values)))
    return Mapping(line, tuple(slots))


def expand(value: str, prefixes: dict[str, str], where: str) -> str:
    """A CURIE (``skos:closeMatch``) as its IRI; an http(s) URL stays as it is."""
    iri = value
    if not value.startswith(("http://", "https://")):
        prefix, sep, local = value.partition(":")
        if not sep or prefix not in prefixes:
            raise InputError(f"{where}: {value!r} uses a prefix the curie_map does not declare")
        iri = prefixes[prefix] + local
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise InputError(f"{where}: {value!r} is not a valid IRI") from None
    return iri


def _check_unit(values: list[str], where: str) -> None:
    for value in values:
        try:
            number = float(value)
        except ValueError:
            raise InputError(f"{where} must be a number, not {value!r}") from None
        if not 0.0 <= number <= 1.0:
            raise InputError(f"{where} must lie between 0 and 1, not {value}")


# ---------------------------------------------------------------- RDF


def quads(mapping_set: MappingSet, graph: ox.NamedNode | None = None) -> list[ox.Quad]:
    """The mapping set, the mapping triples and their ``owl:Axiom`` records (fresh blank nodes),
    in ``graph`` (the default graph when None)."""
    target = graph or ox.DefaultGraph()
    set_node = expand(mapping_set.id, mapping_set.prefixes, f"{mapping_set.path}:1")
    out = _set_description(mapping_set)
    for mapping in mapping_set.mappings:
        out.append(_triple(mapping.subject, mapping.predicate, ox.NamedNode(mapping.object)))
        record = ox.BlankNode()
        out.append(_triple(set_node, SSSOM + "mappings", record))
        out.append(_triple(record, RDF_TYPE, ox.NamedNode(OWL + "Axiom")))
        for slot, values in mapping.slots:
            out += [
                _triple(record, SLOT_URIS.get(slot, SSSOM + slot), _term(slot, v)) for v in values
            ]
    return [ox.Quad(t.subject, t.predicate, t.object, target) for t in out]


def _set_description(mapping_set: MappingSet) -> list[ox.Triple]:
    """``<mapping_set_id> a sssom:MappingSet`` with its title, licence, creators and dates."""
    meta, where = mapping_set.metadata, f"{mapping_set.path}:1"
    node = expand(str(meta["mapping_set_id"]), mapping_set.prefixes, where)
    out = [_triple(node, RDF_TYPE, ox.NamedNode(SSSOM + "MappingSet"))]
    license_iri = expand(str(meta["license"]), mapping_set.prefixes, where)
    out.append(_triple(node, SLOT_URIS["license"], ox.NamedNode(license_iri)))
    for creator in _listed(meta.get("creator_id")):
        creator_iri = expand(creator, mapping_set.prefixes, where)
        out.append(_triple(node, SLOT_URIS["creator_id"], ox.NamedNode(creator_iri)))
    for slot, uri in SET_SLOTS.items():
        if meta.get(slot):
            value = str(meta[slot])
            out.append(_triple(node, uri, _term(slot, value)))
    return out


def _listed(value) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _triple(subject: str | ox.BlankNode, predicate: str, obj) -> ox.Triple:
    node = ox.NamedNode(subject) if isinstance(subject, str) else subject
    return ox.Triple(node, ox.NamedNode(predicate), obj)


def read_quads(path: Path, graph: ox.NamedNode | None = None) -> list[ox.Quad]:
    """Parse ``path`` and derive its RDF (see :func:`quads`)."""
    mapping_set = read(path)
    if not mapping_set.mappings:
        raise InputError(f"{path}: no mappings: the table has no rows")
    return quads(mapping_set, graph)


def _term(slot: str, value: str) -> ox.NamedNode | ox.Literal:
    if slot in REFERENCES:
        return ox.NamedNode(value)
    if slot in DOUBLES:
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "double"))
    if slot in DATES:
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(value)
