"""A whole scan of a generated corpus with planted reuse: speed, peak memory, and recall of
the planted copies.

`provenance synth` writes news-length articles (wire originals; rewrites, aggregators,
briefs and syndicated copies that drop and reorder paragraphs, cut sentences, reword verbs,
trim quotes and add material of their own; independent reports sharing only quotes), and
its true derivation pairs. The scan reads the JSONL shards and runs every stage (passages,
quotes, citations, evidence, graph). Planted-pair recall: true (source, copy) pairs, both in
the corpus, that the scan links by at least one shared passage. Targets on a 2-core machine:
1,000 articles per second for the whole scan, planted-pair recall 0.95.

Passage groups: how many, the largest (documents, and the stories they come from), how often
two copies of overlapping stretches of one source land in the same group (a group should list
every place its text occurs), and how many pairs of documents from different stories a group
lists together without their sharing a passage (chaining through a stock phrase).
"""

from __future__ import annotations

import math
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from provenance import scan
from provenance.parallel import resolve_workers
from provenance.synth import SynthConfig, read_truth, write_corpus

from .common import python_speed

#: The issue's size, at least; `python -m benchmarks.scan_scale N` scans another (under a minute for 20,000 on 2 cores).
ARTICLES = 20_000


def run(out=sys.stdout, articles: int = ARTICLES) -> dict[str, float]:
    print(f"Whole scan of at least {articles:,} generated articles with planted reuse", file=out)
    with tempfile.TemporaryDirectory() as tmp:
        folder, counts = _corpus(Path(tmp), articles)
        truth = read_truth(folder)
        t0 = time.perf_counter()
        report = scan(folder / "corpus")
        elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest worker
    linked = {frozenset((p.spans[k.a].doc, p.spans[k.b].doc)) for p in report.passages for k in p.links}
    planted = {frozenset((parent, d)) for d, r in truth.items() for parent in r["parents"]
               if r["kind"] != "independent"}
    found = sum(1 for pair in planted if pair in linked)
    words = sum(len(d.text.split()) for d in report.documents) / max(1, len(report.documents))
    n = counts["documents"]
    print(f"  {n:,} articles ({words:.0f} words each), {len(planted):,} planted source-copy pairs: "
          f"{n / elapsed:,.0f} articles/s ({elapsed:.0f}s, {resolve_workers(None)} workers), peak memory "
          f"{peak:,.0f} MiB (largest worker {worker_peak:,.0f} MiB, mostly shared with the main process), "
          f"planted-pair recall {found / max(1, len(planted)):.3f}", file=out)
    print(f"  (this machine: a 10-million-step Python loop in {python_speed():.2f} s)", file=out)
    groups = group_quality(report, truth)
    print(f"  passage groups {groups['groups']:,}: the largest lists {groups['largest_docs']} documents from "
          f"{groups['largest_stories']} stories; copies of overlapping stretches of one source in one group "
          f"{groups['together']:.3f}; pairs of documents from different stories listed together without a "
          f"shared passage {groups['unrelated_pairs']:,}", file=out)
    return {"articles_per_second": n / elapsed, "peak_mib": peak, "worker_peak_mib": worker_peak,
            "recall": found / max(1, len(planted)), **groups}


def _corpus(tmp: Path, articles: int) -> tuple[Path, dict[str, int]]:
    """A generated corpus of at least `articles` documents in a folder under `tmp`, and its
    counts: about 8 documents a story, and more stories while it falls short."""
    stories, attempt = math.ceil(articles / 8), 0
    while True:
        folder = tmp / f"corpus{attempt}"
        counts = write_corpus(SynthConfig(seed=20_000, stories=stories), folder, shard_size=5_000)
        if counts["documents"] >= articles:
            return folder, counts
        shutil.rmtree(folder)
        stories += math.ceil((articles - counts["documents"]) / SynthConfig.min_docs)
        attempt += 1


def group_quality(report, truth: dict[str, dict]) -> dict[str, float]:
    """How well the passage groups list one stretch of text each (see the module's docstring)."""
    linked = {frozenset((p.spans[k.a].doc, p.spans[k.b].doc)) for p in report.passages for k in p.links}
    largest = max(report.passages, key=lambda p: len(p.docs), default=None)
    unrelated = 0
    for p in report.passages:
        docs = p.docs
        for i, a in enumerate(docs):
            for b in docs[i + 1:]:
                if truth[a]["story"] != truth[b]["story"] and frozenset((a, b)) not in linked:
                    unrelated += 1
    # (source, copy) links: the group and the source's span they are in
    by_source: dict[str, list[tuple[int, int, str, int]]] = defaultdict(list)
    for g, p in enumerate(report.passages):
        for k in p.links:
            for x, y in ((p.spans[k.a], p.spans[k.b]), (p.spans[k.b], p.spans[k.a])):
                if x.doc in truth[y.doc]["parents"]:
                    by_source[x.doc].append((x.start, x.end, y.doc, g))
    together = pairs = 0
    for copies in by_source.values():
        for i, (s1, e1, c1, g1) in enumerate(copies):
            for s2, e2, c2, g2 in copies[i + 1:]:
                if c1 != c2 and min(e1, e2) - max(s1, s2) >= 0.5 * min(e1 - s1, e2 - s2):
                    pairs += 1
                    together += g1 == g2
    return {"groups": len(report.passages),
            "largest_docs": len(largest.docs) if largest else 0,
            "largest_stories": len({truth[d]["story"] for d in largest.docs}) if largest else 0,
            "together": together / max(1, pairs), "unrelated_pairs": unrelated}


if __name__ == "__main__":
    run(articles=int(sys.argv[1]) if len(sys.argv) > 1 else ARTICLES)
