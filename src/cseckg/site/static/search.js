// cseckg static search: the prebuilt index (search-index.json, written by cseckg.fulltext.static)
// searched in the browser with the server's rules: the same query language, documents, fields,
// weights, BM25 (k1 1.2, b 0.75), boosts and snippets. Query words are analysed by looking them
// up in the index's word forms (the server's Snowball analysis of every word of the graph); a word
// the graph does not contain in any language takes the longest known term (3 letters or more)
// that begins it. No typo correction.
(function () {
  "use strict";

  var WORD = /[\p{L}\p{N}]+/gu;
  var WIDTH = 240, BEFORE = 60;

  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function words(text) { return text.match(WORD) || []; }

  // ---- the query language (cseckg/fulltext/syntax.py) ----
  function SyntaxProblem(message) { this.message = "bad query: " + message; }

  function parse(text) {
    var items = [], chunk = /(-?)"([^"]*)("?)(\*?)|(\S+)/g, m;
    while ((m = chunk.exec(text)) !== null) {
      if (m[5] === undefined) {
        if (!m[3]) throw new SyntaxProblem("a quotation mark is not closed: write \"sale of children\"");
        if (m[4]) throw new SyntaxProblem("\"*\" ends a word, not a phrase: write exploit*");
        var phrase = words(m[2]);
        if (!phrase.length) throw new SyntaxProblem("an empty phrase \"\"");
        items.push({ alternatives: [{ words: phrase, prefix: false }], excluded: Boolean(m[1]) });
      } else if (m[5] === "OR") {
        items.push("OR");
      } else {
        var clause = parseChunk(m[5]);
        if (clause) items.push(clause);
      }
    }
    var clauses = [], joining = false;
    items.forEach(function (item, n) {
      if (item === "OR") {
        [items[n - 1], items[n + 1]].forEach(function (side) {
          if (!side || side === "OR" || side.excluded) throw new SyntaxProblem("OR needs a term on each side: a OR b");
        });
        joining = true;
      } else if (joining) {
        clauses[clauses.length - 1].alternatives = clauses[clauses.length - 1].alternatives.concat(item.alternatives);
        joining = false;
      } else {
        clauses.push(item);
      }
    });
    if (!clauses.length) throw new SyntaxProblem("nothing to search for");
    if (clauses.every(function (c) { return c.excluded; })) {
      throw new SyntaxProblem("it only excludes words (-word); add a word to look for");
    }
    return clauses;
  }

  function parseChunk(chunk) {
    var excluded = chunk.charAt(0) === "-" && chunk.length > 1;
    var body = excluded ? chunk.slice(1) : chunk;
    if (body.charAt(0) === "\"") throw new SyntaxProblem("a quotation mark is not closed: write \"sale of children\"");
    var prefix = body.slice(-1) === "*";
    if (body.replace(/\*+$/, "").indexOf("*") !== -1 || body.slice(-2) === "**") {
      throw new SyntaxProblem("\"*\" must end a word; write exploit*");
    }
    var found = words(body);
    if (!found.length) {
      if (prefix) throw new SyntaxProblem("\"*\" must follow at least 2 letters: write exploit*");
      return null;
    }
    if (prefix && (found.length > 1 || found[0].length < 2)) {
      throw new SyntaxProblem("a prefix is one word of at least 2 letters");
    }
    return { alternatives: [{ words: found, prefix: prefix }], excluded: excluded };
  }

  function plain(clauses) {
    return clauses.every(function (c) {
      return !c.excluded && c.alternatives.length === 1 && c.alternatives[0].words.length === 1 && !c.alternatives[0].prefix;
    });
  }

  // ---- the index ----
  function Index(data) {
    var self = this;
    this.data = data;
    this.docs = data.docs;
    this.folded = {};  // language -> folded word -> term, for words typed without accents
    this.terms = {};  // language -> sorted distinct terms, for the longest-term fallback
    data.languages.forEach(function (code) {
      var forms = data.forms[code], folded = {}, terms = {};
      Object.keys(forms).forEach(function (w) { folded[fold(w)] = forms[w]; terms[forms[w]] = true; });
      self.folded[code] = folded;
      self.terms[code] = Object.keys(terms).filter(Boolean);
    });
    this.postings = {};  // field -> term -> [[doc, tf], ...]
    this.lengths = {};  // field -> total tokens
    this.tokens = this.docs.map(function (doc, d) {
      var fields = {};
      Object.keys(doc.texts).forEach(function (field) {
        var code = field.slice(field.lastIndexOf("_") + 1);
        fields[field] = doc.texts[field].map(function (text) {
          return words(text).map(function (w) { return data.forms[code][w.toLowerCase()] || ""; });
        });
        self.count(field, d, [].concat.apply([], fields[field]));
      });
      self.count("key", d, doc.keys);
      return fields;
    });
  }

  Index.prototype.count = function (field, d, terms) {
    var postings = this.postings[field] || (this.postings[field] = {}), tf = {};
    terms.forEach(function (t) { tf[t] = (tf[t] || 0) + 1; });
    Object.keys(tf).forEach(function (t) { (postings[t] || (postings[t] = [])).push([d, tf[t]]); });
    this.lengths[field] = (this.lengths[field] || 0) + terms.length;
  };

  Index.prototype.idf = function (field, term) {
    var n = ((this.postings[field] || {})[term] || []).length, total = this.docs.length;
    return Math.log(1 + (total - n + 0.5) / (n + 0.5));
  };

  Index.prototype.bm25 = function (field, d, idf, tf) {
    var p = this.data.bm25, average = this.lengths[field] / this.docs.length;
    var length = field === "key" ? this.docs[d].keys.length : [].concat.apply([], this.tokens[d][field] || []).length;
    return idf * tf * (p.k1 + 1) / (tf + p.k1 * (1 - p.b + p.b * length / average));
  };

  Index.prototype.analyse = function (term, code) {
    if (!term.prefix) {
      var terms = term.words.map(function (w) { return this.termOf(w, code); }, this);
      return terms.every(Boolean) ? [terms] : [];
    }
    var start = fold(term.words[0]), forms = this.data.forms[code], found = {};
    Object.keys(forms).forEach(function (w) {
      if (fold(w).indexOf(start) === 0 && forms[w]) found[forms[w]] = true;
    });
    return Object.keys(found).sort().slice(0, this.data.expansions).map(function (t) { return [t]; });
  };

  Index.prototype.termOf = function (word, code) {
    // a word typed without accents may stand for one written with them, not the other way round
    var lower = word.toLowerCase(), bare = lower === fold(lower);
    var known = this.data.forms[code][lower] || (bare ? this.folded[code][lower] : "");
    if (known) return known;
    var folded = fold(lower), best = "";
    if (this.data.languages.some(function (c) { return this.data.forms[c][lower] || this.folded[c][folded]; }, this)) {
      return folded;  // a word of the graph in another language: no stem to guess
    }
    this.terms[code].forEach(function (t) {
      if (t.length >= 3 && t.length > best.length && folded.indexOf(t) === 0) best = t;
    });
    return best || folded;
  };

  // the score of one term sequence in one field of document d (0: no match)
  Index.prototype.fieldScore = function (field, d, terms) {
    var values = this.tokens[d][field];
    if (!values) return 0;
    var tf = 0;
    values.forEach(function (tokens) {
      for (var i = 0; i + terms.length <= tokens.length; i++) {
        var all = true;
        for (var j = 0; j < terms.length && all; j++) all = tokens[i + j] === terms[j];
        if (all) tf++;
      }
    });
    if (!tf) return 0;
    var idf = 0;
    terms.forEach(function (t) { idf += this.idf(field, t); }, this);
    var kind = field.slice(0, field.lastIndexOf("_"));
    return this.data.weights[kind] * this.bm25(field, d, idf, tf);
  };

  Index.prototype.clauseScore = function (clause, codes, d, wanted) {
    var score = 0, self = this;
    clause.alternatives.forEach(function (term) {
      codes.forEach(function (code) {
        var analysed = self.analyse(term, code);
        if (wanted) analysed.forEach(function (ts) { ts.forEach(function (t) { (wanted[code] = wanted[code] || {})[t] = true; }); });
        Object.keys(self.data.weights).forEach(function (kind) {
          analysed.forEach(function (terms) { score += self.fieldScore(kind + "_" + code, d, terms); });
        });
      });
    });
    return score;
  };

  Index.prototype.search = function (text, filters) {
    var clauses = parse(text), self = this, wanted = {};
    var codes = filters.lang ? [this.language(filters.lang)] : this.data.languages;
    var results = [];
    this.docs.forEach(function (doc, d) {
      if (filters.kind && doc.kind !== filters.kind) return;
      if (filters.lang && !doc.langs.some(function (t) { return t === filters.lang || t.indexOf(filters.lang + "-") === 0; })) return;
      var total = 0;
      for (var c = 0; c < clauses.length; c++) {
        var s = self.clauseScore(clauses[c], codes, d, clauses[c].excluded ? null : wanted);
        if (clauses[c].excluded ? s > 0 : s === 0) return;
        total += s;
      }
      total += self.closeness(clauses, codes, d);
      results.push({ doc: doc, d: d, score: total * Math.log2(2 + (self.data.boost[doc.kind] || 0)) });
    });
    results.sort(function (a, b) { return b.score - a.score || a.d - b.d; });
    return { hits: results, wanted: wanted };
  };

  Index.prototype.closeness = function (clauses, codes, d) {
    if (!plain(clauses)) return 0;
    var typed = clauses.map(function (c) { return c.alternatives[0].words[0]; });
    var key = fold(typed.join(" ")).replace(/[^\p{L}\p{N}]+/gu, " ").trim(), score = 0;
    var tf = this.docs[d].keys.indexOf(key) === -1 ? 0 : 1;
    if (tf) score += this.data.exactLabel * this.bm25("key", d, this.idf("key", key), tf);
    if (typed.length > 1) {
      var phrase = { alternatives: [{ words: typed, prefix: false }], excluded: false };
      score += this.data.phrase * this.clauseScore(phrase, codes, d, null);
    }
    return score;
  };

  Index.prototype.language = function (tag) {
    var primary = tag.split("-")[0].toLowerCase();
    return this.data.languages.indexOf(primary) !== -1 && primary !== "xx" ? primary : "xx";
  };

  // ---- snippets (cseckg/fulltext/snippets.py) ----
  function snippet(index, hit, wanted) {
    var textKinds = { "definition": 1, "provision": 1, "terminology advice": 1, "value": 1 };
    var order = textKinds[hit.doc.kind] ? ["definition", "provision", "note", "label"] : ["label", "definition", "provision", "note"];
    var chosen = null;
    order.forEach(function (kind, rank) {
      index.data.languages.forEach(function (code) {
        (hit.doc.texts[kind + "_" + code] || []).forEach(function (stored) {
          var text = stored.split(/\s+/).filter(Boolean).join(" ");
          var marks = [], seen = {}, m, terms = wanted[code] || {};
          WORD.lastIndex = 0;
          while ((m = WORD.exec(text)) !== null) {
            if (terms[index.data.forms[code][m[0].toLowerCase()]]) {
              marks.push([m.index, m.index + m[0].length]);
              seen[m[0].toLowerCase()] = true;
            }
          }
          var key = [-Object.keys(seen).length, rank];
          if (!chosen || key[0] < chosen.key[0] || (key[0] === chosen.key[0] && key[1] < chosen.key[1])) {
            chosen = { key: key, text: text, marks: marks, lang: code, field: kind };
          }
        });
      });
    });
    return chosen ? cut(chosen) : null;
  }

  function cut(chosen) {
    var text = chosen.text, marks = chosen.marks;
    if (text.length <= WIDTH) return { text: text, marks: marks, lang: chosen.lang, field: chosen.field };
    var anchor = 0, most = 0;
    marks.forEach(function (m) {
      var n = marks.filter(function (x) { return x[0] >= m[0] && x[1] <= m[0] + WIDTH - BEFORE; }).length;
      if (n > most) { most = n; anchor = m[0]; }
    });
    var start = 0;
    if (anchor > BEFORE) { var space = text.indexOf(" ", anchor - BEFORE); start = space === -1 ? anchor - BEFORE : space + 1; }
    var end = Math.min(text.length, start + WIDTH);
    if (end < text.length) { var back = text.lastIndexOf(" ", end - 1); if (back > 0) end = back; }
    var head = start ? "…" : "", shift = head.length - start;
    return {
      text: head + text.slice(start, end) + (end < text.length ? "…" : ""),
      marks: marks.filter(function (m) { return m[0] >= start && m[1] <= end; }).map(function (m) { return [m[0] + shift, m[1] + shift]; }),
      lang: chosen.lang,
      field: chosen.field
    };
  }

  // ---- the page ----
  function show(list, status, index, found, query) {
    var shown = found.hits.slice(0, 50);
    status.textContent = found.hits.length + (found.hits.length === 1 ? " result" : " results") + " for “" + query + "”" +
      (shown.length < found.hits.length ? ", the best " + shown.length + " shown." : ".");
    shown.forEach(function (hit) {
      var item = document.createElement("li"), link = document.createElement("a"), kind = document.createElement("small");
      link.href = hit.doc.path; link.textContent = hit.doc.label;
      kind.textContent = " (" + hit.doc.kind + ")";
      item.appendChild(link); item.appendChild(kind);
      var passage = snippet(index, hit, found.wanted);
      if (passage && passage.text) item.appendChild(paragraph(passage, hit.doc));
      list.appendChild(item);
    });
  }

  function paragraph(passage, doc) {
    var p = document.createElement("p"), last = 0;
    p.className = "snippet";
    if (passage.lang !== "xx") p.lang = passage.lang;
    if (doc.unverified && passage.field !== "label") {
      var flag = document.createElement("strong"); flag.textContent = "[UNVERIFIED, not a quote] ";
      p.appendChild(flag);
    }
    passage.marks.forEach(function (m) {
      p.appendChild(document.createTextNode(passage.text.slice(last, m[0])));
      var mark = document.createElement("mark"); mark.textContent = passage.text.slice(m[0], m[1]);
      p.appendChild(mark); last = m[1];
    });
    p.appendChild(document.createTextNode(passage.text.slice(last)));
    return p;
  }

  function run() {
    var list = document.getElementById("static-hits"), status = document.getElementById("static-status");
    if (!list || document.body.dataset.server === "yes") return;
    var params = new URLSearchParams(window.location.search), query = params.get("q") || "";
    if (!query.trim()) return;
    fetch("/search-index.json").then(function (r) { return r.json(); }).then(function (data) {
      var index = new Index(data);
      window.cseckgSearch = function (text, filters) { return index.search(text, filters || {}).hits.map(function (h) { return h.doc.iri; }); };
      status.hidden = false;
      try {
        var found = index.search(query, { kind: params.get("kind"), lang: params.get("lang") });
        show(list, status, index, found, query);
        list.hidden = false;
        document.getElementById("static-note").hidden = false;
      } catch (problem) {
        if (!(problem instanceof SyntaxProblem)) throw problem;
        status.textContent = problem.message; status.setAttribute("role", "alert");
      }
    }).catch(function () { status.hidden = false; status.textContent = "The search index could not be loaded."; });
  }

  run();
})();
