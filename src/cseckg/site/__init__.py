"""HTML pages, RDF descriptions and pictures of the graph, shared by ``cseckg serve`` (the
:mod:`cseckg.server` application) and ``cseckg site`` (static files): :mod:`.paths` maps IRIs
to paths, :mod:`.describe` gives a resource's RDF description, :mod:`.data` and :mod:`.indexes`
read what pages show, :mod:`.pages` renders them, :mod:`.svg` draws the pictures, :mod:`.void`
describes the dataset and :mod:`.static_site` writes the static copy."""
