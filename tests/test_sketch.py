from __future__ import annotations

from dataclasses import replace

import numpy as np
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import _sketch
from provenance.analysis import analyze
from provenance.boilerplate import document_boilerplate
from provenance.config import ScanConfig
from provenance.model import Document
from provenance.sketch import (
    CLAUSE_BREAK,
    Sketcher,
    candidate_pairs,
    clause_ranges,
    sketch_corpus,
    window_ranges,
)
from provenance.text import words


def _doc(i: int, text: str):
    return analyze(Document(id=f"d{i}", path=f"d{i}.txt", text=text, format="txt", encoding="utf-8"))


@given(st.lists(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=40), min_size=1, max_size=12))
def test_batch_signatures_equal_datasketch(shingles):
    cfg = ScanConfig()
    sketcher = Sketcher(cfg)
    ours = sketcher.signatures(np.array([h for sh in shingles for h in sh], dtype=np.uint32),
                               np.array([len(sh) for sh in shingles]))
    for row, sh in zip(ours, shingles):
        m = MinHash(num_perm=cfg.num_perm, seed=cfg.minhash_seed, hashfunc=lambda x: x, scheme="affine32")
        m.update_batch(sh)
        assert np.array_equal(row, m.hashvalues)


def test_band_split_comes_from_datasketch():
    from datasketch import MinHashLSH

    cfg = ScanConfig()
    lsh = MinHashLSH(threshold=cfg.lsh_threshold, num_perm=cfg.num_perm)
    s = Sketcher(cfg)
    assert (s.bands, s.rows) == (lsh.b, lsh.r)
    assert s.bands * s.rows <= cfg.num_perm


def test_windows_cover_every_content_word():
    text = ("The ministry said on Monday that two Russian jets struck targets near al-Bab. "
            "“It was rubbish,” Col. John Dorrian said; the coalition denied it. " * 3)
    an = analyze(Document(id="x", path="x", text=text, format="txt", encoding=None))
    ranges = window_ranges(an, ScanConfig())
    covered = set()
    for s, e in ranges:
        covered.update(range(s, e))
    assert all(k in covered for k, f in enumerate(an.content_flags) if f)


def test_a_shared_quote_inside_long_articles_makes_a_candidate_pair():
    quote = "“If there is a way that we can combat ISIS with any country, whether it is Russia or anyone else, sure we’ll take it.”"
    filler_a = " ".join(f"Alpha{i} bravo{i} charlie{i} delta{i}." for i in range(60))
    filler_b = " ".join(f"Echo{i} foxtrot{i} golf{i} hotel{i}." for i in range(60))
    filler_c = " ".join(f"India{i} juliet{i} kilo{i} lima{i}." for i in range(60))
    docs = [_doc(0, filler_a + "\n\n" + quote + "\n\n" + filler_a),
            _doc(1, filler_b + " Spicer said: " + quote + " " + filler_b),
            _doc(2, filler_c)]
    pairs = candidate_pairs(sketch_corpus(docs, Sketcher(ScanConfig())), 3)
    assert (0, 1) in pairs
    assert (0, 2) not in pairs and (1, 2) not in pairs


def test_boilerplate_never_makes_candidates():
    ad = "Follow us on Facebook for more updates on Example News and our partners worldwide today."
    raw = [Document(id="a", path="a", text="Alpha bravo charlie delta echo.\n\n" + ad, format="txt", encoding=None),
           Document(id="b", path="b", text="Foxtrot golf hotel india juliet.\n\n" + ad, format="txt", encoding=None)]
    docs = [analyze(replace(d, boilerplate=tuple(document_boilerplate(d)))) for d in raw]
    assert [r.kind for d in docs for r in d.doc.boilerplate] == ["furniture", "furniture"]
    assert candidate_pairs(sketch_corpus(docs, Sketcher(ScanConfig())), 2) == {}


def test_a_pair_meeting_only_on_a_sentence_shape_is_not_aligned():
    """Two unrelated articles ending on the same three-word sentence shape are an LSH candidate
    (their last windows are identical) but share too few words to be worth aligning."""
    from provenance.pipeline import find_pairs

    shape = " The ministry stated on Monday."
    docs = [_doc(0, " ".join(f"Alpha{i} bravo{i} charlie{i} delta{i}." for i in range(30)) + shape),
            _doc(1, " ".join(f"Echo{i} foxtrot{i} golf{i} hotel{i}." for i in range(30)) + shape)]
    hits = candidate_pairs(sketch_corpus(docs, Sketcher(ScanConfig())), 2)
    assert hits[(0, 1)].shared_words == 3  # ministry, stated, monday
    lsh = ScanConfig(exhaustive_pairs=0)  # two documents are one pair: below the default, all are aligned
    assert find_pairs(docs, lsh) == []
    # (in two documents every word is common: no rare words asked of the pair)
    assert find_pairs(docs, lsh.with_(min_shared_words=3, min_rare_words=0)) == [(0, 1)]


_WIRE = ("HARBOUR CAPTAIN IN COURT ON SMUGGLING CHARGES\n\n"
         "A 64-year-old harbour captain appeared in court today charged with nine counts of smuggling "
         "tobacco allegedly carried on ferries between Dover and Calais.\n\n"
         "Peter Lamb, of Folkestone, Kent, spoke only to confirm his name and address during the short hearing "
         "at Canterbury Crown Court.\n\n"
         "He was remanded on conditional bail to appear before the same court next month.\n\n"
         "Customs officers arrested Lamb after a six-month inquiry into cargo manifests at the port, which "
         "handles most of the cross-Channel freight.\n\n"
         "The charges relate to offences allegedly committed between 1994 and 1998.")
# A newspaper brief rewriting one wire sentence inside a sentence of its own colour: too few
# of its window's words are the wire's for LSH, but the words it took are a shared passage.
_BRIEF = ("Grey-bearded sea captain Peter Lamb, 64, whose neighbours in the quiet lanes of Hythe call him a "
          "gentle giant, appeared before Canterbury judges yesterday charged with nine counts of smuggling "
          "tobacco allegedly carried on cross-Channel ferries, wearing a blue blazer and regimental tie. "
          "He was bailed for four weeks.")


def test_a_small_corpus_aligns_every_pair_and_finds_what_lsh_misses():
    from provenance.pipeline import align_pairs, find_pairs

    docs = [_doc(0, _WIRE), _doc(1, _BRIEF), _doc(2, "Mike november oscar papa quebec romeo sierra tango.")]
    cfg = ScanConfig()
    assert find_pairs(docs, cfg) == [(0, 1), (0, 2), (1, 2)]
    found = align_pairs(docs, find_pairs(docs, cfg), cfg)
    assert [(p.a, p.b) for p in found] == [(0, 1)]
    assert "charged with nine counts of smuggling tobacco allegedly carried" in docs[1].doc.text[slice(*found[0].b_span)]
    # Through LSH alone the pair is never aligned; a limit below the corpus's three pairs means LSH.
    assert find_pairs(docs, cfg.with_(exhaustive_pairs=0)) == []
    assert find_pairs(docs, cfg.with_(exhaustive_pairs=2)) == []
    assert find_pairs(docs, cfg.with_(exhaustive_pairs=3)) == [(0, 1), (0, 2), (1, 2)]


def test_a_copied_paragraph_counts_its_distinct_shared_words():
    para = ("Rescue teams pulled eleven survivors from the collapsed textile factory in Savar late on "
            "Thursday, firefighters said, as cranes lifted slabs of concrete from the ruins.")
    docs = [_doc(0, "Alpha bravo charlie delta echo foxtrot. " + para),
            _doc(1, para + " Golf hotel india juliet kilo lima."),
            _doc(2, "Mike november oscar papa quebec romeo sierra tango uniform victor.")]
    hits = candidate_pairs(sketch_corpus(docs, Sketcher(ScanConfig())), 3)
    assert set(hits) == {(0, 1)}
    assert hits[(0, 1)].shared_words >= 12


def test_buckets_of_many_windows_pair_one_window_per_document():
    from provenance.sketch import _BIG_BUCKET, _BIG_BUCKET_SPAN, _pairs_in_buckets

    # bucket 0: windows 0-3 (documents 0, 0, 1, 2); bucket 1: one window in each of 100 documents
    doc_of = np.array([0, 0, 1, 2, *range(3, 103)])
    order = np.arange(len(doc_of))
    pairs = {tuple(p) for p in _pairs_in_buckets(order, np.array([0, 4]), np.array([4, 100]), doc_of).tolist()}
    small = {p for p in pairs if p[1] < 4}
    assert small == {(0, 2), (0, 3), (2, 3)}  # document 0 by its first window only
    big = pairs - small
    assert _BIG_BUCKET < 100  # so each document pairs with its next few only
    assert big == {(4 + x, 4 + y) for x in range(100) for y in range(x + 1, min(100, x + 1 + _BIG_BUCKET_SPAN))}


def test_the_shared_word_estimate_is_the_same_in_blocks_on_threads(monkeypatch):
    import provenance.sketch as sketch

    para = ("Rescue teams pulled eleven survivors from the collapsed textile factory in Savar late on "
            "Thursday, firefighters said, as cranes lifted slabs of concrete from the ruins.")
    docs = [_doc(k, f"Story {k} opens with its own words about harbour {k}. " + para) for k in range(4)]
    sk = sketch_corpus(docs, Sketcher(ScanConfig()))
    first, second = np.triu_indices(len(sk), 1)
    sizes = np.diff(sk.bounds)
    j = (sk.signatures[first] == sk.signatures[second]).mean(axis=1)
    whole = j / (1 + j) * (sizes[first] + sizes[second])
    assert whole.max() > 10  # the shared paragraph's windows
    monkeypatch.setattr(sketch, "_ESTIMATE_BLOCK", 7)
    for workers in (1, 2):
        assert np.array_equal(sketch._shared_estimate(sk, first, second, workers), whole)


@st.composite
def window_pairs(draw):
    """Windows of sorted distinct shingles over a small range (so they share some), and document
    pairs made of one or more window pairs each."""
    windows = draw(st.lists(st.sets(st.integers(0, 40), min_size=1, max_size=15).map(sorted), min_size=2, max_size=20))
    window = st.integers(0, len(windows) - 1)
    pairs = draw(st.lists(st.lists(st.tuples(window, window), min_size=1, max_size=5), max_size=12))
    return windows, pairs


@given(window_pairs(), st.integers(1, 4))
def test_the_compiled_count_of_shared_words_is_the_union_of_set_intersections(case, block):
    from provenance import _sketch

    windows, pairs = case
    shingles = np.array([h for w in windows for h in w], dtype=np.uint32)
    bounds = np.concatenate(([0], np.cumsum([len(w) for w in windows]))).astype(np.int64)
    rows = [wp for p in pairs for wp in p]
    first = np.array([a for a, _ in rows], dtype=np.int64)
    second = np.array([b for _, b in rows], dtype=np.int64)
    lengths = np.array([len(p) for p in pairs], dtype=np.int64)
    offsets = np.cumsum(lengths) - lengths
    want = [len(set().union(*(set(windows[a]) & set(windows[b]) for a, b in p))) for p in pairs]
    got = np.concatenate([np.zeros(0, dtype=np.int64)] + [
        _sketch.shared_words(shingles, bounds, first, second, offsets[lo:lo + block], lengths[lo:lo + block])
        for lo in range(0, len(pairs), block)])
    assert got.tolist() == want


def test_candidate_counts_are_the_same_in_blocks_on_threads(monkeypatch):
    import provenance.sketch as sketch

    para = ("Rescue teams pulled eleven survivors from the collapsed textile factory in Savar late on "
            "Thursday, firefighters said, as cranes lifted slabs of concrete from the ruins.")
    docs = [_doc(k, f"Story {k} opens with its own words about harbour {k}. " + para[: 60 + 9 * k]) for k in range(8)]
    sk = sketch_corpus(docs, Sketcher(ScanConfig()))
    whole = candidate_pairs(sk, len(docs), 5)
    assert len(whole) > 10  # most pairs share a part of the paragraph
    monkeypatch.setattr(sketch, "_COUNT_BLOCK", 3)
    for workers in (1, 2):
        assert candidate_pairs(sk, len(docs), 5, workers) == whole


def test_signatures_and_band_keys_the_same_on_threads():
    from provenance.sketch import _SIGNATURE_BLOCK

    rng = np.random.default_rng(3)
    lengths = rng.integers(1, 30, size=2 * _SIGNATURE_BLOCK + 100)
    shingles = rng.integers(0, 2**32, size=int(lengths.sum()), dtype=np.uint32)
    s = Sketcher(ScanConfig())
    one = s.signatures(shingles, lengths)
    two = s.signatures(shingles, lengths, workers=2)
    assert np.array_equal(one, two)
    assert np.array_equal(s.band_keys(one), s.band_keys(one, workers=2))
    # the last block's rows hold the minima datasketch computes, not what the array held
    cfg = ScanConfig()
    m = MinHash(num_perm=cfg.num_perm, seed=cfg.minhash_seed, hashfunc=lambda x: x, scheme="affine32")
    m.update_batch(shingles[-lengths[-1]:].tolist())
    assert np.array_equal(two[-1], m.hashvalues)


def test_a_window_larger_than_a_chunk_gets_its_minima():
    from provenance.sketch import _SIGNATURE_CHUNK

    cfg = ScanConfig()
    big = _SIGNATURE_CHUNK // (4 * cfg.num_perm) * 3 + 7  # three chunks' worth of shingles in one window
    rng = np.random.default_rng(5)
    lengths = np.array([5, big, 3])
    shingles = rng.integers(0, 2**32, size=int(lengths.sum()), dtype=np.uint32)
    ours = Sketcher(cfg).signatures(shingles, lengths)
    for row, (lo, hi) in zip(ours, [(0, 5), (5, 5 + big), (5 + big, len(shingles))]):
        m = MinHash(num_perm=cfg.num_perm, seed=cfg.minhash_seed, hashfunc=lambda x: x, scheme="affine32")
        m.update_batch(shingles[lo:hi].tolist())
        assert np.array_equal(row, m.hashvalues)


def _clause_ranges(text: str, sentences, w) -> list[tuple[int, int]]:
    """What `clause_ranges` computes, stated plainly: each sentence cut at every match of
    `CLAUSE_BREAK`, each piece's words."""
    out = []
    for s, e in sentences:
        pos = s
        for m in CLAUSE_BREAK.finditer(text, s, e):
            if m.start() > pos:
                out.append(w.between(pos, m.start()))
            pos = m.end()
        if e > pos:
            out.append(w.between(pos, e))
    return [(i, j) for i, j in out if i < j]


@given(st.text(alphabet=st.sampled_from([*"ab :;'`\"-—–.\n", "“", "”", "«", "»", "„", "\u00a0", "\u2003"]), max_size=80),
       st.lists(st.tuples(st.integers(0, 80), st.integers(0, 30)), max_size=6))
@settings(max_examples=500)
def test_compiled_clauses_are_the_pattern_s(text, cuts):
    spans = sorted((s, min(len(text), s + n)) for s, n in cuts if s < len(text))
    an = _doc(0, text)
    w = words(text)
    for sentences in (spans, list(an.sentences)):
        assert _sketch.clause_ranges(text, sentences, w.starts, w.ends) == _clause_ranges(text, sentences, w)
    assert clause_ranges(an) == _clause_ranges(text, an.sentences, an.words)


_COMMON_SHAPE = " Government officials reportedly stated percent figures earlier."  # 7 content words


def _own(k: int) -> str:
    return " ".join(f"Alpha{k}x{i} bravo{k}x{i} charlie{k}x{i} delta{k}x{i}." for i in range(20))


def test_pairs_meeting_only_on_the_corpus_commonest_words_are_not_aligned():
    """Five of twenty documents end on one sentence of common words (each in a quarter of the
    corpus): the pairs it makes share seven words, none of them rare. Two documents sharing a
    sentence of rare words stay a pair, and so do documents sharing more than a phrase even
    where every word they share is common (a corpus of one story)."""
    from provenance.pipeline import find_pairs

    rare = " Rescue teams pulled eleven survivors from the collapsed textile factory."  # 8 content words
    docs = [_doc(k, _own(k) + _COMMON_SHAPE) for k in range(5)]
    docs += [_doc(5, _own(5) + rare), _doc(6, rare + _own(6))]
    docs += [_doc(k, _own(k)) for k in range(7, 20)]
    sk = sketch_corpus(docs, Sketcher(ScanConfig()))
    shape_pairs = {(i, j) for i in range(5) for j in range(i + 1, 5)}
    plain = candidate_pairs(sk, len(docs), 5)
    assert set(plain) == shape_pairs | {(5, 6)}
    assert all(plain[p].shared_words == 7 for p in shape_pairs)
    ruled = candidate_pairs(sk, len(docs), 5, min_rare=3, common_docs=2)  # a tenth of the documents
    assert set(ruled) == {(5, 6)}
    # words in a quarter of the documents (5) are not common when common means in more than 5
    assert set(candidate_pairs(sk, len(docs), 5, min_rare=3, common_docs=5)) == set(plain)
    assert set(candidate_pairs(sk, len(docs), 5, min_rare=3, common_docs=4)) == {(5, 6)}
    # the settings: a tenth of the documents, and more than `common_word_min_docs` of them
    assert ScanConfig().common_word_docs(20) == 500 and ScanConfig().common_word_docs(20_000) == 2000
    assert ScanConfig(common_word_min_docs=5).common_word_docs(20) == 5
    assert ScanConfig(common_word_min_docs=0).common_word_docs(20) == 2
    # a scan applies the rule, except against an index (`focus`); by default only on corpora
    # where common words are in more than `common_word_min_docs` (500) documents
    lsh = ScanConfig(exhaustive_pairs=0)
    assert find_pairs(docs, lsh) == sorted(plain)
    lsh = lsh.with_(common_word_min_docs=0)
    assert find_pairs(docs, lsh) == [(5, 6)]
    assert find_pairs(docs, lsh.with_(min_rare_words=0)) == sorted(plain)
    assert (0, 1) in find_pairs(docs, lsh, focus=frozenset({0}))

    para = ("Rescue teams pulled eleven survivors from the collapsed textile factory in Savar late on "
            "Thursday, firefighters said, as cranes lifted slabs of concrete from the ruins.")
    story = [_doc(k, _own(k) + " " + para) for k in range(6)]
    sk = sketch_corpus(story, Sketcher(ScanConfig()))
    everyone = candidate_pairs(sk, len(story), 5, min_rare=3, common_docs=0.6)  # a tenth of the documents
    assert len(everyone) == 15 and min(h.shared_words for h in everyone.values()) >= 10


def test_the_rare_word_settings_are_checked():
    import pytest

    from provenance.errors import ConfigError

    with pytest.raises(ConfigError, match="min_rare_words"):
        ScanConfig(min_rare_words=6)
    with pytest.raises(ConfigError, match="common_word_share"):
        ScanConfig(common_word_share=0.0)
    with pytest.raises(ConfigError, match="common_word_min_docs"):
        ScanConfig(common_word_min_docs=-1)
    assert ScanConfig(min_rare_words=0, common_word_share=1.0).min_rare_words == 0
