"""SPARQL queries in worker processes that can be killed: every query bounded in time and size.

A pool of ``spawn``-started processes (fresh interpreters: the server's threads and open store
are not inherited) each open the compiled store read-only (:func:`cseckg.store.open_graph`) and
answer one query at a time over a pipe. The server waits for an answer for at most ``timeout``
seconds; past that it kills the worker (the work is stopped, not abandoned), starts a
replacement and tells the client 503 with ``Retry-After`` (SPARQL 1.1 Protocol, section 2.1.5
leaves the failure status to HTTP; RFC 9110, section 15.6.4). A worker also refuses a result of
more than ``max_rows`` rows or triples (the client gets 413, never a silently cut 200) and caps
its own address space, so a query that would exhaust memory ends that worker only.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cseckg.sparql.results import Term


@dataclass(frozen=True)
class Answer:
    """What a worker sent back: ``ok`` (``body`` in ``media_type``), ``syntax`` (malformed,
    ``message`` has line and column), ``too-large``, ``error``, ``timeout`` or ``died``."""

    status: str
    media_type: str = ""
    body: bytes = b""
    message: str = ""


@dataclass(frozen=True)
class Job:
    text: str
    substitutions: Mapping[str, Term]
    format_name: str  # a result format (json, xml, csv, tsv) or an RDF format name
    media_type: str
    max_rows: int


class Worker:
    """One child process and the parent's end of its pipe."""

    def __init__(self, files: Sequence[Path], memory_mb: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child_end = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child_end, tuple(files), memory_mb), daemon=True
        )
        self.process.start()
        child_end.close()

    def ask(self, job: Job, timeout: float) -> Answer:
        """Send ``job`` and wait for at most ``timeout`` seconds (runs in a thread)."""
        try:
            self.conn.send(job)
            if not self.conn.poll(timeout):
                return Answer("timeout")
            return self.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            return Answer("died")

    def wait_ready(self, timeout: float) -> bool:
        """The worker says ``ready`` once its store is open."""
        try:
            return self.conn.poll(timeout) and self.conn.recv() == "ready"
        except (EOFError, OSError):
            return False

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class Pool:
    """``size`` workers; a query waits for an idle one, runs, and the worker goes back, or is
    replaced when it timed out or died."""

    def __init__(self, files: Sequence[Path], size: int = 2, memory_mb: int = 2048) -> None:
        self.files, self.size, self.memory_mb = tuple(files), size, memory_mb
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.replaced = 0  # workers killed and replaced: reported by /health for the tests

    async def start(self) -> None:
        workers = await asyncio.gather(*(asyncio.to_thread(self._new) for _ in range(self.size)))
        for worker in workers:
            self.idle.put_nowait(worker)

    def _new(self) -> Worker:
        worker = Worker(self.files, self.memory_mb)
        if not worker.wait_ready(120):
            worker.stop()
            raise RuntimeError("a SPARQL worker did not start")
        return worker

    async def run(self, job: Job, timeout: float) -> Answer:
        try:
            worker = await asyncio.wait_for(self.idle.get(), timeout)
        except TimeoutError:
            return Answer("busy")
        answer = await asyncio.to_thread(worker.ask, job, timeout)
        if answer.status in ("timeout", "died"):
            self.replaced += 1
            asyncio.get_running_loop().create_task(self._replace(worker))
        else:
            self.idle.put_nowait(worker)
        return answer

    async def _replace(self, worker: Worker) -> None:
        await asyncio.to_thread(worker.stop)
        self.idle.put_nowait(await asyncio.to_thread(self._new))

    async def close(self) -> None:
        while not self.idle.empty():
            await asyncio.to_thread(self.idle.get_nowait().stop)


def _serve(conn, files, memory_mb) -> None:  # pragma: no cover (runs in the child)
    """The worker's loop: open the store, say ready, answer jobs until the pipe closes."""
    import resource

    from cseckg import store

    with contextlib.suppress(ValueError, OSError):
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    loaded = store.open_graph(files)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(execute(loaded, job))


def execute(loaded, job: Job) -> Answer:
    """Run one job on the graph (a stored answer when there is one, see :mod:`cseckg.answers`);
    every failure becomes an :class:`Answer`, never an exception."""
    import pyoxigraph as ox

    from cseckg import answers
    from cseckg.sparql import local, results

    bound = {ox.Variable(name): term for name, term in job.substitutions.items()}
    try:
        answer = answers.query(loaded.store, job.text, bound, loaded.location)
        result = _materialise(answer, job.max_rows)
        if result is None:
            return Answer("too-large", message=f"the result has more than {job.max_rows} rows")
        name = _format(result, job)
        return Answer("ok", _media_type(name), results.serialize(result, name))
    except SyntaxError as err:
        return Answer("syntax", message=local.syntax_message("query", str(err)))
    except MemoryError:
        return Answer("too-large", message="the query needed more memory than a worker has")
    except (RuntimeError, ValueError, OSError) as err:
        return Answer("error", message=f"query: the query cannot run: {' '.join(str(err).split())}")


def _materialise(answer, max_rows: int):
    """The first ``max_rows`` rows or triples as a QueryResult; None when there are more."""
    import itertools

    import pyoxigraph as ox

    from cseckg.sparql.results import QueryResult

    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    items = list(itertools.islice(answer, max_rows + 1))
    if len(items) > max_rows:
        return None
    if isinstance(answer, ox.QuerySolutions):
        names = tuple(v.value for v in answer.variables)
        return QueryResult("select", names, tuple(tuple(s[n] for n in names) for s in items))
    return QueryResult("graph", triples=tuple(items))


def _format(result, job: Job) -> str:
    """The job's format when it fits the result's kind, else that kind's default."""
    from cseckg import formats
    from cseckg.sparql.results import RESULT_BY_NAME

    if result.kind == "graph":
        return job.format_name if job.format_name in formats.BY_NAME else "turtle"
    return job.format_name if job.format_name in RESULT_BY_NAME else "json"


def _media_type(name: str) -> str:
    from cseckg import formats
    from cseckg.sparql.results import RESULT_BY_NAME

    found = RESULT_BY_NAME.get(name) or formats.BY_NAME[name]
    return found.media_type
