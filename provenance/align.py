"""Every passage two documents share, in any order, verbatim or lightly edited.

Seed, cluster, verify:
1. seeds are exact matches of `seed_ngram`-word sequences (normalised words, outside
   boilerplate, holding at least one content word), and sentence pairs whose content
   words overlap with a Dice coefficient of at least `sentence_dice` (a rewritten sentence
   keeps its content words even when no three words in a row survive);
2. exact seeds on roughly the same diagonal chain (gaps of at most `max_gap` words on both
   sides); chains and sentence seeds whose extents lie within `merge_gap` words of each
   other on both sides merge into one passage, in any order, so a passage survives edits
   and sentences shuffled inside it, while paragraphs moved apart stay separate passages;
3. each passage is verified: at least `min_passage_words` words aligned in order
   (rapidfuzz Indel over word lists) and a similarity of at least `min_passage_similarity`,
   the larger of the word-level Indel similarity and the content-word Dice overlap.
Offsets are exact character offsets into both documents' texts.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from .analysis import Analyzed
from .config import ScanConfig

_MAX_SEED_REPEATS = 4  # an n-gram occurring more often than this in one document is not a seed
_MIN_SENTENCE_WORDS = 3  # content words a sentence needs to be a sentence seed
_SHORT_SENTENCE_DICE = 0.8  # Dice a sentence seed sharing only _MIN_SENTENCE_WORDS words needs
_MAX_POSTINGS = 40  # a word in more sentences than this of one document does not seed sentences


@dataclass(frozen=True, slots=True)
class PairPassage:
    """A passage shared by documents `a` and `b`, as word ranges and character spans."""

    a: int  # document positions in the analysed list
    b: int
    a_words: tuple[int, int]
    b_words: tuple[int, int]
    a_span: tuple[int, int]
    b_span: tuple[int, int]
    similarity: float  # 0-1, word-level (Indel) similarity of the two word sequences
    matched: int  # words aligned as equal
    # The word ranges aligned as equal, on each side: the words taken over, without the
    # words an editor put in between.
    a_matched: tuple[tuple[int, int], ...] = ()
    b_matched: tuple[tuple[int, int], ...] = ()


class SeedIndex:
    """What one document offers for seeding, cached per document: its n-grams (n-gram ->
    word positions), and its sentences as content-word sets with an inverted index."""

    __slots__ = ("index", "n", "norms", "postings", "segment", "sentence_ranges", "sentence_words")

    def __init__(self, an: Analyzed, n: int) -> None:
        self.n = n
        self.norms = norms = an.words.norms
        boiler = an.boiler
        flags = an.content_flags
        # Per word, the stretch of text between boilerplate it lies in: no passage crosses an
        # "Advertisement" or "RECOMMENDED ..." line, however close the text on both sides is.
        self.segment = list(itertools.accumulate(
            1 if boiler[k] and (k == 0 or not boiler[k - 1]) else 0 for k in range(len(boiler))))
        index: dict[tuple[str, ...], list[int]] = {}
        boiler_before = list(itertools.accumulate(boiler, initial=0))
        content_before = list(itertools.accumulate(flags, initial=0))
        for i, gram in enumerate(zip(*(norms[k:] for k in range(n)))):
            if boiler_before[i + n] > boiler_before[i] or content_before[i + n] == content_before[i]:
                continue  # touches boilerplate, or stopwords only
            index.setdefault(gram, []).append(i)
        self.index = {k: v for k, v in index.items() if len(v) <= _MAX_SEED_REPEATS}
        self.sentence_ranges: list[tuple[int, int]] = []
        self.sentence_words: list[frozenset[str]] = []
        self.postings: dict[str, list[int]] = {}
        for s, e in an.sentences:
            i, j = an.words.between(s, e)
            content = frozenset(norms[k] for k in range(i, j) if flags[k])
            if len(content) < _MIN_SENTENCE_WORDS:
                continue
            sid = len(self.sentence_ranges)
            self.sentence_ranges.append((i, j))
            self.sentence_words.append(content)
            for w in content:
                self.postings.setdefault(w, []).append(sid)


def seeds(a: SeedIndex, b: SeedIndex) -> list[tuple[int, int]]:
    """Positions `(i, j)` where the same n-gram starts in both documents, sorted."""
    small, large, swap = (a, b, False) if len(a.index) <= len(b.index) else (b, a, True)
    out: list[tuple[int, int]] = []
    for gram in small.index.keys() & large.index.keys():  # set intersection in C: most pairs share few
        positions, other = small.index[gram], large.index[gram]
        for p in positions:
            for q in other:
                out.append((q, p) if swap else (p, q))
    out.sort()
    return out


def chain(seed_list: list[tuple[int, int]], n: int, max_gap: int) -> list[list[tuple[int, int]]]:
    """Group seeds into chains that advance on both sides with gaps of at most `max_gap` words."""
    reach = max_gap + n
    chains: list[list[tuple[int, int]]] = []
    active: list[int] = []
    for i, j in seed_list:
        best = -1
        best_drift = max_gap + 1
        still_active = []
        for c in active:
            li, lj = chains[c][-1]
            if i - li > reach:
                continue
            still_active.append(c)
            if i - li > 0 and 0 < j - lj <= reach:
                drift = abs((j - i) - (lj - li))
                if drift < best_drift:
                    best, best_drift = c, drift
        active = still_active
        if best >= 0:
            chains[best].append((i, j))
        else:
            chains.append([(i, j)])
            active.append(len(chains) - 1)
    return chains


def sentence_seeds(a: SeedIndex, b: SeedIndex, min_dice: float) -> list[list[int]]:
    """Sentence pairs whose content-word sets overlap with Dice >= min_dice, as regions
    `[a0, a1, b0, b1, weight]` in words, from the first to the last shared content word.

    Only mutual best matches count: a sentence pairs with the sentence of the other
    document it overlaps most, so a neighbour sharing a few topic words does not stretch
    a passage past its end.
    """
    if min_dice <= 0 or not a.sentence_words or not b.sentence_words:
        return []
    candidates: list[tuple[float, int, int, int]] = []
    vocabulary = a.postings.keys() & b.postings.keys()
    if len(vocabulary) < _MIN_SENTENCE_WORDS:
        return []
    for sa, words_a in enumerate(a.sentence_words):
        common = words_a & vocabulary
        if len(common) < _MIN_SENTENCE_WORDS:
            continue  # most sentences of most candidate pairs: no need to count
        shared: dict[int, int] = {}
        for w in common:
            posting = b.postings[w]
            if len(posting) <= _MAX_POSTINGS:
                for sb in posting:
                    shared[sb] = shared.get(sb, 0) + 1
        for sb, n in shared.items():
            if n < _MIN_SENTENCE_WORDS:
                continue
            dice = 2.0 * n / (len(words_a) + len(b.sentence_words[sb]))
            # Three shared words are a coincidence unless they are nearly all there is.
            if dice >= min_dice and (n > _MIN_SENTENCE_WORDS or dice >= _SHORT_SENTENCE_DICE):
                candidates.append((dice, sa, sb, n))
    best_a: dict[int, tuple[float, int]] = {}
    best_b: dict[int, tuple[float, int]] = {}
    for dice, sa, sb, _ in candidates:
        if (dice, -sb) > best_a.get(sa, (-1.0, 0)):
            best_a[sa] = (dice, -sb)
        if (dice, -sa) > best_b.get(sb, (-1.0, 0)):
            best_b[sb] = (dice, -sa)
    out: list[list[int]] = []
    for dice, sa, sb, n in candidates:
        if best_a[sa] == (dice, -sb) and best_b[sb] == (dice, -sa):
            common = a.sentence_words[sa] & b.sentence_words[sb]
            a0, a1 = _extent(a, a.sentence_ranges[sa], common)
            b0, b1 = _extent(b, b.sentence_ranges[sb], common)
            out.append([a0, a1, b0, b1, n])
    return out


def _extent(index: SeedIndex, sentence: tuple[int, int], common: frozenset[str]) -> tuple[int, int]:
    """The part of a sentence from its first to its last shared content word."""
    i, j = sentence
    norms = index.norms
    while i < j and norms[i] not in common:
        i += 1
    while j > i and norms[j - 1] not in common:
        j -= 1
    return i, j


def _drop_echo_regions(regions: list[list[int]]) -> list[list[int]]:
    """Drop regions lying, on either side, inside a larger region: a phrase the text repeats
    (a title echoed in the body) would otherwise stretch the passage it echoes."""
    regions = sorted(regions, key=lambda r: (-(r[1] - r[0] + r[3] - r[2]), r))
    kept: list[list[int]] = []
    for r in regions:
        if any((k[0] <= r[0] and r[1] <= k[1]) or (k[2] <= r[2] and r[3] <= k[3]) for k in kept):
            continue
        kept.append(r)
    return kept


def _split_at_boilerplate(c: list[tuple[int, int]], sa: list[int], sb: list[int]) -> list[list[tuple[int, int]]]:
    """Cut a chain of seeds where it steps over boilerplate on either side."""
    if sa[c[0][0]] == sa[c[-1][0]] and sb[c[0][1]] == sb[c[-1][1]]:
        return [c]  # segments only grow along a text, and a chain advances on both sides
    out = [[c[0]]]
    for prev, cur in itertools.pairwise(c):
        if sa[cur[0]] != sa[prev[0]] or sb[cur[1]] != sb[prev[1]]:
            out.append([])
        out[-1].append(cur)
    return out


def _merge_regions(regions: list[list[int]], gap: int, sa: list[int], sb: list[int]) -> list[list[int]]:
    """Merge regions `[a0, a1, b0, b1, weight]` that overlap or lie within `gap` words of each
    other on both sides, in either order, with no boilerplate between them (`sa`, `sb`: the
    segment of each word of a and b, see `SeedIndex.segment`)."""
    regions = sorted(regions)
    merged = True
    while merged:
        merged = False
        out: list[list[int]] = []
        for r in regions:
            for m in out:
                if (r[0] <= m[1] + gap and m[0] <= r[1] + gap and r[2] <= m[3] + gap and m[2] <= r[3] + gap
                        and sa[r[0]] == sa[m[0]] and sb[r[2]] == sb[m[2]]):
                    m[0], m[1] = min(m[0], r[0]), max(m[1], r[1])
                    m[2], m[3] = min(m[2], r[2]), max(m[3], r[3])
                    m[4] += r[4]
                    merged = True
                    break
            else:
                out.append(list(r))
        regions = sorted(out)
    return regions


def align_pair(a: Analyzed, b: Analyzed, ia: int, ib: int, cfg: ScanConfig,
               index_a: SeedIndex | None = None, index_b: SeedIndex | None = None) -> list[PairPassage]:
    """All passages documents `a` and `b` share."""
    n = cfg.seed_ngram
    index_a = index_a or SeedIndex(a, n)
    index_b = index_b or SeedIndex(b, n)
    sa, sb = index_a.segment, index_b.segment
    regions = [[c[0][0], c[-1][0] + n, c[0][1], c[-1][1] + n, len(c)]
               for whole in chain(seeds(index_a, index_b), n, cfg.max_gap)
               for c in _split_at_boilerplate(whole, sa, sb)]
    regions += [r for r in sentence_seeds(index_a, index_b, cfg.sentence_dice)
                if sa[r[0]] == sa[r[1] - 1] and sb[r[2]] == sb[r[3] - 1]]
    if not regions:
        return []
    regions = _drop_echo_regions(regions)
    out: list[PairPassage] = []
    for a0, a1, b0, b1, _ in _merge_regions(regions, cfg.merge_gap, sa, sb):
        if min(a1 - a0, b1 - b0) < cfg.min_passage_words:
            continue  # cannot hold enough matched words
        p = _verify(a, b, ia, ib, a0, a1, b0, b1, cfg)
        if p is not None:
            out.append(p)
    return _drop_contained(out)


def _verify(a: Analyzed, b: Analyzed, ia: int, ib: int, a0: int, a1: int, b0: int, b1: int,
            cfg: ScanConfig) -> PairPassage | None:
    wa = a.words.norms[a0:a1]
    wb = b.words.norms[b0:b1]
    blocks = Indel.opcodes(wa, wb).as_matching_blocks()
    matched = sum(blk.size for blk in blocks)
    fa, fb = a.content_flags, b.content_flags
    if matched < cfg.min_passage_words:
        return None
    content = sum(1 for blk in blocks for k in range(a0 + blk.a, a0 + blk.a + blk.size) if fa[k])
    if content < cfg.min_passage_content_words:
        return None
    ordered = 2.0 * matched / (len(wa) + len(wb))
    ca = Counter(w for w, f in zip(wa, fa[a0:a1]) if f)
    cb = Counter(w for w, f in zip(wb, fb[b0:b1]) if f)
    bag = 2.0 * sum((ca & cb).values()) / max(1, sum(ca.values()) + sum(cb.values()))
    similarity = max(ordered, bag)
    if similarity < cfg.min_passage_similarity:
        return None
    return PairPassage(
        a=ia, b=ib,
        a_words=(a0, a1), b_words=(b0, b1),
        a_span=(a.words.starts[a0], a.words.ends[a1 - 1]),
        b_span=(b.words.starts[b0], b.words.ends[b1 - 1]),
        similarity=round(similarity, 4),
        matched=matched,
        a_matched=tuple((a0 + blk.a, a0 + blk.a + blk.size) for blk in blocks if blk.size),
        b_matched=tuple((b0 + blk.b, b0 + blk.b + blk.size) for blk in blocks if blk.size),
    )


def _inside(x: tuple[int, int], y: tuple[int, int]) -> bool:
    return y[0] <= x[0] and x[1] <= y[1]


def _drop_contained(ps: list[PairPassage]) -> list[PairPassage]:
    """Keep one explanation per stretch of text: a passage whose words on either side lie
    inside a larger passage is an echo (a phrase the source repeats elsewhere), not a
    second borrowing."""
    ps = sorted(ps, key=lambda p: (-p.matched, p.a_words, p.b_words))
    kept: list[PairPassage] = []
    for p in ps:
        if any(_inside(p.a_words, k.a_words) or _inside(p.b_words, k.b_words) for k in kept):
            continue
        kept.append(p)
    return sorted(kept, key=lambda p: (p.a_words, p.b_words))
