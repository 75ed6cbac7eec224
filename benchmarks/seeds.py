"""The seed corpus against its gold standard (../shared/seeds/gold.json): the shared quotes
with exactly the listed documents, and the graph's must / should / must-not edges at the
outlet level, with and without corpus/sources.csv."""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

from provenance import scan
from provenance.graph import edges_between

from .common import ROOT, require

SEEDS = ROOT.parent / "shared" / "seeds"
CORPUS = ROOT / "corpus"


def _fold(s: str) -> str:
    s = s.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return re.sub(r"\s+", " ", s).casefold()


def _quote_clusters_found(report, clusters) -> int:
    found = 0
    for c in clusters:
        groups = [g for g in report.quotes if len(g.docs) > 1
                  and any(_fold(c["snippet"]) in _fold(o.text) for o in g.occurrences)]
        found += len(groups) == 1 and list(groups[0].docs) == sorted(c["docs"])
    return found


def run(out=sys.stdout) -> dict[str, dict[str, int]]:
    print("Seed corpus against ../shared/seeds/gold.json", file=out)
    if not require(SEEDS / "gold.json"):
        return {}
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    edges = gold["edges"]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp)
        for f in CORPUS.glob("*.txt"):
            shutil.copy(f, bare / f.name)
        for setting, folder in (("with sources.csv", CORPUS), ("without sources.csv", bare)):
            report = scan(folder)
            must, should, must_not = (sum(bool(edges_between(report.nodes, report.edges, s, t)) for s, t, *_ in
                                          edges.get(kind, [])) for kind in ("must", "should", "must_not"))
            quotes = _quote_clusters_found(report, gold["quote_clusters"])
            shared = sum(1 for g in report.quotes if len(g.docs) > 1)
            results[setting] = {"must": must, "should": should, "must_not": must_not, "quotes": quotes}
            print(f"  {setting:20} must edges {must}/{len(edges['must'])}  should {should}/{len(edges.get('should', []))}  "
                  f"must-not present {must_not}/{len(edges['must_not'])}  quote clusters {quotes}/{len(gold['quote_clusters'])} "
                  f"exact ({shared} shared quotes in all)", file=out)
    return results


if __name__ == "__main__":
    run()
