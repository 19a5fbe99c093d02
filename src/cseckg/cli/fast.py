"""A fast path for the read-only commands, taken before Typer is imported.

Importing Typer (with rich and pydantic) costs more than a whole ``trace`` on a compiled store.
For the plain forms of ``trace``, ``search``, ``show`` and ``compare`` (one argument and the
documented options) :func:`run` parses argv itself and calls the same API functions and the same
renderers as the Typer commands in :mod:`cseckg.cli.explore`; anything else (``--help``, an
unknown option, a missing argument) returns None and Typer handles it, with its usual messages.
A test runs both paths on the same arguments and compares their output.
"""

from __future__ import annotations

import dataclasses
import json
import sys

OPTIONS = {
    "trace": {"--format": "text|json", "-f": "text|json", "--jurisdiction": "any", "-j": "any"},
    "compare": {
        "--format": "text|json",
        "-f": "text|json",
        "--lang": "any",
        "--jurisdiction": "any",
        "-j": "any",
    },
    "search": {
        "--format": "text|json",
        "-f": "text|json",
        "--lang": "any",
        "--limit": "int",
        "--kind": "any",
        "--instrument": "any",
        "--jurisdiction": "any",
    },
    "show": {"--format": "text|json", "-f": "text|json"},
}


ALIASES = {"-f": "--format", "-j": "--jurisdiction"}


def parse(argv: list[str]) -> tuple[str, str, dict[str, str]] | None:
    """(command, argument, options) for a plain invocation, else None."""
    if not argv or argv[0] not in OPTIONS:
        return None
    command, allowed = argv[0], OPTIONS[argv[0]]
    positional: list[str] = []
    options: dict[str, str] = {}
    rest = iter(argv[1:])
    for word in rest:
        if word == "--":
            positional.extend(rest)
            break
        if word.startswith("-") and word != "-":
            name, eq, value = word.partition("=")
            if name not in allowed:
                return None
            value = value if eq else next(rest, None)  # type: ignore[assignment]
            if value is None or not _valid(allowed[name], value):
                return None
            options[ALIASES.get(name, name)] = value
        else:
            positional.append(word)
    if len(positional) != 1:
        return None
    return command, positional[0], options


def _valid(kind: str, value: str) -> bool:
    if kind == "int":
        return value.isdigit()
    return kind == "any" or value in kind.split("|")


def run(argv: list[str]) -> int | None:
    """Run a plain read-only command and return its exit code; None when Typer should."""
    parsed = parse(argv)
    if parsed is None:
        return None
    from cseckg import api
    from cseckg.cli import hits, render
    from cseckg.errors import CseckgError

    command, argument, options = parsed
    as_json = options.get("--format") == "json"
    try:
        if command == "trace":
            result = api.trace(argument, jurisdiction=options.get("--jurisdiction"))
            _emit(result, as_json, render.trace)
        elif command == "show":
            _emit(api.show(argument), as_json, render.resource)
        elif command == "compare":
            lang = options.get("--lang", "en")
            result = api.compare(
                argument,
                lang=None if lang == "all" else lang,
                jurisdiction=options.get("--jurisdiction"),
            )
            _emit(result, as_json, render.comparison)
        else:
            result = api.search(
                argument,
                lang=options.get("--lang"),
                limit=int(options.get("--limit", "20")),
                kind=options.get("--kind"),
                instrument=options.get("--instrument"),
                jurisdiction=options.get("--jurisdiction"),
            )
            _emit(result, as_json, hits.show)
            return 0 if result.hits else 1
    except CseckgError as err:
        print(f"cseckg: {err.message}", file=sys.stderr)
        return err.exit_code
    return 0


def _emit(result, as_json: bool, renderer) -> None:
    if as_json:
        print(json.dumps(dataclasses.asdict(result), indent=2, ensure_ascii=False))
    else:
        renderer(result)
