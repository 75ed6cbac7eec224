"""Merge pairwise shared passages into passage groups listing every place a passage occurs.

A group is one stretch of text and every place it occurs. On a large corpus unrelated stories
share short phrases ("the Energy Ministry's deputy minister X said in a statement"); joining
every overlapping place would chain thousands of documents of hundreds of stories into one
group through them. So groups are built in steps that keep a copy trimmed to its first
paragraph in its source's group but let no phrase chain stories:

1. Places. In each document, the word ranges of its pairwise passages that cover most of
   one another (overlap at least half the longer range) are one place: the longest range
   stands for it and the others join it, so a place never drifts along the text.
2. Core groups: places linked by a pairwise passage, transitively. Linked places are about
   as long as each other, so a 10-word phrase inside a 300-word passage is a place of its
   own and joins only the places that share that phrase.
3. Shorter inside longer. Longest group first, a group joins a longer one when more than
   half of its places that lie inside places of longer groups (overlapping one by at least
   half of themselves) lie inside that group's, or when the groups it lies inside share a
   document: the copy that kept only the first paragraph joins the group of the whole
   passage, while a phrase shared by two stories' passages, inside both and with no
   document in common, stays a group of its own.
4. Weak passages (short, edited, and all their two documents share: "the Defence Ministry's
   deputy minister X told reporters" with other names and titles) take part in neither
   places nor core groups, so an alignment that matched 10 words of one side to 21 of the
   other cannot stretch a place of a story into another story's. Each is a group of two
   places of its own, which joins a longer group by the rule of step 3, after all others,
   but brings no document that shares no other passage with one of the group's. A short
   edited passage of two documents that share more is not weak.

Places of one document in a group overlapping by half of the shorter are then one span. Two
different halves of a paragraph copied by two different outlets stay two groups. Every
pairwise passage is a link of exactly one group, between two spans holding its two places.
"""

from __future__ import annotations

from collections import defaultdict

from .align import PairPassage
from .analysis import Analyzed
from .model import Passage, PassageLink, Span

_SAME_PLACE = 0.5  # ranges of one document covering this share of the longer one are one place
_INSIDE = 0.5  # a place lies inside another when this share of it overlaps the other
# A pairwise passage shorter than this many words (on its longer side) and less similar than
# this is weak: "the Energy Ministry's X said in a statement" with another name and title.
_WEAK_WORDS = 25
_WEAK_SIMILARITY = 0.9


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


def _overlap(x: tuple[int, int], y: tuple[int, int]) -> int:
    return min(x[1], y[1]) - max(x[0], y[0])


class _Places:
    """Step 1: the places of every document, and the place of each end of each pairwise passage."""

    def __init__(self, pairs: list[PairPassage], weak: list[bool]) -> None:
        ranges: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for p, w in zip(pairs, weak):
            if not w:
                ranges[p.a].append(p.a_words)
                ranges[p.b].append(p.b_words)
        self.doc: list[int] = []
        self.core: list[tuple[int, int]] = []  # the range standing for the place (its longest)
        self.span: list[list[int]] = []  # [first word, end] of everything the place holds
        place_of: dict[tuple[int, tuple[int, int]], int] = {}
        for d in sorted(ranges):
            reps: list[tuple[int, int, float, list[int], int]] = []  # (first word, end, overlap needed, span, place)
            for r in sorted(set(ranges[d]), key=lambda r: (r[0] - r[1], r)):
                i, j = r
                for ci, cj, need, s, m in reps:
                    if (j if j < cj else cj) - (i if i > ci else ci) >= need:
                        if i < s[0]:
                            s[0] = i
                        if j > s[1]:
                            s[1] = j
                        n = m
                        break
                else:
                    n = len(self.doc)
                    span = [i, j]
                    reps.append((i, j, _SAME_PLACE * (j - i), span, n))
                    self.doc.append(d)
                    self.core.append(r)
                    self.span.append(span)
                place_of[(d, r)] = n
        self.weak: set[int] = set()  # the places of weak passages, two each
        self.ends: list[tuple[int, int]] = []  # each passage's two places
        for p, w in zip(pairs, weak):
            if w:
                ends = []
                for d, r in ((p.a, p.a_words), (p.b, p.b_words)):
                    self.weak.add(len(self.doc))
                    ends.append(len(self.doc))
                    self.doc.append(d)
                    self.core.append(r)
                    self.span.append([r[0], r[1]])
                self.ends.append((ends[0], ends[1]))
            else:
                self.ends.append((place_of[(p.a, p.a_words)], place_of[(p.b, p.b_words)]))

    def length(self, n: int) -> int:
        return self.core[n][1] - self.core[n][0]


def _attach(places: _Places, members: dict[int, list[int]], partners: dict[int, set[int]]) -> dict[int, int]:
    """Steps 3 and 4: the group each core group ends up in (itself, or a longer group it lies
    inside). `partners`: the documents each document shares a passage with that is not weak."""
    order = sorted(members, key=lambda g: (members[g][0] in places.weak, -max(map(places.length, members[g])), g))
    final: dict[int, int] = {}
    hosts: dict[int, list[tuple[int, int, int]]] = defaultdict(list)  # doc -> (first word, end, final group)
    docs: dict[int, set[int]] = defaultdict(set)  # final group -> its documents (by passages not weak)
    for g in order:
        ns = members[g]
        votes: dict[int, int] = defaultdict(int)  # final group -> places of g inside one of its places
        outside: list[int] = []  # documents of places of g inside no place
        for n in ns:
            i, j = places.core[n]
            need = _INSIDE * (j - i)
            found = {f for hi, hj, f in hosts[places.doc[n]] if (j if j < hj else hj) - (i if i > hi else hi) >= need}
            for f in found:
                votes[f] += 1
            if not found:
                outside.append(places.doc[n])
        final[g] = g
        if votes:
            best = min(votes, key=lambda f: (-votes[f], f))
            if ((2 * votes[best] > sum(votes.values()) or all(docs[f] & docs[best] for f in votes))
                    and (ns[0] not in places.weak
                         or all(d in docs[best] or not partners[d].isdisjoint(docs[best]) for d in outside))):
                final[g] = best
        for n in ns:
            hosts[places.doc[n]].append((*places.span[n], final[g]))
            if n not in places.weak:
                docs[final[g]].add(places.doc[n])
    return final


def _merge_places(places: _Places, ns: list[int]) -> dict[int, int]:
    """Places of one document in one group overlapping by half of the shorter: place -> the one
    it merges into (the longest), whose span grows to hold it."""
    into: dict[int, int] = {}
    by_doc: dict[int, list[int]] = defaultdict(list)
    for n in sorted(ns, key=lambda n: (-places.length(n), n)):
        s = places.span[n]
        for m in by_doc[places.doc[n]]:
            t = places.span[m]
            if _overlap((s[0], s[1]), (t[0], t[1])) >= _INSIDE * min(s[1] - s[0], t[1] - t[0]):
                into[n] = m
                t[0], t[1] = min(t[0], s[0]), max(t[1], s[1])
                break
        else:
            by_doc[places.doc[n]].append(n)
    return into


def _related(pairs: list[PairPassage]) -> set[tuple[int, int]]:
    """Document pairs (lower position first) sharing a passage that is long or near verbatim."""
    return {(min(p.a, p.b), max(p.a, p.b)) for p in pairs
            if p.similarity >= _WEAK_SIMILARITY or max(p.a_words[1] - p.a_words[0], p.b_words[1] - p.b_words[0]) >= _WEAK_WORDS}


def group_passages(pairs: list[PairPassage], docs: list[Analyzed]) -> list[Passage]:
    """Passage groups, largest spread first, with ids P1, P2, ... in that order."""
    if not pairs:
        return []
    related = _related(pairs)
    weak = [(min(p.a, p.b), max(p.a, p.b)) not in related for p in pairs]  # short, edited, all they share
    places = _Places(pairs, weak)
    uf = _UnionFind(len(places.doc))
    for x, y in places.ends:
        uf.union(x, y)
    members: dict[int, list[int]] = defaultdict(list)
    for n in range(len(places.doc)):
        members[uf.find(n)].append(n)
    partners: dict[int, set[int]] = defaultdict(set)
    for a, b in related:
        partners[a].add(b)
        partners[b].add(a)
    final = _attach(places, members, partners)
    grouped: dict[int, list[int]] = defaultdict(list)
    for g, ns in members.items():
        grouped[final[g]].extend(ns)
    into: dict[int, int] = {}
    for ns in grouped.values():
        into.update(_merge_places(places, ns))
    group_links: dict[int, dict[tuple[int, int], float]] = defaultdict(dict)
    for p, (x, y) in zip(pairs, places.ends):
        x, y = into.get(x, x), into.get(y, y)
        links = group_links[final[uf.find(x)]]
        key = (min(x, y), max(x, y))
        links[key] = max(p.similarity, links.get(key, 0.0))

    built = []
    for g, ns in grouped.items():
        ns = sorted((n for n in ns if n not in into), key=lambda n: (docs[places.doc[n]].id, places.span[n]))
        pos = {n: k for k, n in enumerate(ns)}
        spans = []
        for n in ns:
            an = docs[places.doc[n]]
            i, j = places.span[n]
            s, e = an.words.starts[i], an.words.ends[j - 1]
            spans.append(Span(doc=an.id, start=s, end=e, text=an.doc.text[s:e]))
        ends = sorted((pos[x], pos[y], sim) if pos[x] < pos[y] else (pos[y], pos[x], sim)
                      for (x, y), sim in group_links[g].items() if x != y)
        plinks = tuple(PassageLink(a, b, sim) for a, b, sim in ends)
        if not plinks:
            continue
        words = max(places.span[n][1] - places.span[n][0] for n in ns)
        built.append((spans, plinks, words))
    built.sort(key=lambda g: (-len({s.doc for s in g[0]}), -g[2], g[0][0].doc, g[0][0].start))
    return [
        Passage(id=f"P{k}", similarity=min(link.similarity for link in plinks), spans=tuple(spans),
                links=plinks, words=words)
        for k, (spans, plinks, words) in enumerate(built, start=1)
    ]
