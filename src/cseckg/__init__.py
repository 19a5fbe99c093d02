"""cseckg: the legal definitions of commercial sexual exploitation of children as a graph.

The public entry point is :mod:`cseckg.api`; the command line in :mod:`cseckg.cli` is a thin layer
over it.
"""

__version__ = "0.1.0"
