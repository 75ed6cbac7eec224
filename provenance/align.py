"""Every passage two documents share, in any order, verbatim or lightly edited.

Seed, chain, verify:
1. seeds are exact matches of `seed_ngram`-word sequences (normalised words, outside
   boilerplate, holding at least one content word);
2. seeds on roughly the same diagonal, at most `max_gap` words apart on both sides, chain
   into a candidate passage, so a passage survives edits, and reordered paragraphs simply
   form separate chains;
3. each chain is verified with a word-level alignment (rapidfuzz Indel opcodes over word
   lists), trimmed to its first and last matching words, and kept if it has at least
   `min_passage_words` matched words and a word-level similarity of at least
   `min_passage_similarity`.
Offsets are exact character offsets into both documents' texts.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Indel

from .analysis import Analyzed
from .config import ScanConfig

_MAX_SEED_REPEATS = 4  # an n-gram occurring more often than this in one document is not a seed


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


class SeedIndex:
    """The seed n-grams of one document: n-gram -> word positions (cached per document)."""

    __slots__ = ("index", "n")

    def __init__(self, an: Analyzed, n: int) -> None:
        self.n = n
        norms = an.words.norms
        boiler = an.boiler
        flags = an.content_flags
        index: dict[tuple[str, ...], list[int]] = {}
        for i in range(len(norms) - n + 1):
            if any(boiler[i:i + n]) or not any(flags[i:i + n]):
                continue
            index.setdefault(tuple(norms[i:i + n]), []).append(i)
        self.index = {k: v for k, v in index.items() if len(v) <= _MAX_SEED_REPEATS}


def seeds(a: SeedIndex, b: SeedIndex) -> list[tuple[int, int]]:
    """Positions `(i, j)` where the same n-gram starts in both documents, sorted."""
    small, large, swap = (a, b, False) if len(a.index) <= len(b.index) else (b, a, True)
    out: list[tuple[int, int]] = []
    for gram, positions in small.index.items():
        other = large.index.get(gram)
        if other is None:
            continue
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
            if 0 < i - li and 0 < j - lj <= reach:
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


def _merge_regions(regions: list[list[int]], gap: int) -> list[list[int]]:
    """Merge regions `[a0, a1, b0, b1, seeds]` that overlap or nearly touch on both sides."""
    regions = sorted(regions)
    merged = True
    while merged:
        merged = False
        out: list[list[int]] = []
        for r in regions:
            for m in out:
                if (r[0] <= m[1] + gap and m[0] <= r[1] + gap and r[2] <= m[3] + gap and m[2] <= r[3] + gap):
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
    found = seeds(index_a, index_b)
    if not found:
        return []
    regions = [[c[0][0], c[-1][0] + n, c[0][1], c[-1][1] + n, len(c)] for c in chain(found, n, cfg.max_gap)]
    regions = _merge_regions(regions, cfg.max_gap // 2)
    out: list[PairPassage] = []
    for a0, a1, b0, b1, _ in regions:
        p = _verify(a, b, ia, ib, a0, a1, b0, b1, cfg)
        if p is not None:
            out.append(p)
    return _drop_contained(out)


def _verify(a: Analyzed, b: Analyzed, ia: int, ib: int, a0: int, a1: int, b0: int, b1: int,
            cfg: ScanConfig) -> PairPassage | None:
    wa = a.words.norms[a0:a1]
    wb = b.words.norms[b0:b1]
    blocks = [blk for blk in Indel.opcodes(wa, wb).as_matching_blocks() if blk.size > 0]
    # Trim to the outermost blocks of two or more words: a lone "the" far out is not a passage edge.
    solid = [k for k, blk in enumerate(blocks) if blk.size >= 2]
    if not solid:
        return None
    blocks = blocks[solid[0]:solid[-1] + 1]
    matched = sum(blk.size for blk in blocks)
    if matched < cfg.min_passage_words:
        return None
    first, last = blocks[0], blocks[-1]
    ta0, ta1 = a0 + first.a, a0 + last.a + last.size
    tb0, tb1 = b0 + first.b, b0 + last.b + last.size
    similarity = 2.0 * matched / ((ta1 - ta0) + (tb1 - tb0))
    if similarity < cfg.min_passage_similarity:
        return None
    return PairPassage(
        a=ia, b=ib,
        a_words=(ta0, ta1), b_words=(tb0, tb1),
        a_span=(a.words.starts[ta0], a.words.ends[ta1 - 1]),
        b_span=(b.words.starts[tb0], b.words.ends[tb1 - 1]),
        similarity=round(similarity, 4),
        matched=matched,
    )


def _drop_contained(ps: list[PairPassage]) -> list[PairPassage]:
    ps = sorted(ps, key=lambda p: (-(p.a_words[1] - p.a_words[0]), p.a_words, p.b_words))
    kept: list[PairPassage] = []
    for p in ps:
        if any(k.a_words[0] <= p.a_words[0] and p.a_words[1] <= k.a_words[1]
               and k.b_words[0] <= p.b_words[0] and p.b_words[1] <= k.b_words[1] for k in kept):
            continue
        kept.append(p)
    return sorted(kept, key=lambda p: (p.a_words, p.b_words))
