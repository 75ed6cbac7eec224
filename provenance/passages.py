"""Merge pairwise shared passages into passage groups listing every place a passage occurs.

Spans of one document that overlap by at least half of the shorter one are the same
place; places linked by a pairwise alignment belong to the same group. A passage copied
by three outlets therefore becomes one group with three spans, while two different
halves of a paragraph copied by two different outlets stay two groups.
"""

from __future__ import annotations

from collections import defaultdict

from .align import PairPassage
from .analysis import Analyzed
from .model import Passage, PassageLink, Span

_SAME_PLACE_OVERLAP = 0.5


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)


def _places(intervals: list[tuple[int, int]]) -> tuple[list[int], list[tuple[int, int]]]:
    """Cluster word ranges of one document into places: (place of each interval, place ranges)."""
    order = sorted(range(len(intervals)), key=lambda k: (intervals[k][0], -intervals[k][1]))
    place_of = [0] * len(intervals)
    places: list[list[int]] = []
    for k in order:
        s, e = intervals[k]
        for p, (ps, pe) in enumerate(places):
            overlap = min(e, pe) - max(s, ps)
            if overlap > 0 and overlap >= _SAME_PLACE_OVERLAP * min(e - s, pe - ps):
                places[p] = [min(s, ps), max(e, pe)]
                place_of[k] = p
                break
        else:
            place_of[k] = len(places)
            places.append([s, e])
    return place_of, [(s, e) for s, e in places]


def group_passages(pairs: list[PairPassage], docs: list[Analyzed]) -> list[Passage]:
    """Passage groups, largest spread first, with ids P1, P2, ... in that order."""
    if not pairs:
        return []
    intervals: dict[int, list[tuple[int, int]]] = defaultdict(list)
    ends: list[tuple[tuple[int, int], tuple[int, int]]] = []  # per pair: (doc, interval #) for a and b
    for p in pairs:
        intervals[p.a].append(p.a_words)
        ea = (p.a, len(intervals[p.a]) - 1)
        intervals[p.b].append(p.b_words)
        eb = (p.b, len(intervals[p.b]) - 1)
        ends.append((ea, eb))
    node_of: dict[tuple[int, int], int] = {}
    nodes: list[tuple[int, tuple[int, int]]] = []
    for d in sorted(intervals):
        place_of, places = _places(intervals[d])
        base = len(nodes)
        nodes.extend((d, r) for r in places)
        for k, p in enumerate(place_of):
            node_of[(d, k)] = base + p
    uf = _UnionFind(len(nodes))
    links: list[tuple[int, int, float]] = []
    for p, (ea, eb) in zip(pairs, ends):
        x, y = node_of[ea], node_of[eb]
        uf.union(x, y)
        links.append((x, y, p.similarity))
    members: dict[int, list[int]] = defaultdict(list)
    for n in range(len(nodes)):
        members[uf.find(n)].append(n)
    group_links: dict[int, dict[tuple[int, int], float]] = defaultdict(dict)
    for x, y, sim in links:
        key = (min(x, y), max(x, y))
        g = group_links[uf.find(x)]
        g[key] = max(sim, g.get(key, 0.0))

    built = []
    for root, ns in members.items():
        ns = sorted(ns, key=lambda n: (docs[nodes[n][0]].id, nodes[n][1]))
        pos = {n: k for k, n in enumerate(ns)}
        spans = []
        for n in ns:
            d, (i, j) = nodes[n]
            an = docs[d]
            s, e = an.words.starts[i], an.words.ends[j - 1]
            spans.append(Span(doc=an.id, start=s, end=e, text=an.doc.text[s:e]))
        plinks = tuple(sorted((PassageLink(a=min(pos[x], pos[y]), b=max(pos[x], pos[y]), similarity=sim)
                               for (x, y), sim in group_links[root].items() if x != y),
                              key=lambda link: (link.a, link.b)))
        if not plinks:
            continue
        words = max(nodes[n][1][1] - nodes[n][1][0] for n in ns)
        built.append((spans, plinks, words))
    built.sort(key=lambda g: (-len({s.doc for s in g[0]}), -g[2], g[0][0].doc, g[0][0].start))
    return [
        Passage(id=f"P{k}", similarity=min(link.similarity for link in plinks), spans=tuple(spans),
                links=plinks, words=words)
        for k, (spans, plinks, words) in enumerate(built, start=1)
    ]
