"""The compiled seed kernels (`provenance/_seeds.pyx`) against a plain Python statement of
what they compute: the same regions for every pair, on generated news and on random texts
with repeated n-grams, boilerplate and sentences sharing words."""

from __future__ import annotations

import itertools
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import _seeds
from provenance.align import (
    _MAX_POSTINGS,
    _MAX_SEED_REPEATS,
    _MIN_SENTENCE_WORDS,
    _SHORT_SENTENCE_DICE,
    align_pair,
    seed_index,
    seed_regions,
)
from provenance.analysis import Analyzed, analyze
from provenance.config import ScanConfig
from provenance.model import Document
from provenance.synth import SynthConfig, generate

CFG = ScanConfig()


# --- the reference: what the kernels compute, in plain Python ---------------------------------

def reference_regions(a: Analyzed, b: Analyzed, cfg: ScanConfig) -> list[list[int]]:
    n = cfg.seed_ngram
    ia, ib = _Index(a, n), _Index(b, n)
    regions = [[c[0][0], c[-1][0] + n, c[0][1], c[-1][1] + n, len(c)]
               for whole in _chain(_ngram_seeds(ia, ib), n, cfg.max_gap)
               for c in _split(whole, ia.segment, ib.segment)]
    regions += [r for r in _sentence_seeds(ia, ib, cfg.sentence_dice)
                if ia.segment[r[0]] == ia.segment[r[1] - 1] and ib.segment[r[2]] == ib.segment[r[3] - 1]]
    return regions


class _Index:
    def __init__(self, an: Analyzed, n: int) -> None:
        norms, boiler, flags = an.words.norms, an.boiler, an.content_flags
        self.norms = norms
        self.segment = list(itertools.accumulate(
            1 if boiler[k] and (k == 0 or not boiler[k - 1]) else 0 for k in range(len(boiler))))
        grams: dict[tuple[str, ...], list[int]] = {}
        for i in range(len(norms) - n + 1):
            if any(boiler[i:i + n]) or not any(flags[i:i + n]):
                continue
            grams.setdefault(tuple(norms[i:i + n]), []).append(i)
        self.grams = {g: p for g, p in grams.items() if len(p) <= _MAX_SEED_REPEATS}
        self.ranges: list[tuple[int, int]] = []
        self.words: list[frozenset[str]] = []
        self.postings: dict[str, list[int]] = {}
        for s, e in an.sentences:
            i, j = an.words.between(s, e)
            content = frozenset(norms[k] for k in range(i, j) if flags[k])
            if len(content) >= _MIN_SENTENCE_WORDS:
                for w in content:
                    self.postings.setdefault(w, []).append(len(self.ranges))
                self.ranges.append((i, j))
                self.words.append(content)


def _ngram_seeds(a: _Index, b: _Index) -> list[tuple[int, int]]:
    return sorted((p, q) for g in a.grams.keys() & b.grams.keys() for p in a.grams[g] for q in b.grams[g])


def _chain(seeds: list[tuple[int, int]], n: int, max_gap: int) -> list[list[tuple[int, int]]]:
    reach = max_gap + n
    chains: list[list[tuple[int, int]]] = []
    active: list[int] = []
    for i, j in seeds:
        active = [c for c in active if i - chains[c][-1][0] <= reach]
        fits = [(abs((j - i) - (chains[c][-1][1] - chains[c][-1][0])), k) for k, c in enumerate(active)
                if i > chains[c][-1][0] and 0 < j - chains[c][-1][1] <= reach]
        fits = [f for f in fits if f[0] <= max_gap]
        if fits:
            chains[active[min(fits)[1]]].append((i, j))
        else:
            chains.append([(i, j)])
            active.append(len(chains) - 1)
    return chains


def _split(c: list[tuple[int, int]], sa: list[int], sb: list[int]) -> list[list[tuple[int, int]]]:
    out = [[c[0]]]
    for prev, cur in itertools.pairwise(c):
        if sa[cur[0]] != sa[prev[0]] or sb[cur[1]] != sb[prev[1]]:
            out.append([])
        out[-1].append(cur)
    return out


def _sentence_seeds(a: _Index, b: _Index, min_dice: float) -> list[list[int]]:
    if min_dice <= 0:
        return []  # 0 disables sentence seeds
    found = []
    for (sa, wa), (sb, wb) in itertools.product(enumerate(a.words), enumerate(b.words)):
        shared = sum(1 for w in wa & wb if len(b.postings[w]) <= _MAX_POSTINGS)
        dice = 2.0 * shared / (len(wa) + len(wb))
        if shared >= _MIN_SENTENCE_WORDS and dice >= min_dice and (
                shared > _MIN_SENTENCE_WORDS or dice >= _SHORT_SENTENCE_DICE):
            found.append((dice, sa, sb, shared))
    best_a = {sa: max((d, -sb) for d, x, sb, _ in found if x == sa) for _, sa, _, _ in found}
    best_b = {sb: max((d, -sa) for d, sa, x, _ in found if x == sb) for _, _, sb, _ in found}
    out = []
    for dice, sa, sb, shared in found:
        if best_a[sa] == (dice, -sb) and best_b[sb] == (dice, -sa):
            common = a.words[sa] & b.words[sb]
            out.append([*_extent(a, a.ranges[sa], common), *_extent(b, b.ranges[sb], common), shared])
    return out


def _extent(index: _Index, sentence: tuple[int, int], common: frozenset[str]) -> tuple[int, int]:
    inside = [k for k in range(*sentence) if index.norms[k] in common]
    return inside[0], inside[-1] + 1


def assert_same_regions(a: Analyzed, b: Analyzed, cfg: ScanConfig = CFG) -> int:
    got = seed_regions(seed_index(a, cfg.seed_ngram), seed_index(b, cfg.seed_ngram), cfg)
    want = reference_regions(a, b, cfg)
    assert sorted(got) == sorted(want)
    return len(want)


# --- the tests ----------------------------------------------------------------------------------

def an(doc_id: str, text: str) -> Analyzed:
    return analyze(Document(id=doc_id, path=doc_id, text=text, format="txt", encoding=None))


def test_generated_news_gives_the_reference_regions_for_every_pair():
    docs = [an(d.id, d.text) for d in generate(SynthConfig(stories=3, min_docs=5, max_docs=7, seed=16))]
    found = [assert_same_regions(a, b) for a, b in itertools.combinations(docs, 2)]
    assert sum(1 for n in found if n) > len(docs)  # the corpus's copies do share seeds


VOCABULARY = ["army", "strike", "coalition", "said", "the", "of", "rubbish", "syria", "and", "bab", "9"]


@st.composite
def article_pairs(draw) -> tuple[Analyzed, Analyzed]:
    """Two texts over a dozen words (so n-grams repeat and sentences share words), the second
    made from the first's sentences with some dropped, shuffled and changed, each with random
    boilerplate words."""
    sentence = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12).map(" ".join)
    first = draw(st.lists(sentence, min_size=1, max_size=10))
    second = draw(st.permutations(first))[: draw(st.integers(0, len(first)))]
    second = second + draw(st.lists(sentence, max_size=4))
    docs = []
    for k, sentences in enumerate((first, second)):
        doc = an(str(k), ". ".join(s.capitalize() for s in sentences) + ".")
        boiler = tuple(draw(st.lists(st.booleans(), min_size=len(doc.words), max_size=len(doc.words))))
        docs.append(replace(doc, boiler=boiler,
                            content_flags=tuple(f and not b for f, b in zip(doc.content_flags, boiler))))
    return docs[0], docs[1]


@settings(max_examples=300, deadline=None)
@given(article_pairs(), st.integers(1, 4), st.integers(0, 14), st.sampled_from([0.0, 0.4, 0.7]))
def test_random_texts_give_the_reference_regions(pair, n, max_gap, dice):
    cfg = replace(CFG, seed_ngram=n, max_gap=max_gap, sentence_dice=dice)
    assert_same_regions(*pair, cfg)
    assert_same_regions(pair[1], pair[0], cfg)


def test_a_word_stands_for_its_text_whatever_the_script():
    words = ["rubbish", "rubbish ", "Rubbish", "мусор", "垃圾", "\U0001f4f0", "", "a\udcff"]
    hashes = [_seeds.word_hash(w) for w in words]
    assert len(set(hashes)) == len(words)
    assert _seeds.word_hash("мусор") == _seeds.word_hash("мусо" + "р")
    assert list(_seeds.word_hashes(words)) == hashes


def test_empty_and_one_word_documents_have_no_regions():
    empty, one = an("e", ""), an("o", "Rubbish.")
    full = an("f", "The coalition said the strike was rubbish. The army said so too.")
    for a, b in [(empty, full), (one, full), (empty, one), (full, empty)]:
        assert assert_same_regions(a, b) == 0
        assert align_pair(a, b, 0, 1, CFG) == []


def test_a_word_in_more_than_forty_sentences_does_not_seed_sentences():
    lead = an("a", "Coalition strike army post 7 hit.")
    many = an("b", " ".join(f"Coalition strike army post {k} hit." for k in range(_MAX_POSTINGS + 1)))
    few = an("c", " ".join(f"Coalition strike army post {k} hit." for k in range(_MAX_POSTINGS)))
    cfg = replace(CFG, seed_ngram=9)  # no n-gram seeds: sentences only
    assert assert_same_regions(lead, many, cfg) == 0  # "7" alone is left to count in `many`
    assert assert_same_regions(lead, few, cfg) == 1
