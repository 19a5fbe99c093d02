"""Scale generator: a synthetic cseckg graph of about N triples, shaped like the shipped one.

    python bench/scale.py --triples 100000 --out bench/out

writes ``DIR/synthetic-100k.ttl``, a self-contained graph to validate with the model alone
(``cseckg validate --model-only DIR/synthetic-100k.ttl``). It holds instruments with articles,
paragraphs and letters, provision texts in several languages, definitions that quote them (with
verification), concepts in a hierarchy with SKOS-XL labels in English, French and German,
terminology advice, organisations with values and their own (unverified) definitions, events
that adopted declarations, and national codes whose provisions use concepts, set age limits and
are linked, by a sourced statement, to the instrument before them. It uses only the model's
vocabulary, the reused vocabularies and the IRI patterns of the project, and it conforms to the
shapes and checks, so that validation does all of its work (no early exits on errors).

Every text is obviously synthetic ("Synthetic provision text 123 ..."): nothing here is legal
text. The output is deterministic for a given ``--seed`` and ``--triples``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

BASE = "https://w3id.org/cseckg/"
SCHEME = f"<{BASE}scheme/csec>"
SOURCE = "https://example.org/cseckg-synthetic/"  # never a real page: the data is synthetic
CHECKED = '"2026-11-29"^^xsd:date'
TOP_CATEGORIES = (
    "cseckg:Person",
    "cseckg:Act",
    "cseckg:Material",
    "cseckg:Measure",
    "cseckg:LegalThreshold",
)
KINDS = {  # instrument kind -> binding force
    "cseckg:Convention": "cseckg:BindingTreatyLaw",
    "cseckg:Protocol": "cseckg:BindingTreatyLaw",
    "cseckg:Declaration": "cseckg:SoftLaw",
    "cseckg:Directive": "cseckg:EULaw",
    "cseckg:Guidelines": "cseckg:SoftLaw",
}
STATES = ("lu", "de", "fr")  # every fifth instrument is a national code of one of them


def national(n: int) -> bool:
    return n % 5 == 4


def jurisdiction(n: int, kind: str) -> str:
    if national(n):
        return STATES[(n // 5) % len(STATES)]
    return "eu" if kind == "cseckg:Directive" else "int"


WORDS = (
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliett",
    "kilo",
    "lima",
    "mike",
    "november",
    "oscar",
    "papa",
    "quebec",
    "romeo",
)
LABEL_FORMS = {  # language -> (preferred label, alternative label) patterns
    "en": ("synthetic concept {n}", "synthetic term {n}"),
    "fr": ("concept synthétique {n}", "terme synthétique {n}"),
    "de": ("synthetisches Konzept {n}", "synthetischer Begriff {n}"),
}
PREFIXES = """\
@prefix cseckg: <https://w3id.org/cseckg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix skosxl: <http://www.w3.org/2008/05/skos-xl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

"""

Statements = list[tuple[str, str]]


def iri(path: str) -> str:
    return f"<{BASE}{path}>"


def lit(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def typed(text: str, datatype: str) -> str:
    return f'"{text}"^^{datatype}'


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(ascii_text.lower().split())


class Graph:
    """Resources in order of creation, each a list of (predicate, object); counts triples."""

    def __init__(self) -> None:
        self.resources: dict[str, Statements] = {}
        self.triples = 0

    def add(self, subject: str, *statements: tuple[str, str]) -> str:
        self.resources.setdefault(subject, []).extend(statements)
        self.triples += len(statements)
        return subject

    def turtle(self) -> Iterator[str]:
        yield PREFIXES
        for subject, statements in self.resources.items():
            body = " ;\n    ".join(f"{p} {o}" for p, o in statements)
            yield f"{subject}\n    {body} .\n\n"


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.g = Graph()
        self.concepts = 0
        self.texts = 0
        self.g.add(
            SCHEME,
            ("a", "skos:ConceptScheme"),
            ("dcterms:title", lit("Synthetic CSEC concept scheme (benchmark data)", "en")),
        )

    # ------------------------------------------------------------ shared pieces

    def filler(self) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(12, 40)))

    def text(self, kind: str, lang: str) -> str:
        self.texts += 1
        return lit(f"Synthetic {kind} text {self.texts}: {self.filler()}.", lang)

    def verified(self, page: str) -> Statements:
        return [
            ("cseckg:verificationSource", f"<{SOURCE}{page}>"),
            ("cseckg:verificationStatus", "cseckg:OfficialSource"),
            ("cseckg:verifiedOn", CHECKED),
        ]

    def date(self, start_year: int) -> dt.date:
        return dt.date(start_year, 1, 1) + dt.timedelta(days=self.rng.randint(0, 3650))

    # ------------------------------------------------------------ organisations and events

    def organisation(self, n: int, statement_source: str) -> str:
        org_slug = f"synthetic-organisation-{n}"
        org = self.g.add(
            iri(f"organisation/{org_slug}"),
            ("a", "cseckg:Organisation"),
            ("schema:name", lit(f"Synthetic Organisation {n}", "en")),
            ("schema:alternateName", lit(f"SO{n}")),
            ("cseckg:mission", lit(f"Synthetic mission statement {n}: {self.filler()}.", "en")),
            ("cseckg:memberCount", typed(str(self.rng.randint(5, 120)), "xsd:nonNegativeInteger")),
            ("cseckg:countryCount", typed(str(self.rng.randint(2, 90)), "xsd:nonNegativeInteger")),
            ("cseckg:countsStatedIn", statement_source),
            ("cseckg:countsStatedOn", CHECKED),
            ("schema:foundingDate", typed(str(1950 + n % 70), "xsd:gYear")),
        )
        return org

    def value(self, org: str, org_slug: str, n: int, provision: str) -> None:
        value = self.g.add(
            iri(f"organisation/{org_slug}/value/synthetic-value-{n}"),
            ("a", "cseckg:OrganisationalValue"),
            ("rdfs:label", lit(f"Synthetic value {n}", "en")),
            ("cseckg:text", self.text("value", "en")),
            ("cseckg:basedOn", provision),
            *self.verified(f"organisation/{org_slug}"),
        )
        self.g.add(org, ("cseckg:hasValue", value))

    def event(self, n: int) -> str:
        start = self.date(1990)
        return self.g.add(
            iri(f"event/synthetic-event-{n}"),
            ("a", "cseckg:Event"),
            ("schema:name", lit(f"Synthetic Congress {n}", "en")),
            ("schema:location", lit(f"Synthetic City {n}", "en")),
            ("schema:startDate", typed(start.isoformat(), "xsd:date")),
            ("schema:endDate", typed((start + dt.timedelta(days=3)).isoformat(), "xsd:date")),
        )

    # ------------------------------------------------------------ instruments

    def instrument(self, n: int, org: str, event: str, previous: str | None) -> str:
        kind = self.rng.choice(list(KINDS))
        adopted = self.date(1980)
        inst = iri(f"instrument/synthetic-instrument-{n}")
        self.g.add(
            inst,
            ("a", "cseckg:Instrument"),
            ("rdfs:label", lit(f"Synthetic Instrument {n}", "en")),
            ("dcterms:title", lit(f"Synthetic Instrument {n} on benchmark data", "en")),
            ("dcterms:title", lit(f"Instrument synthétique {n} sur des données de test", "fr")),
            ("dcterms:alternative", lit(f"SYN-{n}", "en")),
            ("dcterms:identifier", lit(f"SYN/{n}")),
            ("cseckg:instrumentKind", "cseckg:Code" if national(n) else kind),
            ("cseckg:bindingForce", "cseckg:NationalLaw" if national(n) else KINDS[kind]),
            ("cseckg:jurisdiction", iri(f"jurisdiction/{jurisdiction(n, kind)}")),
            ("eli:date_document", typed(adopted.isoformat(), "xsd:date")),
            ("schema:locationCreated", lit(f"Synthetic City {n}", "en")),
            ("cseckg:officialText", f"<{SOURCE}instrument/{n}>"),
            ("cseckg:adoptedBy", org),
        )
        if KINDS[kind] == "cseckg:BindingTreatyLaw" and not national(n):
            in_force = adopted + dt.timedelta(days=self.rng.randint(200, 900))
            in_force_date = typed(in_force.isoformat(), "xsd:date")
            self.g.add(inst, ("eli:first_date_entry_in_force", in_force_date))
        if KINDS[kind] in ("cseckg:BindingTreatyLaw", "cseckg:EULaw") and not national(n):
            self.citation_gaps(inst, kind)
        if kind == "cseckg:Protocol" and previous and not national(n):
            self.g.add(inst, ("cseckg:supplements", previous))
        if kind == "cseckg:Declaration" and not national(n):
            self.g.add(inst, ("cseckg:adoptedAt", event))
            self.g.add(event, ("cseckg:adopted", inst))
        return inst

    def citation_gaps(self, inst: str, kind: str) -> None:
        """The citation facts the checks ask of a treaty or an EU act, each recorded as missing
        with a reason (a synthetic graph has no treaty series or Official Journal)."""
        wanted = ["cseckg:citationReference"]
        if KINDS[kind] == "cseckg:BindingTreatyLaw":
            wanted += ["cseckg:openedForSignatureOn", "cseckg:openedForSignatureAt"]
        else:
            wanted += ["eli:first_date_entry_in_force"]
            if kind == "cseckg:Directive":
                wanted.append("cseckg:transpositionDeadline")
        for prop in wanted:
            slug = re.sub(r"(?<!^)(?=[A-Z])", "-", prop.split(":")[1]).replace("_", "-").lower()
            self.g.add(
                f"<{inst[1:-1]}/missing/{slug}>",
                ("a", "cseckg:MissingData"),
                ("cseckg:missingDataOf", inst),
                ("cseckg:missingProperty", prop),
                ("cseckg:reason", lit("Synthetic benchmark data: not recorded.", "en")),
            )

    def provisions(self, inst: str, n: int) -> list[tuple[str, str]]:
        """Articles, paragraphs and letters with their texts; returns (IRI, path) of each."""
        made = []
        for art in range(1, self.rng.randint(6, 14) + 1):
            made += self.provision(inst, n, inst, f"art-{art}", str(art), f"art. {art}")
            if self.rng.random() < 0.5:
                continue
            for para in range(1, self.rng.randint(1, 3) + 1):
                path = f"art-{art}/para-{para}"
                label = f"art. {art}({para})"
                article = iri(f"instrument/synthetic-instrument-{n}/art-{art}")
                made += self.provision(inst, n, article, path, str(para), label)
                if self.rng.random() < 0.6:
                    continue
                for letter in "abc"[: self.rng.randint(1, 3)]:
                    parent = iri(f"instrument/synthetic-instrument-{n}/{path}")
                    made += self.provision(
                        inst, n, parent, f"{path}/{letter}", letter, f"{label}({letter})"
                    )
        return made

    def provision(
        self, inst: str, n: int, parent: str, path: str, number: str, label: str
    ) -> list[tuple[str, str]]:
        prov = iri(f"instrument/synthetic-instrument-{n}/{path}")
        self.g.add(
            prov,
            ("a", "cseckg:Provision"),
            ("rdfs:label", lit(f"SYN-{n} {label}", "en")),
            ("eli:is_part_of", parent),
            ("eli:number", lit(number)),
            ("cseckg:inInstrument", inst),
        )
        extra = [lang for lang, p in (("fr", 0.6), ("de", 0.3)) if self.rng.random() < p]
        languages = ["en", *extra]
        for lang in languages:
            self.g.add(
                iri(f"instrument/synthetic-instrument-{n}/{path}/text/{lang}"),
                ("a", "cseckg:ProvisionText"),
                ("dcterms:language", lit(lang)),
                ("cseckg:text", self.text("provision", lang)),
                ("cseckg:textOf", prov),
                ("cseckg:statedBy", inst),
                ("cseckg:statedIn", inst),
                *self.verified(f"instrument/{n}/{path}"),
            )
        return [(prov, path)]

    # ------------------------------------------------------------ concepts and definitions

    def concept(self, inst: str, broader: str | None, provision: str) -> tuple[str, str, str]:
        """A concept with SKOS-XL labels; returns (concept, slug, its English alt label)."""
        self.concepts += 1
        c = self.concepts
        concept_slug = f"synthetic-concept-{c}"
        concept = iri(f"concept/{concept_slug}")
        self.g.add(concept, ("a", "skos:Concept"), ("a", "owl:Class"), ("skos:inScheme", SCHEME))
        if broader is None:
            self.g.add(
                concept,
                ("skos:topConceptOf", SCHEME),
                ("rdfs:subClassOf", self.rng.choice(TOP_CATEGORIES)),
            )
        else:
            self.g.add(concept, ("skos:broader", broader), ("rdfs:subClassOf", broader))
        alt = ""
        for lang, (pref_form, alt_form) in LABEL_FORMS.items():
            self.g.add(
                concept,
                (
                    "skosxl:prefLabel",
                    self.label(lang, pref_form.format(n=c), inst, provision, "cseckg:Preferred"),
                ),
            )
            if lang == "en" and self.rng.random() < 0.5:
                alt = self.label(
                    lang, alt_form.format(n=c), inst, provision, "cseckg:UseWithCaution"
                )
                self.g.add(concept, ("skosxl:altLabel", alt))
        return concept, concept_slug, alt

    def label(self, lang: str, form: str, source: str, provision: str, status: str) -> str:
        return self.g.add(
            iri(f"label/{lang}/{slug(form)}"),
            ("a", "skosxl:Label"),
            ("skosxl:literalForm", lit(form, lang)),
            ("cseckg:labelStatus", status),
            ("cseckg:statusSource", source),
            ("cseckg:usedIn", provision),
        )

    def definitions(self, inst: str, n: int, concept: str, provision: str, path: str) -> None:
        first = None
        for lang in ("en", "fr"):
            suffix = "" if lang == "en" else f"-{lang}"
            definition = self.g.add(
                iri(f"definition/synthetic-instrument-{n}-{path.replace('/', '-')}{suffix}"),
                ("a", "cseckg:Definition"),
                ("rdfs:label", lit(f"SYN-{n} {path} definition ({lang})", "en")),
                ("cseckg:text", self.text("definition", lang)),
                ("cseckg:defines", concept),
                ("cseckg:sourceTerm", lit(f"synthetic source term {self.concepts}", lang)),
                ("cseckg:sourceProvision", provision),
                ("cseckg:statedIn", inst),
                ("cseckg:statedBy", inst),
                ("cseckg:textRelation", self.rng.choice(("cseckg:Verbatim", "cseckg:Extract"))),
                *self.verified(f"instrument/{n}/{path}"),
            )
            first = first or definition
        self.g.add(concept, ("cseckg:preferredDefinition", first))

    def own_definition(
        self, org: str, org_slug: str, inst: str, concept: str, concept_slug: str, provision: str
    ) -> None:
        self.g.add(
            iri(f"definition/{org_slug}-{concept_slug}"),
            ("a", "cseckg:Definition"),
            ("cseckg:text", self.text("own definition", "en")),
            ("cseckg:defines", concept),
            ("cseckg:sourceTerm", lit(f"synthetic own term {self.concepts}", "en")),
            ("cseckg:relatedProvision", provision),
            ("cseckg:statedIn", inst),
            ("cseckg:statedBy", org),
            ("cseckg:textRelation", "cseckg:OwnWording"),
            ("cseckg:verificationStatus", "cseckg:Unverified"),
            (
                "skos:editorialNote",
                lit("Synthetic benchmark data: left unverified on purpose.", "en"),
            ),
        )

    def advice(self, n: int, inst: str, about: str, instead: str) -> None:
        advice = self.g.add(
            iri(f"advice/synthetic-advice-{n}"),
            ("a", "cseckg:TermAdvice"),
            ("cseckg:aboutLabel", about),
            ("cseckg:advisedStatus", "cseckg:UseWithCaution"),
            ("cseckg:advisedLabel", instead),
            ("cseckg:adviceOf", inst),
            ("cseckg:text", self.text("advice", "en")),
            *self.verified(f"advice/{n}"),
        )
        self.g.add(about, ("cseckg:statusSource", advice))

    # ------------------------------------------------------------ one instrument's bundle

    def bundle(self, n: int, org: str, org_slug: str, event: str, previous: str | None) -> str:
        inst = self.instrument(n, org, event, previous)
        provisions = self.provisions(inst, n)
        hosts = self.rng.sample(provisions, min(len(provisions), self.rng.randint(4, 8)))
        top = None
        for index, (provision, path) in enumerate(hosts):
            concept, concept_slug, alt = self.concept(inst, top, provision)
            top = top or concept
            self.definitions(inst, n, concept, provision, path)
            if alt:
                pref = iri(f"label/en/{slug(LABEL_FORMS['en'][0].format(n=self.concepts))}")
                self.advice(self.concepts, inst, alt, pref)
            if index == 0:
                self.g.add(org, ("cseckg:workAxis", concept))
                self.own_definition(org, org_slug, inst, concept, concept_slug, provision)
                self.value(org, org_slug, n, provision)
            if national(n):
                self.national_law(n, org, provision, path, concept, previous)
        if national(n) and previous is not None:
            self.bound(n, org, previous)
        return inst

    # ------------------------------------------------------------ national law

    def national_law(
        self, n: int, org: str, provision: str, path: str, concept: str, previous: str | None
    ) -> None:
        """How a national provision uses a concept, an age limit it sets and, where there is an
        earlier instrument, a sourced link to that instrument's first article."""
        name = f"synthetic-instrument-{n}-{path.replace('/', '-')}"
        words = lit("Synthetic provision text", "en")  # every English provision text opens so
        self.g.add(
            iri(f"use/{name}-{self.concepts}"),
            ("a", "cseckg:ConceptUse"),
            ("cseckg:inProvision", provision),
            ("cseckg:concept", concept),
            ("cseckg:useKind", "cseckg:Criminalises"),
            ("cseckg:matchStrength", "skos:closeMatch"),
            ("cseckg:words", words),
        )
        self.g.add(
            iri(f"condition/{name}-age-limit"),
            ("a", "cseckg:AgeLimit"),
            ("cseckg:setBy", provision),
            ("cseckg:aboutConcept", concept),
            ("cseckg:words", words),
            ("cseckg:age", typed(str(self.rng.choice((14, 15, 16, 18))), "xsd:integer")),
            ("cseckg:comparison", "cseckg:Under"),
            ("cseckg:ageOf", "cseckg:ProtectedPersonRole"),
        )
        if previous is None:
            return
        self.g.add(
            iri(f"link/{name}"),
            ("rdf:subject", provision),
            ("rdf:predicate", "cseckg:givesEffectTo"),
            ("rdf:object", previous[:-1] + "/art-1>"),
            ("a", "cseckg:LevelLink"),
            ("cseckg:text", self.text("link statement", "en")),
            ("cseckg:statedBy", org),
            *self.verified(f"link/{name}"),
        )

    def bound(self, n: int, org: str, previous: str) -> None:
        """A statement that the State of national instrument ``n`` is bound by ``previous``."""
        state = jurisdiction(n, "")
        self.g.add(
            iri(f"jurisdiction/{state}/bound-by/{previous[len(BASE) + 12 : -1]}"),
            ("a", "cseckg:BindingStatement"),
            ("cseckg:boundParty", iri(f"jurisdiction/{state}")),
            ("cseckg:boundBy", previous),
            ("cseckg:ratified", typed(str(self.date(1990).year), "xsd:gYear")),
            ("cseckg:text", self.text("binding statement", "en")),
            ("cseckg:statedBy", org),
            *self.verified(f"bound/{n}"),
        )


def generate(triples: int, seed: int = 1) -> Graph:
    """Instruments (with their organisation and event every ten) until ``triples`` is reached."""
    gen = Generator(seed)
    n, previous = 0, None
    org = org_slug = event = ""
    while gen.g.triples < triples:
        if n % 10 == 0:
            source = iri(f"instrument/synthetic-instrument-{n}")
            org = gen.organisation(n // 10, source)
            org_slug = f"synthetic-organisation-{n // 10}"
            event = gen.event(n // 10)
        previous = gen.bundle(n, org, org_slug, event, previous)
        n += 1
    return gen.g


def size_name(triples: int) -> str:
    for unit, factor in (("m", 1_000_000), ("k", 1000)):
        if triples >= factor and triples % factor == 0:
            return f"{triples // factor}{unit}"
    return str(triples)


def write(graph: Graph, out: Path) -> None:
    """Write to a temporary file, then rename: never a half-written graph."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".ttl.partial")
    with partial.open("w", encoding="utf-8") as stream:
        stream.writelines(graph.turtle())
    partial.replace(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--triples", type=int, default=10_000, help="about how many triples")
    parser.add_argument("--out", type=Path, default=Path("bench/out"), help="output folder")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    graph = generate(args.triples, args.seed)
    out = args.out / f"synthetic-{size_name(args.triples)}.ttl"
    write(graph, out)
    print(f"{out}: {graph.triples} triples, {len(graph.resources)} resources", file=sys.stderr)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
