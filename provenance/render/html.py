"""The report as one self-contained HTML page: the source graph as a picture, every edge's
evidence side by side with word differences marked, the shared quotes, and each document's
text with what it shares highlighted.

Everything from the articles (text, titles, URLs, outlet names, ids) is untrusted. The page
is built here, in Python, with every such value escaped (`html.escape`, attributes quoted);
element ids are generated (`doc-3`, `edge-7`), never taken from the input; only http(s)
URLs become links. The page's one stylesheet and one script are constants shipped with
provenance, allowed by their hashes in a Content-Security-Policy that forbids everything
else: other scripts, inline event handlers, style attributes, network access, forms, frames.
The script only shows and hides what the page already holds (no HTML is built from data in
the browser). The graph is laid out here too (layers by derivation depth), so the same
report always gives the same page, byte for byte.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

from .. import __version__
from ..model import Document, Edge, Node, Passage, QuoteGroup, Report, Span
from ..quotegroups import diff_segments
from ..text import normalize_word
from .text import shared_fraction

_NODE_W, _NODE_H, _GAP_X, _GAP_Y, _PAD = 170, 46, 28, 90, 20
_LABEL_CHARS = 24
#: Documents named as sharing text with a document; the rest are counted (a phrase shared by
#: thousands of documents would otherwise list them all under each of them).
_PARTNERS_LISTED = 25
_PUNCT = ".,;:!?\"'“”‘’«»()[]…—–-"


_HIDDEN = ("Cc", "Cf", "Cs", "Co")
_SUSPECT = re.compile(r"[^\x20-\x7e\n\t]+")  # runs of what is not printable ASCII, tab or newline


def _visible(run: re.Match[str]) -> str:
    return "".join(ch for ch in run.group() if unicodedata.category(ch) not in _HIDDEN)


def esc(value: object) -> str:
    """Text safe inside an element or a double-quoted attribute; control and format
    characters (which could reorder what a reader sees) are dropped. (Only characters
    outside printable ASCII are looked up: a report holds millions of characters.)"""
    s = "" if value is None else str(value)
    return html.escape(_SUSPECT.sub(_visible, s), quote=True)


def safe_url(url: str | None) -> str | None:
    """The URL when it is an http(s) link, else None (javascript:, data:, relative, ...)."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in url):
        return None
    return url


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# --- the graph picture ----------------------------------------------------------------------

def _depths(ids: list[str], parents: dict[str, list[str]]) -> dict[str, int]:
    """Each node's layer: 0 without a parent, else one more than its deepest parent (longest
    path, in topological order, so long chains of copies need no recursion). Nodes on a cycle,
    which a decoded graph never has, go one below the parents placed before them."""
    children: dict[str, list[str]] = defaultdict(list)
    waiting = {n: 0 for n in ids}
    for child, ps in parents.items():
        for p in ps:
            children[p].append(child)
            waiting[child] += 1
    depth = dict.fromkeys(ids, 0)
    ready = deque(n for n in ids if waiting[n] == 0)
    done: set[str] = set()
    while ready or len(done) < len(ids):
        if not ready:  # a cycle: release its first node
            ready.append(next(n for n in ids if n not in done))
        n = ready.popleft()
        if n in done:
            continue
        done.add(n)
        for c in children[n]:
            depth[c] = max(depth[c], depth[n] + 1)
            waiting[c] -= 1
            if waiting[c] == 0:
                ready.append(c)
    return depth


def _positions(nodes: list[Node], edges: list[Edge]) -> dict[str, tuple[int, int]]:
    ids = sorted(n.id for n in nodes)
    parents: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        parents[e.target].append(e.source)
    depth = _depths(ids, parents)
    rows: dict[int, list[str]] = defaultdict(list)
    for n in ids:
        rows[depth[n]].append(n)
    order: dict[str, int] = {}

    def barycentre(n: str) -> tuple[float, str]:
        """Mean place of the parents laid out already (none: last), so fewer edges cross."""
        placed = [order[p] for p in parents[n] if p in order]
        return (sum(placed) / len(placed) if placed else float("inf"), n)

    for d in sorted(rows):
        rows[d].sort(key=barycentre)
        for k, n in enumerate(rows[d]):
            order[n] = k
    width = max((len(r) for r in rows.values()), default=1)
    pos = {}
    for d, row in rows.items():
        offset = (width - len(row)) * (_NODE_W + _GAP_X) // 2
        for k, n in enumerate(row):
            pos[n] = (_PAD + offset + k * (_NODE_W + _GAP_X), _PAD + d * (_NODE_H + _GAP_Y))
    return pos


def _node_lines(n: Node, docs: dict[str, Document]) -> tuple[str, str]:
    if n.kind == "document":
        d = docs.get(n.id)
        first = (d.outlet if d and d.outlet else "outlet unknown") + (f" · {d.published[:10]}" if d and d.published else "")
        return _short(first, _LABEL_CHARS), _short(n.id, _LABEL_CHARS)
    if n.kind == "outlet":
        return _short(n.label, _LABEL_CHARS), "outlet" + ("" if n.in_corpus else ", not in corpus")
    return _short(n.label, _LABEL_CHARS), "primary source"


#: Where along its edge a label may go (from the source), tried in turn; width of a character.
_LABEL_AT = (0.5, 0.35, 0.65, 0.25, 0.75, 0.42, 0.58)
_LABEL_CHAR_W = 6


def _label_place(x1: int, y1: int, x2: int, y2: int, chars: int,
                 placed: list[tuple[int, int, int, int]]) -> tuple[int, int]:
    """Where an edge's label goes: the first point along it, from the middle outwards, whose
    label would not overlap one placed already (edges converging on a node meet near their
    middles); the middle when every one would. The box is added to `placed`."""
    def box(t: float) -> tuple[int, int, int, int]:
        x, y = round(x1 + t * (x2 - x1)), round(y1 + t * (y2 - y1))
        return x, y - 10, x + 4 + _LABEL_CHAR_W * chars, y + 3

    def free(b: tuple[int, int, int, int]) -> bool:
        return all(b[2] <= o[0] or o[2] <= b[0] or b[3] <= o[1] or o[3] <= b[1] for o in placed)

    chosen = next((b for b in map(box, _LABEL_AT) if free(b)), box(0.5))
    placed.append(chosen)
    return chosen[0], chosen[1] + 10


def graph_svg(nodes: list[Node], edges: list[Edge], docs: dict[str, Document], node_ids: dict[str, str],
              edge_ids: list[str]) -> str:
    known = {n.id for n in nodes}
    shown = [(k, e) for k, e in enumerate(edges) if e.source in known and e.target in known]
    pos = _positions(nodes, [e for _, e in shown])
    w = max((x for x, _ in pos.values()), default=0) + _NODE_W + _PAD
    h = max((y for _, y in pos.values()), default=0) + _NODE_H + _PAD
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
           f'role="img" aria-labelledby="graph-title" class="graph">',
           '<title id="graph-title">Source graph: arrows go from a source to the article that took from it</title>',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="10" markerHeight="10" '
           'markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>']
    placed: list[tuple[int, int, int, int]] = []  # edge labels' boxes so far
    for k, e in shown:
        (sx, sy), (tx, ty) = pos[e.source], pos[e.target]
        x1, y1, x2, y2 = sx + _NODE_W // 2, sy + _NODE_H, tx + _NODE_W // 2, ty
        if sy >= ty:  # same layer or upward (hand-edited reports): route from the side
            x1, y1 = sx + _NODE_W, sy + _NODE_H // 2
        label = f"{e.confidence:.2f}" + (f" · {e.share:.0%}" if e.share is not None else "")
        width = f"{1 + 2 * e.confidence:.1f}"
        cls = f"edge rel-{e.relation}" + (" primary" if e.primary else "")
        name = f"{e.source} to {e.target}, probability {e.confidence:.2f}"
        mx, my = _label_place(x1, y1, x2, y2, len(label), placed)
        out.append(f'<g class="{cls}" tabindex="0" role="button" data-show="{edge_ids[k]}" aria-label="{esc(name)}">'
                   f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke-width="{width}" marker-end="url(#arrow)"/>'
                   f'<line class="hit" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>'
                   f'<text x="{mx + 4}" y="{my}" class="elabel">{esc(label)}</text></g>')
    for n in nodes:
        x, y = pos[n.id]
        first, second = _node_lines(n, docs)
        cls = f"node kind-{n.kind}" + ("" if n.in_corpus else " external")
        shape = (f'<rect x="{x}" y="{y}" width="{_NODE_W}" height="{_NODE_H}" rx="{14 if n.kind == "primary" else 4}"/>')
        out.append(f'<g class="{cls}" tabindex="0" role="button" data-show="{node_ids[n.id]}" '
                   f'aria-label="{esc(n.label)} ({esc(n.kind)})">{shape}'
                   f'<text x="{x + _NODE_W // 2}" y="{y + 19}" class="l1">{esc(first)}</text>'
                   f'<text x="{x + _NODE_W // 2}" y="{y + 36}" class="l2">{esc(second)}</text></g>')
    out.append("</svg>")
    return "".join(out)


# --- side-by-side differences ---------------------------------------------------------------

_TOKEN = re.compile(r"\S+")


@lru_cache(maxsize=16384)  # a source's passage is set beside each of its copies (cleared after a page)
def _tokens(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """The runs of non-space characters (`str.split` finds the same ones as `_TOKEN`), with
    their matching forms. The lists are shared: never modify them."""
    return [m.span() for m in _TOKEN.finditer(text)], [normalize_word(w.strip(_PUNCT)) for w in text.split()]


def _kept(words: list[str], other: list[str], n: int = 3) -> list[bool]:
    """Which words lie in a run of `n` words that the other text has too, in any order."""
    grams = set(zip(*(other[i:] for i in range(n))))
    kept = [False] * len(words)
    for i, gram in enumerate(zip(*(words[i:] for i in range(n)))):
        if gram in grams:
            kept[i:i + n] = [True] * n
    return kept


def _marked(text: str, spans: list[tuple[int, int]], kept: list[bool], tag: str) -> str:
    out, pos, k = [], 0, 0
    while k < len(spans):
        j = k
        while j < len(spans) and kept[j] == kept[k]:
            j += 1
        piece = text[spans[k][0]:spans[j - 1][1]]
        out.append(esc(text[pos:spans[k][0]]))
        out.append(esc(piece) if kept[k] else f"<{tag}>{esc(piece)}</{tag}>")
        pos, k = spans[j - 1][1], j
    out.append(esc(text[pos:]))
    return "".join(out)


def side_by_side(source: str, copy: str, *, whole: bool = True) -> tuple[str, str]:
    """Two HTML fragments: the source with what the copy dropped or changed struck out, and the
    copy with what it added or changed marked.

    For passages (`whole`), words count as carried over when they lie in a three-word run the
    other side has too, wherever it is: copies reorder sentences, and an in-order diff would
    mark moved text as dropped and added. For a quote (`whole=False`) the occurrence is compared
    in order with the part of the fullest version it covers."""
    if whole:
        sa, na = _tokens(source)
        sb, nb = _tokens(copy)
        return _marked(source, sa, _kept(na, nb), "del"), _marked(copy, sb, _kept(nb, na), "ins")
    left, right = [], []
    for tag, a, b in diff_segments(source, copy):
        if tag == "equal":
            left.append(esc(a))
            right.append(esc(b))
        else:
            if a:
                left.append(f"<del>{esc(a)}</del>")
            if b:
                right.append(f"<ins>{esc(b)}</ins>")
    return " ".join(left), " ".join(right)


def _highlighted(d: Document, marks: Iterable[tuple[int, int, str]]) -> str:
    """The document's text (after its metadata) with shared passages and quotes marked."""
    start = d.content_start
    cuts = {start, len(d.text)}
    spans = [(max(s, start), min(e, len(d.text)), k) for s, e, k in marks if e > start and s < len(d.text)]
    for s, e, _ in spans:
        cuts.update((s, e))
    points = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(points):
        kinds = sorted({k for s, e, k in spans if s <= a and b <= e})
        piece = esc(d.text[a:b])
        out.append(f'<mark class="{" ".join(kinds)}">{piece}</mark>' if kinds else piece)
    return "".join(out)


# --- the page -------------------------------------------------------------------------------

_CSS = """
:root{--fg:#1b1b1b;--bg:#fff;--muted:#555;--line:#ccc;--doc:#0072B2;--out:#E69F00;--prim:#009E73;
--del:#fde0dd;--ins:#ddeeff;--pass:#fff3b0;--quote:#d9f0e3;--focus:#CC79A7}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#161616;--muted:#aaa;--line:#444;--del:#5a1e1e;
--ins:#1c3654;--pass:#4d4211;--quote:#1d4531}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);
background:var(--bg)}header,main{max-width:1200px;margin:0 auto;padding:0 16px}
nav a{margin-right:1em}a{color:var(--doc)}h1{font-size:1.5em}h2{border-bottom:1px solid var(--line);padding-top:.5em}
figure{margin:0 0 12px;overflow:auto;border:1px solid var(--line);max-height:75vh}
#details{border:2px solid var(--line);padding:8px 12px;min-height:4em}
svg.graph{display:block;font:12px system-ui,sans-serif}
.node rect{fill:var(--bg);stroke:var(--doc);stroke-width:2}
.node.kind-outlet rect{stroke:var(--out)}.node.external rect{stroke-dasharray:6 4}
.node.kind-primary rect{stroke:var(--prim);stroke-dasharray:2 3}
.node text{text-anchor:middle;fill:var(--fg)}.node .l2{fill:var(--muted);font-size:11px}
.edge line{stroke:var(--muted)}.edge.primary line{stroke:var(--fg)}
svg.graph .edge line.hit{stroke:transparent;stroke-width:14;stroke-dasharray:none}
.edge.rel-credited line{stroke-dasharray:8 4}.edge.rel-quoted line{stroke-dasharray:2 4}
.arrowhead{fill:var(--muted)}.elabel{fill:var(--fg);font-size:11px}
[role=button]{cursor:pointer}[role=button]:focus{outline:3px solid var(--focus);outline-offset:2px}
[role=button]:hover rect,[role=button]:hover line:not(.hit){stroke-width:3}
.selected rect{stroke-width:4}.selected line:not(.hit){stroke:var(--focus)}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:8px}.pair>div{border:1px solid var(--line);padding:6px 8px}
.pair h4{margin:0 0 4px;font-size:.85em;color:var(--muted)}
@media (max-width:700px){.pair{grid-template-columns:1fr}}
del{background:var(--del);text-decoration:line-through}ins{background:var(--ins);text-decoration:underline}
mark{background:none;color:inherit}mark.passage{background:var(--pass)}mark.quote{border-bottom:3px solid var(--prim)}
.text{white-space:pre-wrap;border:1px solid var(--line);padding:8px;max-height:60vh;overflow:auto}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;
vertical-align:top}.meta dt{font-weight:600}.meta dd{margin:0 0 4px}
article{border-bottom:1px solid var(--line);padding-bottom:8px}.muted{color:var(--muted)}
.legend span{margin-right:1em}.key-p{background:var(--pass)}.key-q{border-bottom:3px solid var(--prim)}
"""

_JS = """
(function () {
  "use strict";
  var panel = document.getElementById("details");
  function show(id, from) {
    var src = document.getElementById(id);
    if (!src || !panel) { return; }
    var copy = src.cloneNode(true);
    copy.removeAttribute("id");
    Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (el) { el.removeAttribute("id"); });
    panel.replaceChildren(copy);
    Array.prototype.forEach.call(document.querySelectorAll("[data-show].selected"), function (el) {
      el.classList.remove("selected");
    });
    if (from) { from.classList.add("selected"); }
    panel.setAttribute("data-showing", id);
    if (panel.scrollIntoView) { panel.scrollIntoView({block: "nearest"}); }
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-show]"), function (el) {
    el.addEventListener("click", function () { show(el.getAttribute("data-show"), el); });
    el.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); show(el.getAttribute("data-show"), el); }
    });
  });
})();
"""


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


CSP = (f"default-src 'none'; style-src {_csp_hash(_CSS)}; script-src {_csp_hash(_JS)}; img-src data:; "
       "base-uri 'none'; form-action 'none'; frame-src 'none'; object-src 'none'")


def _doc_name(d: Document | None, fallback: str) -> str:
    if d is None:
        return fallback
    return f"{d.outlet or 'outlet unknown'}" + (f", {d.published[:10]}" if d.published else "") + f" ({d.id})"


def render_html(report: Report) -> str:
    docs = {d.id: d for d in report.documents}
    doc_ids = {d.id: f"doc-{k}" for k, d in enumerate(report.documents)}
    nodes = list(report.nodes)
    node_ids = {n.id: doc_ids.get(n.id, f"node-{k}") for k, n in enumerate(nodes)}
    edges = list(report.edges)
    edge_ids = [f"edge-{k}" for k in range(len(edges))]
    passages = {p.id: p for p in report.passages}
    quotes = {q.id: q for q in report.quotes}
    shared = shared_fraction(report)

    labels = {n.id: n.label for n in nodes}

    def name(node_id: str) -> str:
        return _doc_name(docs.get(node_id), labels.get(node_id, node_id))

    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             '<meta name="referrer" content="no-referrer">',
             f"<title>provenance report: {len(report.documents)} documents</title>",
             f"<style>{_CSS}</style></head><body>",
             f'<header><h1>provenance report</h1><p class="muted">{len(report.documents)} documents, '
             f'{len(report.passages)} shared passages, {sum(1 for q in report.quotes if len(q.docs) > 1)} shared quotes, '
             f'{len(edges)} edges · provenance {esc(report.tool_version or __version__)}</p>',
             '<nav aria-label="Sections"><a href="#graph">Graph</a><a href="#edges">Edges</a>'
             '<a href="#quotes">Quotes</a><a href="#documents">Documents</a></nav></header><main>']

    # graph
    parts.append('<section id="graph" aria-labelledby="h-graph"><h2 id="h-graph">Source graph</h2>'
                 '<p class="muted">Arrows go from a source to the article that took from it, labelled with the '
                 'probability and the share of the article that came from the source. Boxes: documents (blue), '
                 'outlets (orange; dashed when not in the corpus), primary sources (green, dotted). Select a box '
                 'or an arrow (click, or Tab then Enter) for its details.</p><figure>')
    parts.append(graph_svg(nodes, edges, docs, node_ids, edge_ids))
    parts.append('</figure><aside id="details" aria-live="polite" aria-label="Details">'
                 '<p class="muted">Select a node or an edge.</p></aside></section>')

    # edges
    linked: dict[str, dict[tuple[str, str], list[tuple[Span, Span]]]] = {}  # passage id -> `_linked_spans`
    parts.append('<section id="edges" aria-labelledby="h-edges"><h2 id="h-edges">Edges and their evidence</h2>')
    if not edges:
        parts.append("<p>No document took material from another.</p>")
    for k, e in enumerate(edges):
        parts.append(f'<article id="{edge_ids[k]}" class="edge-detail"><h3>{esc(name(e.source))} → {esc(name(e.target))}</h3>'
                     f'<p>probability <strong>{e.confidence:.2f}</strong>'
                     + (f", <strong>{e.share:.0%}</strong> of the article's text from the source" if e.share is not None else "")
                     + f", {esc(e.relation)}{', most likely parent' if e.primary else ', extra parent'}</p><ul>")
        for item in e.evidence:
            parts.append(f"<li>{esc(item.kind)}: {esc(item.detail)}")
            if item.kind == "passage" and item.ref in passages:
                if item.ref not in linked:
                    linked[item.ref] = _linked_spans(passages[item.ref])
                parts.append(_passage_pair(passages[item.ref], e, docs, linked[item.ref]))
            elif item.kind == "quote" and item.ref in quotes:
                parts.append(f" <q>{esc(_short(quotes[item.ref].text, 300))}</q>")
            parts.append("</li>")
        parts.append("</ul></article>")
    parts.append("</section>")

    # outlets and primary sources
    others = [n for n in nodes if n.kind != "document"]
    if others:
        parts.append('<section id="sources" aria-labelledby="h-sources"><h2 id="h-sources">Outlets and primary '
                     'sources</h2>')
        from_source: dict[str, list[tuple[int, Edge]]] = defaultdict(list)
        for k, e in enumerate(edges):
            from_source[e.source].append((k, e))
        for n in others:
            out_edges = from_source.get(n.id, [])
            where = "in the corpus" if n.in_corpus else "not in the corpus"
            parts.append(f'<article id="{node_ids[n.id]}"><h3>{esc(n.label)}</h3><p>{esc(n.kind)}, {where}</p><ul>'
                         + "".join(f'<li><a href="#{edge_ids[k]}">source of {esc(name(e.target))}</a> '
                                   f"(probability {e.confidence:.2f})</li>" for k, e in out_edges)
                         + "</ul></article>")
        parts.append("</section>")

    # quotes
    parts.append('<section id="quotes" aria-labelledby="h-quotes"><h2 id="h-quotes">Shared quotes</h2>')
    shown = [q for q in report.quotes if len(q.docs) > 1]
    if not shown:
        parts.append("<p>No quote appears in more than one document.</p>")
    for q in shown:
        parts.append(_quote_block(q, docs))
    parts.append("</section>")

    # documents
    marks: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    partners: dict[str, set[str]] = defaultdict(set)
    for p in report.passages:
        group_docs = {s.doc for s in p.spans}
        for s in p.spans:
            marks[s.doc].append((s.start, s.end, "passage"))
        for doc in group_docs:
            partners[doc] |= group_docs  # (itself too: left out below)
    for q in report.quotes:
        if len(q.docs) > 1:
            for o in q.occurrences:
                marks[o.doc].append((o.start, o.end, "quote"))
    parts.append('<section id="documents" aria-labelledby="h-docs"><h2 id="h-docs">Documents</h2>'
                 '<p class="legend"><span class="key-p">shared passage</span><span class="key-q">shared quote</span></p>')
    for d in report.documents:
        url = safe_url(d.url)
        link = (f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">{esc(url)}</a>' if url
                else esc(d.url or "none"))
        names = sorted(partners[d.id] - {d.id})
        with_whom = ", ".join(esc(_doc_name(docs.get(o), o)) for o in names[:_PARTNERS_LISTED]) or "nobody"
        if len(names) > _PARTNERS_LISTED:  # a stock phrase shared across a large corpus
            with_whom += f" and {len(names) - _PARTNERS_LISTED:,} more documents"
        parts.append(
            f'<article id="{doc_ids[d.id]}"><h3>{esc(d.title or d.id)}</h3><dl class="meta">'
            f"<dt>Document</dt><dd>{esc(d.id)} <span class='muted'>({esc(d.path)})</span></dd>"
            f"<dt>Outlet</dt><dd>{esc(d.outlet or 'unknown')}; publisher {esc(d.publisher or 'unknown')}; "
            f"agency {esc(d.agency or 'none')}</dd><dt>Published</dt><dd>{esc(d.published or 'unknown')}</dd>"
            f"<dt>URL</dt><dd>{link}</dd><dt>Shared</dt><dd>{shared.get(d.id, 0.0):.0%} of its text, with "
            f"{with_whom}</dd></dl><details><summary>Text with shared passages and quotes marked</summary>"
            f'<div class="text">{_highlighted(d, marks[d.id])}</div></details></article>')
    parts.append("</section>")
    if report.skipped:
        parts.append('<section id="skipped"><h2>Files not read</h2><ul>'
                     + "".join(f"<li>{esc(s.path)}: {esc(s.reason)}</li>" for s in report.skipped) + "</ul></section>")
    parts.append(f"</main><script>{_JS}</script></body></html>\n")
    _tokens.cache_clear()
    return "".join(parts)


def _linked_spans(p: Passage) -> dict[tuple[str, str], list[tuple[Span, Span]]]:
    """The passage's aligned span pairs by (document, document), both ways round."""
    out: dict[tuple[str, str], list[tuple[Span, Span]]] = defaultdict(list)
    for link in p.links:
        a, b = p.spans[link.a], p.spans[link.b]
        out[(a.doc, b.doc)].append((a, b))
        if a.doc != b.doc:
            out[(b.doc, a.doc)].append((b, a))
    return out


def _passage_pair(p: Passage, e: Edge, docs: dict[str, Document],
                  linked: dict[tuple[str, str], list[tuple[Span, Span]]]) -> str:
    """The aligned pieces of the passage between the edge's source and target, side by side
    (`linked`: the passage's `_linked_spans`)."""
    pairs = list(linked.get((e.source, e.target), []))
    if not pairs:  # an older report without links: the first span of each
        src = next((s for s in p.spans if s.doc == e.source), None)
        dst = next((s for s in p.spans if s.doc == e.target), None)
        pairs = [(src, dst)] if src and dst else []
    out = []
    for src, dst in sorted(pairs, key=lambda t: (t[1].start, t[0].start)):
        left, right = side_by_side(src.text, dst.text)
        out.append(f'<div class="pair"><div><h4>{esc(_doc_name(docs.get(src.doc), src.doc))}: source '
                   f"(<del>dropped or changed</del> by the copy)</h4>{left}</div>"
                   f"<div><h4>{esc(_doc_name(docs.get(dst.doc), dst.doc))}: copy (<ins>added or changed</ins>)</h4>"
                   f"{right}</div></div>")
    return "".join(out)


def _quote_block(q: QuoteGroup, docs: dict[str, Document]) -> str:
    occ = sorted(q.occurrences, key=lambda o: ((docs[o.doc].published or "9999") if o.doc in docs else "9999", o.doc, o.start))
    rows = []
    for o in occ:
        _, right = side_by_side(q.text, o.text, whole=False)
        d = docs.get(o.doc)
        rows.append(f"<tr><td>{esc(d.outlet if d and d.outlet else o.doc)}<br><span class='muted'>"
                    f"{esc((d.published or '')[:16] if d else '')}</span></td><td>{esc(o.relation)}</td>"
                    f"<td>{right}</td></tr>")
    return (f'<article class="quote"><h3>{esc(q.speaker or "unknown speaker")}</h3>'
            f"<p><q>{esc(q.text)}</q></p><table><thead><tr><th>Outlet, in publication order</th><th>Wording</th>"
            f"<th>Variant (<ins>differences</ins> from the fullest version)</th></tr></thead><tbody>{''.join(rows)}"
            "</tbody></table></article>")
