"""Full-text search over the graph: a Tantivy index built with the compiled store.

* :mod:`~cseckg.fulltext.analysis`: fields, weights and the per-language analysers;
* :mod:`~cseckg.fulltext.documents`: the documents, gathered from the compiled store;
* :mod:`~cseckg.fulltext.index`: writing the index into the store's cache entry, opening it;
* :mod:`~cseckg.fulltext.syntax`: the query language (words, "phrases", prefix*, OR, -word);
* :mod:`~cseckg.fulltext.engine`: a parsed query as a Tantivy query, filters, ranking;
* :mod:`~cseckg.fulltext.snippets`: the highlighted passage shown with each hit;
* :mod:`~cseckg.fulltext.static`: the same documents and analysis as JSON for the static site.

Only this package imports ``tantivy``, and only when a search runs or an index is built.
"""

# Part of the compiled store's fingerprint: change it when the documents, the fields or the
# analysis change, so that every cached index is rebuilt.
SCHEMA = "fulltext-1"
FOLDER = "fulltext"  # the index's folder inside the compiled store's cache entry
