"""The compiled vocabulary overlap (`provenance/_overlap.pyx`, used by `provenance.evidence`)
against Python's sets of the words themselves: as many distinct trigrams, content words and
content-word pairs per document, and as many shared between every two documents."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from provenance import _overlap
from provenance.analysis import Analyzed, analyze
from provenance.evidence import Vocabularies
from provenance.model import Document
from provenance.synth import SynthConfig, generate


def reference_sets(an: Analyzed) -> tuple[set, set, set]:
    n, boiler = an.words.norms, an.boiler
    trigrams = {tuple(n[i:i + 3]) for i in range(len(n) - 2) if not (boiler[i] or boiler[i + 2])}
    content = [w for w, f in zip(n, an.content_flags) if f]
    return trigrams, set(content), set(itertools.pairwise(content))


def check(docs: list[Analyzed]) -> np.ndarray:
    vocab = Vocabularies(docs)
    ref = [reference_sets(d) for d in docs]
    for k, sets in enumerate(ref):
        for kind, expected in enumerate(sets):
            got = vocab.of(kind, k)
            assert len(got) == len(expected) == vocab.sizes[kind][k]
            assert np.all(got[1:] > got[:-1])  # sorted and distinct
    pairs = list(itertools.combinations(range(len(docs)), 2))
    common = vocab.common(pairs)
    for (i, j), row in zip(pairs, common.tolist()):
        assert row == [len(ref[i][kind] & ref[j][kind]) for kind in range(3)]
    for target in range(len(docs)):  # what any of the others has of the target's pairs
        others = [k for k in range(len(docs)) if k != target][:3]
        assert _overlap.common_with_any(vocab.values[2], vocab.offsets[2], target, np.array(others, dtype=np.int64)) \
            == len(ref[target][2] & set().union(*(ref[k][2] for k in others)))
    return common


def test_counts_on_generated_news_with_boilerplate():
    docs = []
    for s in itertools.islice(generate(SynthConfig(seed=7, stories=3)), 12):
        d = Document(id=s.id, path=f"{s.id}.txt", text=s.text, format="txt", encoding="utf-8")
        an = analyze(d)
        # mark a stretch of each as boilerplate, which trigrams must skip
        boiler = tuple(10 <= k < 20 for k in range(len(an.words)))
        docs.append(analyze(d, (an.words, an.paragraphs, an.sentences),
                            (boiler, tuple(f and not b for f, b in zip(an.content_flags, boiler)))))
    common = check(docs)
    assert (common[:, 0] > 20).sum() >= 5  # copies of one story share many trigrams


@given(st.lists(st.lists(st.sampled_from(["court", "the", "heard", "of", "jury", "said", "guilty", "a", "x"]),
                         max_size=30), min_size=2, max_size=5))
def test_counts_on_small_vocabularies(texts):
    check([analyze(Document(id=f"d{k}", path=f"d{k}.txt", text=" ".join(t), format="txt", encoding="utf-8"))
           for k, t in enumerate(texts)])


def test_empty_documents_share_nothing():
    empty = np.zeros(0, dtype=np.uint8)
    assert all(len(x) == 0 for x in _overlap.document_sets([], empty, empty))
    assert _overlap.common_counts(np.zeros(0, dtype=np.uint64), np.zeros(3, dtype=np.int64),
                                  np.array([0], dtype=np.int64), np.array([1], dtype=np.int64)).tolist() == [0]
