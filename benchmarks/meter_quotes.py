"""Quote groups between PA copy and newspaper articles, against a hand-checked sample (METER dev).

The sample (benchmarks/annotations/meter_quotes.tsv) was drawn with `python -m
benchmarks.meter_quotes sample` (a seeded random sample of newspaper quotes of four words
or more) and judged by hand: for each newspaper quote, which quotes of the story's PA copy
are the same quote (the same words of the same statement, possibly trimmed or edited), or
none. The file holds file names, offsets, a hash of each quote's text, the judgement and a
note, never the corpus text.

Measures, over the sampled newspaper quotes:
- recall: true (newspaper quote, PA quote) links that provenance puts in one quote group;
- precision: links provenance makes from a sampled newspaper quote to a PA quote that are true.
A quote is identified by its span; spans found by the current code match annotated spans
when they overlap by half of the shorter one.
"""

from __future__ import annotations

import csv
import hashlib
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from provenance.config import ScanConfig
from provenance.outlets import default_registry
from provenance.pipeline import load_corpus
from provenance.quotegroups import QuoteInstance, group_quotes, shared_words
from provenance.quotes import find_quotes, quote_units
from provenance.speakers import attribute

from .common import require
from .meter_data import METER, stories

ANNOTATIONS = Path(__file__).parent / "annotations" / "meter_quotes.tsv"
HELD_OUT = Path(__file__).parent / "annotations" / "meter_quotes_heldout.tsv"
SAMPLES = {ANNOTATIONS: (20261121, 100), HELD_OUT: (20261122, 60)}


@dataclass(frozen=True)
class Q:
    path: str  # relative to METER
    start: int
    end: int
    text: str
    speaker: str | None


def _rel(path: str) -> str:
    return Path(path).resolve().relative_to(METER.resolve()).as_posix()


def _story_quotes(pa, papers):
    """All quotes of one story and the system's links: (pa quotes, paper quotes, linked pairs)."""
    corpus = load_corpus([*pa, *[p.path for p in papers]], ScanConfig())
    registry = default_registry()
    instances, meta = [], {}
    for an in corpus.analyzed:
        qs = find_quotes(an)
        for q, s in zip(qs, attribute(an, qs, registry)):
            for us, ue in quote_units(an.doc.text, q):
                instances.append(QuoteInstance.make(an.id, an.doc.text, us, ue, s, None, quote=(q.start, q.end)))
            meta[(an.id, q.start)] = Q(_rel(an.doc.path), q.start, q.end, an.doc.text[q.start:q.end], s.name if s else None)
    groups = group_quotes(instances)
    spans: dict[str, list[tuple[int, int]]] = {}
    for doc, start in meta:
        spans.setdefault(doc, []).append((start, meta[(doc, start)].end))
    units: dict[tuple[str, int], list] = {}  # whole quote -> its units' (group, occurrence)
    for g in groups:
        for o in g.occurrences:
            for qs, qe in spans.get(o.doc, ()):  # a sentence of it, or a quote nested in it
                if qs <= o.start and o.end <= qe:
                    units.setdefault((o.doc, qs), []).append((g.id, o))
    pa_q = [meta[k] for k in meta if meta[k].path.startswith("PA/")]
    paper_q = [meta[k] for k in meta if not meta[k].path.startswith("PA/")]
    linked = set()
    keys = {meta[k]: k for k in meta}
    for p in paper_q:
        for a in pa_q:
            # Linked when a sentence of each is in one group with the same words.
            if any(gp == ga and shared_words(op, oa)
                   for gp, op in units.get(keys[p], ()) for ga, oa in units.get(keys[a], ())):
                linked.add((p, a))
    return pa_q, paper_q, linked


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _hash(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:10]


def sample(target: Path = ANNOTATIONS, out=sys.stdout) -> None:
    """Print a seeded sample of newspaper quotes with candidate PA quotes, for judging by hand.
    The held-out sample leaves out the quotes of the development sample."""
    seed, size = SAMPLES[target]
    rng = random.Random(seed)
    taken = set()
    if target != ANNOTATIONS and ANNOTATIONS.exists():
        taken = {r["paper"] for r in _rows(ANNOTATIONS)}
    pool = []
    for _story, (pa, papers) in sorted(stories().items()):
        pa_q, paper_q, _ = _story_quotes(pa, papers)
        for p in paper_q:
            if len(p.text.split()) >= 4 and f"{p.path}:{p.start}-{p.end}" not in taken:
                pool.append((p, pa_q))
    chosen = rng.sample(pool, min(size, len(pool)))
    for n, (p, pa_q) in enumerate(chosen, 1):
        print(f"#{n}\t{p.path}:{p.start}-{p.end}\t{_hash(p.text)}\tspeaker={p.speaker}", file=out)
        print(f"    PAPER: {' '.join(p.text.split())[:400]}", file=out)

        def score(a: Q, p: Q = p) -> float:
            return max(fuzz.token_set_ratio(p.text.lower(), a.text.lower()),
                       fuzz.partial_ratio(p.text.lower(), a.text.lower()))

        ranked = sorted(pa_q, key=lambda a: (-score(a), a.path, a.start))
        ranked = [a for k, a in enumerate(ranked) if k < 3 or score(a) >= 75]
        for a in ranked:
            window = fuzz.partial_ratio_alignment(p.text.lower(), a.text.lower())
            lo = max(0, window.dest_start - 80)
            shown = ' '.join(a.text[lo:window.dest_end + 80].split())
            print(f"    {a.path}:{a.start}-{a.end} {_hash(a.text)} [{score(a):.0f}] "
                  f"{'…' if lo else ''}{shown[:400]}", file=out)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    o = min(a[1], b[1]) - max(a[0], b[0])
    return o > 0 and o >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def _span(ref: str) -> tuple[str, tuple[int, int]]:
    path, _, rng = ref.rpartition(":")
    s, _, e = rng.partition("-")
    return path, (int(s), int(e))


def run(out=sys.stdout, verbose: bool = False) -> dict[str, dict[str, float]]:
    print("Quote groups, PA copy <-> newspaper quotes, METER development half (hand-checked samples)", file=out)
    if not require(METER):
        return {}
    results = {}
    for path, label in ((ANNOTATIONS, "development sample"), (HELD_OUT, "held-out sample")):
        if path.exists():
            results[label] = _evaluate(path, label, out, verbose)
    return results


def _evaluate(path: Path, label: str, out, verbose: bool) -> dict[str, float]:
    rows = _rows(path)
    by_story: dict[str, list[dict]] = {}
    for r in rows:
        by_story.setdefault(r["paper"].rpartition(":")[0], []).append(r)
    story_of_file = {}
    for pa, papers in stories().values():
        for p in papers:
            story_of_file[_rel(str(p.path))] = (pa, papers)
    tp = fn = fp = 0
    for paper_file, rs in sorted(by_story.items()):
        pa, papers = story_of_file[paper_file]
        _, paper_q, linked = _story_quotes(pa, papers)
        for r in rs:
            _, pspan = _span(r["paper"])
            truth = [_span(x) for x in r["pa_matches"].split(";") if x and x != "-"]
            system_paper = [p for p in paper_q if p.path == paper_file and _overlaps((p.start, p.end), pspan)]
            predicted = {(a.path, (a.start, a.end)) for p in system_paper for (pp, a) in linked if pp == p}
            for t in truth:
                if any(path == t[0] and _overlaps(span, t[1]) for path, span in predicted):
                    tp += 1
                else:
                    fn += 1
                    if verbose:
                        print(f"  missed {r['paper']} -> {t[0]}:{t[1][0]}-{t[1][1]} ({r['note']})", file=out)
            for path, span in predicted:
                if not any(path == t[0] and _overlaps(span, t[1]) for t in truth):
                    fp += 1
                    if verbose:
                        print(f"  wrong  {r['paper']} -> {path}:{span[0]}-{span[1]} ({r['note']})", file=out)
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, tp + fn)
    print(f"  {label}: {len(rows)} newspaper quotes, {tp + fn} true links to PA quotes: "
          f"precision {precision:.3f} ({tp}/{tp + fp}), recall {recall:.3f} ({tp}/{tp + fn})", file=out)
    return {"precision": precision, "recall": recall}


if __name__ == "__main__":
    if sys.argv[1:2] == ["sample"]:
        sample(HELD_OUT if sys.argv[2:] == ["heldout"] else ANNOTATIONS)
    else:
        run(verbose="-v" in sys.argv[1:])
