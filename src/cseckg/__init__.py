"""cseckg: the legal definitions of the commercial sexual exploitation of children as a knowledge graph.

The public entry point is :mod:`cseckg.api`; the command line in :mod:`cseckg.cli` is a thin layer
over it.
"""

__version__ = "0.1.0"
