"""``cseckg serve``: the graph on the web (install with ``pip install 'cseckg[serve]'``).

:func:`cseckg.server.app.create_app` builds the Starlette application: :mod:`.app` (IRIs and
content negotiation), :mod:`.pages` (index pages, VoID), :mod:`.queries` and :mod:`.sparql`
(the SPARQL 1.1 Protocol and the named-query JSON API), :mod:`.workers` (queries in killable
processes), :mod:`.cache` (rendered responses kept in memory) and :mod:`.responses` (headers and
error answers the routes share). :mod:`.limits` holds what clients may ask; :mod:`.middleware`
(per-client queries, body size) and :mod:`.connections` (timeouts, connection counts) enforce
it, and :mod:`.running` runs the application with uvicorn."""
