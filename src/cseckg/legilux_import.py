"""Writing the articles cseckg quotes from a Legilux consolidation as cseckg Turtle.

``python -m cseckg.legilux_import --xml fr.xml --meta meta.json --copy URL`` reads one
consolidated version of Luxembourg's Code pénal (Akoma Ntoso, :mod:`cseckg.legilux`) and writes,
for each article of :data:`SELECTION` and the alineas or paragraphs named there: the provision,
its Legilux ELI, its French text with its verification (the official URL of the consolidated
version, the copy the file was read from, its SHA-256 checked against the checksum of
``meta.json``), the version of the article and the laws its text, or the heading of the chapter
that contains it, names. The output is the
generated file ``ontology/national/lu-code-penal.ttl``; run ``cseckg fmt`` on it afterwards. How
those provisions relate to concepts, and the conditions they set, are curated by hand elsewhere.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from cseckg import legilux
from cseckg.errors import InputError

BASE = "https://w3id.org/cseckg/"
INSTRUMENT = BASE + "instrument/lu-code-penal"
ONT = "https://w3id.org/cseckg/ontology#"
ELI = "http://data.europa.eu/eli/ontology#"
DCT = "http://purl.org/dc/terms/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
PREFIXES = {
    "cseckg": ONT,
    "dcterms": DCT,
    "eli": ELI,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
PUBLISHER = BASE + "organisation/service-central-de-legislation"
# Article -> the parts quoted on their own: ("al", n) for the n-th alinea, ("para", "n") for (n).
SELECTION: dict[str, tuple[tuple[str, str], ...]] = {
    "371-2": (("al", "3"),),
    "372": (("al", "1"),),
    "372bis": (("al", "1"), ("al", "4")),
    "375": (),
    "375bis": (("al", "1"), ("al", "2")),
    "379": (),
    "379bis": (("al", "2"), ("al", "4")),
    "382-1": (("para", "1"), ("para", "4")),
    "382-2": (("para", "2"), ("para", "3")),
    "382-6": (),
    "382-7": (("para", "1"),),
    "383": (),
    "383bis": (),
    "383ter": (),
    "384": (),
    "385-2": (("al", "1"),),
}


def provision_iri(number: str, part: tuple[str, str] | None = None) -> str:
    iri = f"{INSTRUMENT}/art-{number}"
    return f"{iri}/{part[0]}-{part[1]}" if part else iri


def provision_label(number: str, part: tuple[str, str] | None = None) -> str:
    label = f"Code pénal (LU) art. {number}"
    if part is None:
        return label
    return f"{label}, al. {part[1]}" if part[0] == "al" else f"{label}({part[1]})"


def graph(
    consolidation: legilux.Consolidation,
    meta: dict,
    copy: str,
    verified_on: str,
    selection: dict[str, tuple[tuple[str, str], ...]] | None = None,
):
    """The rdflib graph of the selected articles (by default :data:`SELECTION`)."""
    from rdflib import Graph

    g = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    source = _official_url(meta)
    note = _note(consolidation, meta, copy)
    _instrument(g, consolidation, meta, source)
    for number, parts in (SELECTION if selection is None else selection).items():
        article = consolidation.article(number)
        _provision(g, number, None, article.eli)
        _text(g, provision_iri(number), article.text(), source, note, verified_on)
        _version(g, provision_iri(number), consolidation, article, whole=True)
        for part in parts:
            _provision(g, number, part, None)
            body = article.alinea(int(part[1])) if part[0] == "al" else article.paragraph(part[1])
            _text(g, provision_iri(number, part), body, source, note, verified_on)
            _version(g, provision_iri(number, part), consolidation, article, whole=False)
    return g


def _instrument(g, consolidation: legilux.Consolidation, meta: dict, source: str) -> None:
    from rdflib import RDF, RDFS, Literal, URIRef

    node = URIRef(INSTRUMENT)
    title = meta.get("expressions", [{}])[0].get("title") or "Code pénal"
    for predicate, value in (
        (RDF.type, URIRef(ONT + "Instrument")),
        (RDFS.label, Literal("Code pénal (LU)", lang="en")),
        (URIRef(DCT + "title"), Literal(title, lang="fr")),
        (URIRef(ONT + "instrumentKind"), URIRef(ONT + "Code")),
        (URIRef(ONT + "bindingForce"), URIRef(ONT + "NationalLaw")),
        (URIRef(ONT + "jurisdiction"), URIRef(BASE + "jurisdiction/lu")),
        (URIRef(ONT + "eli"), URIRef(consolidation.work_eli)),
        (URIRef(ELI + "is_member_of"), URIRef(consolidation.member_of)),
        (URIRef(ONT + "officialText"), URIRef(source)),
        (URIRef(DCT + "license"), URIRef(consolidation.license)),
        (URIRef(DCT + "rightsHolder"), URIRef(PUBLISHER)),
    ):
        g.add((node, predicate, value))


def _provision(g, number: str, part, eli: str | None) -> None:
    from rdflib import RDF, RDFS, Literal, URIRef

    node = URIRef(provision_iri(number, part))
    parent = URIRef(provision_iri(number) if part else INSTRUMENT)
    g.add((node, RDF.type, URIRef(ONT + "Provision")))
    g.add((node, RDFS.label, Literal(provision_label(number, part), lang="en")))
    g.add((node, URIRef(ELI + "number"), Literal(part[1] if part else number)))
    g.add((node, URIRef(ELI + "is_part_of"), parent))
    g.add((node, URIRef(ONT + "inInstrument"), URIRef(INSTRUMENT)))
    if eli:
        g.add((node, URIRef(ONT + "eli"), URIRef(eli)))


def _text(g, provision: str, body: str, source: str, note: str, verified_on: str) -> None:
    from rdflib import RDF, Literal, URIRef

    text = URIRef(provision + "/text/fr")
    for predicate, value in (
        (RDF.type, URIRef(ONT + "ProvisionText")),
        (URIRef(DCT + "language"), Literal("fr")),
        (URIRef(ONT + "text"), Literal(body, lang="fr")),
        (URIRef(ONT + "textOf"), URIRef(provision)),
        (URIRef(ONT + "statedBy"), URIRef(INSTRUMENT)),
        (URIRef(ONT + "statedIn"), URIRef(INSTRUMENT)),
        (URIRef(ONT + "verificationSource"), URIRef(source)),
        (URIRef(ONT + "verificationStatus"), URIRef(ONT + "OfficialSource")),
        (URIRef(ONT + "verifiedOn"), Literal(verified_on, datatype=URIRef(XSD_DATE))),
        (URIRef(ONT + "verificationNote"), Literal(note, lang="en")),
        (URIRef(ONT + "versionStatus"), URIRef(ONT + "InForceVersion")),
    ):
        g.add((text, predicate, value))


def _version(g, provision: str, consolidation, article: legilux.Article, whole: bool) -> None:
    """The consolidated version read, the article version and the laws its text names."""
    from rdflib import RDFS, Literal, URIRef

    text = URIRef(provision + "/text/fr")
    g.add((text, URIRef(ONT + "consolidatedVersion"), URIRef(consolidation.version_eli)))
    g.add((text, URIRef(ELI + "date_applicability"), _date(article.applicable_from)))
    if whole:
        g.add((text, URIRef(ONT + "versionEli"), URIRef(article.version_eli)))
        for law in (*article.laws, *article.division_laws):
            g.add((text, URIRef(ELI + "amended_by"), URIRef(law.eli)))
            g.add((URIRef(law.eli), RDFS.label, Literal(law.name, lang="fr")))


def _date(value: str):
    from rdflib import Literal, URIRef

    return Literal(value, datatype=URIRef(XSD_DATE))


def _official_url(meta: dict) -> str:
    expressions = [e for e in meta.get("expressions", []) if e.get("language") == "fr"]
    if not expressions or not expressions[0].get("source_uri"):
        raise InputError("meta.json names no French expression with a source_uri")
    return expressions[0]["source_uri"]


def _note(consolidation: legilux.Consolidation, meta: dict, copy: str) -> str:
    return (
        "Read by code (cseckg.legilux) from the official Legilux Akoma Ntoso XML of the "
        f"consolidated version {consolidation.version_eli} (applicable from "
        f"{consolidation.applicable_from}; licence {consolidation.license}; "
        f"{consolidation.rights_holder}), in a byte-verbatim copy kept in a public repository "
        f"({copy}; its SHA-256 {_checksum(meta)} equals the checksum its metadata records). "
        "The XML's layout line breaks are resolved as cseckg.legilux describes; list markers "
        "(1°, 1), a)) are written from the list's symbol."
    )


def _checksum(meta: dict) -> str:
    for expression in meta.get("expressions", []):
        for observation in expression.get("observations", []):
            if observation.get("file") == "fr.xml":
                return observation["sha256"]
    raise InputError("meta.json records no checksum for fr.xml")


def verify(data: bytes, meta: dict) -> None:
    """The file is the one ``meta.json`` describes, byte for byte."""
    if hashlib.sha256(data).hexdigest() != _checksum(meta):
        raise InputError("fr.xml does not match the SHA-256 recorded in meta.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cseckg.legilux_import", description=__doc__)
    parser.add_argument("--xml", type=Path, required=True, help="the version's fr.xml")
    parser.add_argument("--meta", type=Path, required=True, help="the version's meta.json")
    parser.add_argument("--copy", required=True, help="URL of the copy the file was read from")
    parser.add_argument("--verified-on", required=True, help="YYYY-MM-DD of the reading")
    args = parser.parse_args(argv)
    try:
        data = args.xml.read_bytes()
        meta = json.loads(args.meta.read_text(encoding="utf-8"))
        verify(data, meta)
        g = graph(legilux.read(data), meta, args.copy, args.verified_on)
    except (OSError, ValueError, InputError) as err:
        print(f"legilux_import: {getattr(err, 'message', err)}", file=sys.stderr)
        return 2
    sys.stdout.write(g.serialize(format="longturtle"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
