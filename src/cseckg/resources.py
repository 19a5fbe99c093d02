"""Where cseckg's data files live: the one module that knows.

In an installed wheel the Turtle, shapes and queries are package data under ``cseckg/data/``; in
a source checkout (editable install) they are the repository's own ``ontology/``, ``shapes/`` and
``queries/`` folders, so that editing them takes effect at once.
"""

from __future__ import annotations

import os
from pathlib import Path

from cseckg.errors import InputError

_PACKAGE_DATA = Path(__file__).resolve().parent / "data"
_CHECKOUT = Path(__file__).resolve().parents[2]

MODEL_FILE = "model.ttl"
MAPPING_SUFFIX = ".sssom.tsv"
GRAPH_SUFFIXES = (".ttl", ".nt", MAPPING_SUFFIX)


def data_root() -> Path:
    """The folder that holds ``ontology/``, ``shapes/`` and ``queries/``."""
    for root in (_PACKAGE_DATA, _CHECKOUT):
        if (root / "ontology" / MODEL_FILE).is_file() and (root / "shapes").is_dir():
            return root
    raise InputError("cseckg's data files were not found: the installation is incomplete")


def ontology_dir() -> Path:
    return data_root() / "ontology"


def shapes_dir() -> Path:
    return data_root() / "shapes"


def queries_dir() -> Path:
    return data_root() / "queries"


def checks_dir() -> Path:
    return queries_dir() / "checks"


def releases_dir() -> Path:
    """The committed release metadata: snapshots of earlier releases and every IRI released."""
    return data_root() / "releases"


def model_file() -> Path:
    return ontology_dir() / MODEL_FILE


def ontology_files() -> list[Path]:
    """Every Turtle file of the shipped graph, in a stable order."""
    return sorted(ontology_dir().rglob("*.ttl"))


def mapping_files() -> list[Path]:
    """The SSSOM mapping sets (``*.sssom.tsv``) from which the ``skos:*Match`` links derive."""
    return sorted(ontology_dir().rglob("*" + MAPPING_SUFFIX))


def shipped_files() -> list[Path]:
    """The shipped graph: the Turtle and the mapping sets."""
    return ontology_files() + mapping_files()


def graph_files() -> list[Path]:
    """The files read-only commands query: the shipped graph, or the model plus the files named
    in ``$CSECKG_GRAPH`` (``os.pathsep``-separated files or folders of ``.ttl``, ``.nt`` and
    ``.sssom.tsv`` files)."""
    chosen = os.environ.get("CSECKG_GRAPH")
    if not chosen:
        return shipped_files()
    files = [model_file()]
    for entry in filter(None, chosen.split(os.pathsep)):
        path = Path(entry)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.name.endswith(GRAPH_SUFFIXES)))
        else:
            files.append(path)
    return files


def shape_files() -> list[Path]:
    return sorted(shapes_dir().rglob("*.ttl"))


def check_files() -> list[Path]:
    return sorted(checks_dir().glob("*.rq"))


def query_files() -> list[Path]:
    """Named queries: ``queries/*.rq`` (the checks have a folder of their own)."""
    return sorted(queries_dir().glob("*.rq"))


def committed_turtle() -> list[Path]:
    """The hand-edited Turtle that ``cseckg fmt`` keeps canonical."""
    return ontology_files() + shape_files()
