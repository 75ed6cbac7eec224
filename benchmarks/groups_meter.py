"""Passage groups on real journalism: the METER development half scanned as one corpus.

METER's newspaper articles rewrite the Press Association's copy of the same court or show-
business story; a story is METER's (domain, date, catchline). The figures are those of the
scan benchmark's passage groups (`scan_scale.group_quality`), with an article's sources the PA
texts of its story when METER labels it derived (WD or PD): how often two derived articles'
copies of overlapping stretches of one PA text land in one group, and how many pairs of
documents from different stories a group lists without their sharing a passage (some of
those are one court case reported on two days, which METER files as two stories).
"""

from __future__ import annotations

import sys

from provenance import scan

from .common import require
from .meter_data import METER, articles
from .scan_scale import group_quality


def _id(path) -> str:
    return path.relative_to(METER).with_suffix("").as_posix()


def run(out=sys.stdout) -> dict[str, float] | None:
    print("Passage groups on the METER development half, scanned as one corpus", file=out)
    if not require(METER):
        return None
    truth: dict[str, dict] = {}
    for a in articles():
        pa = [_id(p) for p in a.pa_files]
        truth[_id(a.path)] = {"story": a.story, "parents": pa if a.label in ("WD", "PD") else []}
        for p in pa:
            truth.setdefault(p, {"story": a.story, "parents": []})
    report = scan(METER)
    unknown = sorted({d for p in report.passages for d in p.docs} - set(truth))
    if unknown:
        raise SystemExit(f"documents outside METER's index: {unknown[:3]}")
    g = group_quality(report, truth)
    print(f"  {len(report.documents)} documents, passage groups {g['groups']:,}: the largest lists "
          f"{g['largest_docs']} documents from {g['largest_stories']} stories; copies of overlapping "
          f"stretches of one PA text in one group {g['together']:.3f}; pairs of documents from different "
          f"stories listed together without a shared passage {g['unrelated_pairs']:,}", file=out)
    return g


if __name__ == "__main__":
    run()
