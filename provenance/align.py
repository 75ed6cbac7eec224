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

from collections import Counter
from dataclasses import dataclass
from itertools import compress

import numpy as np
from rapidfuzz.distance import Indel

from . import _seeds
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


SeedIndex = _seeds.SeedIndex


def seed_index(an: Analyzed, n: int) -> SeedIndex:
    """What one document offers for seeding, cached per document during a scan: its n-grams of
    `n` words outside boilerplate holding a content word (with their positions; those repeated
    more than `_MAX_SEED_REPEATS` times left out), its sentences as content-word sets with an
    inverted index, and per word the stretch of text between boilerplate it lies in (no
    passage crosses an "Advertisement" or "RECOMMENDED ..." line)."""
    sentences = np.array([an.words.between(s, e) for s, e in an.sentences], dtype=np.int64).reshape(-1, 2)
    return SeedIndex(an.words.norms, _bytes(an.boiler), _bytes(an.content_flags), sentences, n,
                     _MAX_SEED_REPEATS, _MIN_SENTENCE_WORDS)


def _bytes(flags: tuple[bool, ...]) -> np.ndarray:
    return np.frombuffer(bytes(flags), dtype=np.uint8)


def seed_regions(a: SeedIndex, b: SeedIndex, cfg: ScanConfig) -> list[list[int]]:
    """Where a passage of `a` and `b` may lie, as regions `[a0, a1, b0, b1, weight]` in words:
    chains of exact n-gram seeds, and sentence pairs sharing their content words (see the
    module's steps 1 and 2); compiled, in `_seeds.pyx`."""
    return _seeds.seed_regions(a, b, cfg.seed_ngram, cfg.max_gap, cfg.sentence_dice, _MIN_SENTENCE_WORDS,
                               _SHORT_SENTENCE_DICE, _MAX_POSTINGS)


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
    index_a = index_a or seed_index(a, cfg.seed_ngram)
    index_b = index_b or seed_index(b, cfg.seed_ngram)
    sa, sb = index_a.segment, index_b.segment
    regions = seed_regions(index_a, index_b, cfg)
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
    content = sum(sum(fa[a0 + blk.a:a0 + blk.a + blk.size]) for blk in blocks)
    if content < cfg.min_passage_content_words:
        return None
    ordered = 2.0 * matched / (len(wa) + len(wb))
    ca = Counter(compress(wa, fa[a0:a1]))  # content words of each side, with their counts
    cb = Counter(compress(wb, fb[b0:b1]))
    common = sum(min(n, cb[w]) for w, n in ca.items() if w in cb)
    bag = 2.0 * common / max(1, ca.total() + cb.total())
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
