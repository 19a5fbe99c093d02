"""Running a query on the compiled local store, in this process or in a child that can be killed.

Parameters are bound with pyoxigraph's ``substitutions`` (SEP-0007): the query text is run
unchanged and each bound variable is replaced by an RDF term before evaluation, so a value can
never become SPARQL syntax. pyoxigraph requires a substituted variable of a SELECT query to be in
its projection; when it is not, the query is refused in one line (no rewriting of the query).

With a time limit the query runs in a child process started with the ``spawn`` method (a fresh
interpreter: the parent's open RocksDB store and its threads are not inherited); the child opens
the compiled store read-only itself and sends back the materialised result, and the parent kills
it when the time is up, so the work is stopped, not abandoned.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from cseckg import answers
from cseckg.errors import EXIT_TIMEOUT, CseckgError, InputError
from cseckg.sparql.results import QueryResult, Term, from_oxigraph

if TYPE_CHECKING:
    from cseckg.graph import LoadedGraph

_POSITION = re.compile(r"error at (\d+):(\d+):\s*")


class QueryTimeout(CseckgError):
    """The query did not finish within its time limit (exit code 4)."""

    exit_code = EXIT_TIMEOUT


def execute(
    loaded: LoadedGraph, text: str, substitutions: Mapping[str, Term], source: str
) -> QueryResult:
    """Run ``text`` on the graph and materialise the answer (a stored one when the compiled store
    keeps it, see :mod:`cseckg.answers`); errors become one line."""
    bound = {ox.Variable(name): term for name, term in substitutions.items()}
    try:
        return from_oxigraph(answers.query(loaded.store, text, bound, loaded.location))
    except SyntaxError as err:
        raise InputError(syntax_message(source, str(err))) from None
    except RuntimeError as err:
        raise InputError(_runtime_message(source, str(err), substitutions)) from None
    except (OSError, ValueError) as err:
        raise InputError(f"{source}: the query failed: {_one_line(str(err))}") from None


def syntax_message(source: str, message: str) -> str:
    """``source:line:col: malformed query: reason`` from pyoxigraph's ``error at L:C: reason``."""
    match = _POSITION.search(message)
    if not match:
        return f"{source}: malformed query: {_one_line(message)}"
    line, column = match.groups()
    return f"{source}:{line}:{column}: malformed query: {_one_line(message[match.end() :])}"


def _runtime_message(source: str, message: str, substitutions: Mapping[str, Term]) -> str:
    if "SELECT projection" in message:
        found = re.search(r"\?(\w+) in its SELECT projection", message)
        name = found.group(1) if found else "variable"
        return (
            f"{source}: --bind {name}: ?{name} must be listed in the SELECT clause "
            "(parameters are substituted as RDF terms, SEP-0007, which needs it projected)"
        )
    return f"{source}: the query cannot run: {_one_line(message)}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def run(
    text: str,
    substitutions: Mapping[str, Term],
    *,
    source: str,
    timeout: float | None = None,
) -> QueryResult:
    """Run on the shipped graph's compiled store; in a killable child when ``timeout`` is set."""
    from cseckg import resources, store

    if timeout is None:
        return execute(store.shipped(), text, substitutions, source)
    files = tuple(resources.graph_files())
    store.shipped()  # build the compiled store here, once, so the child only reopens it
    return _run_in_child(text, dict(substitutions), source, timeout, files)


def _run_in_child(
    text: str, substitutions: dict, source: str, timeout: float, files: Sequence[Path]
) -> QueryResult:
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(sender, files, text, substitutions, source), daemon=True
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryTimeout(f"{source}: the query did not finish within {timeout:g} s; stopped")
        status, payload = receiver.recv()
    except EOFError:
        child.join(1)
        raise InputError(
            f"{source}: the query process ended (exit code {child.exitcode})"
        ) from None
    finally:
        if child.is_alive():  # timed out, or done and still closing: either way, stop it
            child.kill()
        child.join()
        receiver.close()
    if status == "ok":
        return payload
    message, code = payload
    error = CseckgError(message)
    error.exit_code = code
    raise error


def _child(sender, files, text, substitutions, source) -> None:  # pragma: no cover (child)
    """Entry point of the child process: open the store read-only, run, send the answer."""
    from cseckg import store

    try:
        loaded = store.open_graph(files)
        sender.send(("ok", execute(loaded, text, substitutions, source)))
    except CseckgError as err:
        sender.send(("error", (err.message, err.exit_code)))
    except Exception as err:  # anything else still reaches the user as one line
        sender.send(("error", (f"{source}: the query failed: {_one_line(str(err))}", 2)))
    finally:
        sender.close()
