"""Candidate generation: how many document pairs that share a passage does LSH find, and
how fast does a whole scan run? Measured on the METER development half pooled into one
corpus (PA copy and newspaper articles of 127 stories, 831 documents).

Ground truth for recall: every pair of documents of the same story, aligned exhaustively;
a pair "shares a passage" when the aligner finds one. Recall is then the share of those
pairs that LSH proposes, by the size of their largest shared passage.

Then the candidates' rare-word rule on a folder of a few stories (`few_stories`).
"""

from __future__ import annotations

import itertools
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from provenance.align import align_pair, seed_index
from provenance.config import ScanConfig
from provenance.passages import group_passages
from provenance.pipeline import align_pairs, find_pairs, load_corpus
from provenance.synth import SynthConfig, read_truth, write_corpus

from .common import require
from .meter_data import METER

BUCKETS = [(8, 12), (12, 20), (20, 40), (40, 10**9)]


def run(cfg: ScanConfig | None = None, out=sys.stdout) -> dict[str, float]:
    print("Candidate pairs (MinHash/LSH) and scan speed, METER development half pooled", file=out)
    if not require(METER):
        return {}
    # LSH is what is measured: no corpus is small enough to have every pair aligned instead.
    cfg = (cfg or ScanConfig()).with_(exhaustive_pairs=0)
    t0 = time.perf_counter()
    corpus = load_corpus([METER / "PA" / "rawtexts", METER / "newspapers" / "rawtexts"], cfg)
    t_read = time.perf_counter() - t0
    docs = corpus.analyzed
    story = [tuple(d.doc.path.split("/")[-3:-1]) for d in docs]
    t1 = time.perf_counter()
    pairs = find_pairs(docs, cfg)
    t_lsh = time.perf_counter() - t1
    t2 = time.perf_counter()
    found = align_pairs(docs, pairs, cfg)
    groups = group_passages(found, docs)
    t_align = time.perf_counter() - t2

    by_story = defaultdict(list)
    for i, s in enumerate(story):
        by_story[s].append(i)
    truth: dict[tuple[int, int], int] = {}
    index = {i: seed_index(docs[i], cfg.seed_ngram) for i in range(len(docs))}
    for members in by_story.values():
        for i, j in itertools.combinations(members, 2):
            ps = align_pair(docs[i], docs[j], i, j, cfg, index[i], index[j])
            if ps:
                truth[(i, j)] = max(p.matched for p in ps)
    proposed = set(pairs)
    total = len(docs)
    n_pairs = total * (total - 1) // 2
    cells = []
    for lo, hi in BUCKETS:
        t = [p for p, size in truth.items() if lo <= size < hi]
        hit = sum(1 for p in t if p in proposed)
        cells.append(f"{lo}-{hi if hi < 10**9 else ''} words {hit / max(1, len(t)):.2f} ({len(t)})")
    recall = sum(1 for p in truth if p in proposed) / max(1, len(truth))
    scan_seconds = t_read + t_lsh + t_align
    print(f"  documents {total}, candidate pairs {len(pairs)} of {n_pairs} ({len(pairs) / n_pairs:.1%}), "
          f"passage groups {len(groups)}", file=out)
    print(f"  recall of same-story pairs sharing a passage: {recall:.3f} overall; by largest passage: " + "; ".join(cells), file=out)
    print(f"  scan time {scan_seconds:.2f}s = read+prepare {t_read:.2f}s, LSH {t_lsh:.2f}s, align+group {t_align:.2f}s "
          f"-> {total / scan_seconds:.0f} documents/s", file=out)
    few = few_stories(cfg, out)
    return {"recall": recall, "candidates": len(pairs), "seconds": scan_seconds, "docs_per_second": total / scan_seconds,
            **few}


def few_stories(cfg: ScanConfig, out=sys.stdout) -> dict[str, float]:
    """The rare-word rule on a folder of a few stories, whose own words are in most of its
    documents: 500 generated articles of two stories, planted (source, copy) pairs among the
    candidates with the settings given and with common words counted from a tenth of the
    documents alone (no `common_word_min_docs`)."""
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(SynthConfig(seed=77, stories=2, min_docs=250, max_docs=250), Path(tmp))
        truth = read_truth(Path(tmp))
        docs = load_corpus([Path(tmp) / "corpus"], cfg).analyzed
    pos = {d.id: k for k, d in enumerate(docs)}
    planted = {(min(pos[p], pos[d]), max(pos[p], pos[d])) for d, r in truth.items() for p in r["parents"] if p in pos}
    kept = {}
    for name, c in (("settings", cfg), ("no floor", cfg.with_(common_word_min_docs=0))):
        kept[name] = len(planted & set(find_pairs(docs, c)))
    print(f"  {len(docs)} generated articles of 2 stories: planted pairs among the candidates {kept['settings']} "
          f"of {len(planted)} ({kept['no floor']} if a word in a tenth of the documents were common, "
          f"however few they are)", file=out)
    return {"few_stories_planted": kept["settings"] / max(1, len(planted))}


if __name__ == "__main__":
    run()
