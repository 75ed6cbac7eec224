"""Two stress corpora a news scan meets: syndication and a famous quote.

- Syndication: many sites carrying one wire article (the seed corpus's Reuters story), some
  trimmed at the end, some with two paragraphs swapped, each under its own site name with a
  line of its own above and below. Figures: time, passage groups and quote groups (one per
  stretch and one per quote is right, however many copies), and how many copies get Reuters as
  their source (all of them should: the wire article, or the Reuters outlet their dateline
  names where LSH did not pair them with it; another site's copy is not where a site had it).
- A famous quote: unrelated generated articles (one per story) that each carry the same
  statement. They share nothing else, so every document -> document edge is false; figures:
  time and how many get a parent, at which probabilities.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

from provenance import scan
from provenance.synth import SynthConfig, generate

from .common import ROOT

WIRE = ROOT / "corpus" / "002_eb821266e9826b82.txt"
QUOTE = "“We will not rest until every family that lost its home has a roof over its head again,” the president said."


def _copies(n: int) -> list[dict[str, str]]:
    paras = [p for p in WIRE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    out = [{"id": "wire", "text": "\n\n".join(paras), "outlet": "Reuters", "published": "2017-01-23T18:00:00Z"}]
    for k in range(n):
        rng = random.Random(k)
        body = list(paras)
        if rng.random() < 0.3:
            body = body[:len(body) - rng.randint(1, 4)]
        if rng.random() < 0.3:
            i = rng.randrange(3, len(body) - 1)
            body[i], body[i + 1] = body[i + 1], body[i]
        site = f"site{k:04d}.example"
        text = "\n\n".join([f"Latest world news from {site}", *body, f"Follow {site} for more world news."])
        out.append({"id": f"copy{k:04d}", "text": text, "outlet": site,
                    "published": f"2017-01-2{4 + k % 5}T{k % 24:02d}:00:00Z"})
    return out


def _famous(n: int) -> list[dict[str, str]]:
    cfg = SynthConfig(stories=n, min_docs=1, max_docs=1, seed=7, external_share=0.0, independent_share=0.0,
                      takes_share=0.0, desk_share=0.0, timestamps="absent", outlets="known")
    out = []
    for d in generate(cfg):
        if d.parents or not d.in_corpus:
            continue
        paras = d.text.split("\n\n")
        at = random.Random(d.id).randrange(1, len(paras) + 1)
        out.append({"id": d.id, "text": "\n\n".join([*paras[:at], QUOTE, *paras[at:]]), "outlet": d.true_outlet})
    return out


def _scan(records: list[dict[str, str]]):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        t0 = time.perf_counter()
        report = scan(path)
        return report, time.perf_counter() - t0


def run(out=sys.stdout, copies: tuple[int, ...] = (400, 2000), famous: int = 1600) -> dict[str, dict[str, float]]:
    print("Syndication and a famous quote", file=out)
    results = {}
    for n in copies:
        report, elapsed = _scan(_copies(n))
        parent = {e.target: e.source for e in report.edges if e.primary and e.target != "wire"}
        wire = sum(1 for a in parent.values() if a == "wire")
        outlet = sum(1 for a in parent.values() if a == "outlet:Reuters")
        quoted = len({e.target for e in report.edges if e.relation == "quoted" and e.target != "wire"})
        results[f"syndication_{n}"] = {"seconds": elapsed, "passage_groups": len(report.passages),
                                      "quote_groups": sum(1 for q in report.quotes if len(q.occurrences) > 1),
                                      "copies_from_reuters": (wire + outlet) / n, "copies_from_wire": wire / n,
                                      "copies_quoting_first_hand": quoted / n}
        print(f"  {n:,} copies of one wire article: {elapsed:.1f} s, {len(report.passages)} passage groups, "
              f"{results[f'syndication_{n}']['quote_groups']} shared quotes; the copies' source: the wire article "
              f"{wire:,}, the Reuters outlet its dateline names {outlet:,}, another copy or none "
              f"{n - wire - outlet:,}; copies quoting anyone first-hand {quoted:,}", file=out)
    records = _famous(famous)
    report, elapsed = _scan(records)
    ids = {d.id for d in report.documents}
    false = [e for e in report.edges if e.primary and e.source in ids and e.target in ids]
    probs = sorted(e.confidence for e in false)
    results["famous_quote"] = {"seconds": elapsed, "documents": len(ids), "false_parents": len(false)}
    spread = f", at probabilities {probs[0]:.2f}-{probs[-1]:.2f}" if probs else ""
    print(f"  {len(ids):,} unrelated articles sharing one quote: {elapsed:.1f} s, {len(false)} of them "
          f"({len(false) / max(1, len(ids)):.1%}) with another as parent{spread}", file=out)
    return results


if __name__ == "__main__":
    run()
