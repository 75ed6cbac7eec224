"""Who said it: quote attribution against a hand-checked sample (METER development half).

The samples (benchmarks/annotations/meter_speakers*.tsv) were drawn with `python -m
benchmarks.meter_speakers sample [heldout]` (a seeded random sample of the quotations of the
PA copy and the newspaper articles) and judged by hand from the article alone: the person or
institution the article says spoke the quoted words (a surname is enough), `-` where the
article does not say who (a phrase the court heard, a scare quote, "one said"), or `?` where
a reader cannot tell either (left out of the figures). The files hold file names, offsets, a
hash of each quote's text and the judgement, never the corpus text. The development sample
was judged before the attribution rules it led to; the held-out one after them.

Measures, per sample:
- precision: of the quotes provenance names a speaker for, those where it names the right one
  (the same surname or name); a speaker named where the article names none is wrong;
- recall: of the quotes whose speaker the article names, those provenance names rightly.
A quote is identified by its span; spans found by the current code match annotated spans
when they overlap by half of the shorter one.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from provenance.config import ScanConfig
from provenance.outlets import default_registry
from provenance.pipeline import load_corpus
from provenance.quotes import find_quotes
from provenance.speakers import attribute

from .common import require
from .meter_data import METER
from .meter_quotes import _hash, _overlaps, _rel, _rows, _span

DEV = Path(__file__).parent / "annotations" / "meter_speakers.tsv"
HELD_OUT = Path(__file__).parent / "annotations" / "meter_speakers_heldout.tsv"
SAMPLES = {DEV: (20261203, 40), HELD_OUT: (20261204, 40)}


Found = dict[str, list[tuple[tuple[int, int], str | None]]]


def attributed() -> tuple[Found, dict[str, str]]:
    """Every quotation of METER's development half, path -> [(span, speaker or None)], and
    each file's text as read."""
    corpus = load_corpus([METER], ScanConfig(), workers=2)
    registry = default_registry()
    found: Found = {}
    texts = {}
    for an in sorted(corpus.analyzed, key=lambda a: a.id):
        qs = find_quotes(an)
        path = _rel(an.doc.path)
        texts[path] = an.doc.text
        found[path] = [((q.start, q.end), s.name if s else None) for q, s in zip(qs, attribute(an, qs, registry))]
    return found, texts


def sample(target: Path = DEV, out=sys.stdout) -> None:
    """Print a seeded sample of quotations with the words before and after them, for judging
    by hand (the held-out sample leaves out those of the development sample)."""
    seed, size = SAMPLES[target]
    taken = {r["quote"] for r in _rows(DEV)} if target != DEV and DEV.exists() else set()
    found, texts = attributed()
    pool = [(path, span, speaker) for path, qs in found.items() for span, speaker in qs
            if f"{path}:{span[0]}-{span[1]}" not in taken]
    for n, (path, (s, e), speaker) in enumerate(random.Random(seed).sample(pool, size)):
        text = texts[path]
        print(f"#{n}\t{path}:{s}-{e}\t{_hash(text[s:e])}\tspeaker={speaker}", file=out)
        print("   ", " ".join(text[max(0, s - 400):s].split()), "[[", " ".join(text[s:e].split())[:160], "]]",
              " ".join(text[e:e + 120].split()), file=out)


def _same(predicted: str | None, gold: str) -> bool:
    """Whether a predicted speaker is the judged one (`A|B`: either way the article writes it):
    the same name, or the same last word of it."""
    if predicted is None:
        return False
    p = predicted.casefold().split()
    return any(p == g or p[-1] == g[-1] for g in (alt.casefold().split() for alt in gold.split("|")))


def score(rows: list[dict[str, str]], found) -> dict[str, float]:
    named = right = has = recalled = judged = 0
    for r in rows:
        if r["speaker"] == "?":
            continue
        path, span = _span(r["quote"])
        match = next((sp for sp_span, sp in found.get(path, ()) if _overlaps(sp_span, span)), None)
        judged += 1
        if match is not None:
            named += 1
            right += r["speaker"] != "-" and _same(match, r["speaker"])
        if r["speaker"] != "-":
            has += 1
            recalled += _same(match, r["speaker"])
    return {"judged": judged, "precision": right / max(1, named), "named": named, "right": right,
            "recall": recalled / max(1, has), "with_speaker": has}


def run(out=sys.stdout) -> dict[str, dict[str, float]]:
    print("Who said it: quote attribution, METER development half (hand-checked samples)", file=out)
    if not require(METER):
        return {}
    found, _ = attributed()
    results = {}
    for name, path in (("development", DEV), ("held-out", HELD_OUT)):
        s = score(_rows(path), found)
        results[name] = s
        print(f"  {name} sample: {s['judged']} quotes judged, {s['with_speaker']} with a speaker the article names: "
              f"precision {s['precision']:.3f} ({s['right']}/{s['named']}), recall {s['recall']:.3f} "
              f"({int(s['recall'] * s['with_speaker'] + 0.5)}/{s['with_speaker']})", file=out)
    return results


if __name__ == "__main__":
    if sys.argv[1:2] == ["sample"]:
        sample(HELD_OUT if sys.argv[2:3] == ["heldout"] else DEV)
    else:
        run()
