"""Passage detection on PAN 2013 text alignment (development half): plagdet per sub-corpus.

For every (suspicious, source) pair, provenance's pairwise aligner finds shared passages; the
measures are PAN's character-level macro precision and recall, granularity and plagdet
(Potthast et al., COLING 2010), over all cases of a sub-corpus.

PAN scores *cases*: one stretch of the suspicious document made from one stretch of the
source, however it was rewritten. A summary condenses a long source section into a few
sentences, which the aligner finds as several passages (one per sentence it can match).
Passages of a pair that lie within `CASE_GAP` characters of each other in the suspicious
document and `SOURCE_GAP` in the source are reported as one case, the usual last step of
PAN text-alignment systems; the figures for the passages as found are printed too.
"""

from __future__ import annotations

import math
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from provenance.align import align_pair
from provenance.analysis import analyze
from provenance.config import ScanConfig
from provenance.model import Document

from .common import BENCH, require

SUBCORPORA = ["02-no-obfuscation", "03-random-obfuscation", "04-translation-obfuscation",
              "05-summary-obfuscation", "01-no-plagiarism"]


CASE_GAP = 300  # characters between two passages' places in the suspicious document
SOURCE_GAP = 3000  # and in the source document, for them to be one case


@dataclass(frozen=True)
class Case:
    susp: tuple[int, int]
    src: tuple[int, int]


def as_cases(detections: list[Case], gap: int = CASE_GAP, source_gap: int = SOURCE_GAP) -> list[Case]:
    """Merge detections lying within `gap` characters of each other in the suspicious
    document and within `source_gap` in the source (repeatedly, in any order) into cases."""
    out = sorted(detections, key=lambda c: (c.susp, c.src))
    merged = True
    while merged:
        merged = False
        kept: list[Case] = []
        for d in out:
            for k, o in enumerate(kept):
                if (d.susp[0] <= o.susp[1] + gap and o.susp[0] <= d.susp[1] + gap
                        and d.src[0] <= o.src[1] + source_gap and o.src[0] <= d.src[1] + source_gap):
                    kept[k] = Case((min(o.susp[0], d.susp[0]), max(o.susp[1], d.susp[1])),
                                   (min(o.src[0], d.src[0]), max(o.src[1], d.src[1])))
                    merged = True
                    break
            else:
                kept.append(d)
        out = sorted(kept, key=lambda c: (c.susp, c.src))
    return out


def _doc(path: Path) -> Document:
    text = path.read_bytes().decode("utf-8", errors="replace")
    return Document(id=path.stem, path=str(path), text=text, format="txt", encoding="utf-8")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _union_len(parts: list[tuple[int, int]]) -> int:
    total, last = 0, -1
    for s, e in sorted(parts):
        s = max(s, last)
        if e > s:
            total += e - s
            last = e
    return total


def _covered(x: tuple[int, int], others: list[tuple[int, int]]) -> int:
    return _union_len([(max(x[0], o[0]), min(x[1], o[1])) for o in others if _overlap(x, o) > 0])


def measures(cases_by_pair: dict, dets_by_pair: dict) -> dict[str, float]:
    rec_terms, prec_terms, gran = [], [], []
    for pair in set(cases_by_pair) | set(dets_by_pair):
        cases = cases_by_pair.get(pair, [])
        dets = dets_by_pair.get(pair, [])
        for s in cases:
            hits = [r for r in dets if _overlap(s.susp, r.susp) and _overlap(s.src, r.src)]
            covered = _covered(s.susp, [r.susp for r in hits]) + _covered(s.src, [r.src for r in hits])
            rec_terms.append(covered / ((s.susp[1] - s.susp[0]) + (s.src[1] - s.src[0])))
            if hits:
                gran.append(len(hits))
        for r in dets:
            hits = [s for s in cases if _overlap(s.susp, r.susp) and _overlap(s.src, r.src)]
            covered = _covered(r.susp, [s.susp for s in hits]) + _covered(r.src, [s.src for s in hits])
            prec_terms.append(covered / ((r.susp[1] - r.susp[0]) + (r.src[1] - r.src[0])))
    rec = sum(rec_terms) / len(rec_terms) if rec_terms else 1.0
    prec = sum(prec_terms) / len(prec_terms) if prec_terms else 1.0
    g = sum(gran) / len(gran) if gran else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": prec, "recall": rec, "granularity": g, "plagdet": f1 / math.log2(1 + g),
            "cases": len(rec_terms), "detections": len(prec_terms)}


def run(cfg: ScanConfig | None = None, limit: int | None = None, subcorpora: list[str] | None = None,
        out=sys.stdout) -> dict[str, dict[str, float]]:
    root = BENCH / "pan13-dev"
    print("PAN 2013 text alignment, development half (character-level, macro)", file=out)
    if not require(root):
        return {}
    cfg = cfg or ScanConfig()
    cache: dict[Path, object] = {}

    def analysed(p: Path):
        if p not in cache:
            cache[p] = analyze(_doc(p))
        return cache[p]

    results: dict[str, dict[str, float]] = {}
    all_cases: dict = {}
    all_dets: dict = {}
    all_passages: dict = {}
    for sub in subcorpora or SUBCORPORA:
        folder = root / sub
        pairs = [line.split() for line in (folder / "pairs").read_text().splitlines() if line.strip()]
        if limit:
            pairs = pairs[:limit]
        cases_by_pair: dict = {}
        dets_by_pair: dict = {}
        passages_by_pair: dict = {}
        t0 = time.perf_counter()
        for susp_name, src_name in pairs:
            key = (sub, susp_name, src_name)
            xml = folder / f"{Path(susp_name).stem}-{Path(src_name).stem}.xml"
            cases = []
            if xml.exists():
                for f in ET.parse(xml).getroot().iter("feature"):
                    if f.get("name") != "plagiarism":
                        continue
                    so, sl = int(f.get("this_offset")), int(f.get("this_length"))
                    ro, rl = int(f.get("source_offset")), int(f.get("source_length"))
                    cases.append(Case((so, so + sl), (ro, ro + rl)))
            cases_by_pair[key] = cases
            susp = analysed(root / "susp" / susp_name)
            src = analysed(root / "src" / src_name)
            passages_by_pair[key] = [Case(p.a_span, p.b_span) for p in align_pair(susp, src, 0, 1, cfg)]
            dets_by_pair[key] = as_cases(passages_by_pair[key])
        elapsed = time.perf_counter() - t0
        m = measures(cases_by_pair, dets_by_pair)
        m["seconds"] = elapsed
        m["pairs"] = len(pairs)
        results[sub] = m
        all_cases.update(cases_by_pair)
        all_dets.update(dets_by_pair)
        all_passages.update(passages_by_pair)
        print(f"  {sub:28} plagdet {m['plagdet']:.3f}  precision {m['precision']:.3f}  recall {m['recall']:.3f}  "
              f"granularity {m['granularity']:.3f}  ({len(pairs)} pairs, {m['cases']} cases, "
              f"{m['detections']} detections, {elapsed:.1f}s)", file=out)
    for name, dets in (("overall", all_dets), ("overall, passages as found", all_passages)):
        m = measures(all_cases, dets)
        results[name] = m
        print(f"  {name:28} plagdet {m['plagdet']:.3f}  precision {m['precision']:.3f}  "
              f"recall {m['recall']:.3f}  granularity {m['granularity']:.3f}", file=out)
    return results


if __name__ == "__main__":
    run()
