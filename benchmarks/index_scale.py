"""The index at scale: build rate and file size for 10,000 and 100,000 generated articles,
then the time to check one article against each (median over many, inside the process),
and `provenance check` as a whole command.

Targets on a 2-core machine: build at least 1,000 articles per second; a check under 300 ms
in the process and under 1.5 s as a command, barely growing from 10,000 to 100,000 articles.
"""

from __future__ import annotations

import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

from provenance.check import Policy, check_documents
from provenance.index import Index
from provenance.model import Document
from provenance.synth import SynthConfig, generate

SIZES = (10_000, 100_000)
CHECKS = 40


def _documents(n: int, seed: int) -> list[Document]:
    docs = []
    for d in islice(generate(SynthConfig(seed=seed, stories=n // 7 + 10)), n):
        docs.append(Document(id=d.id, path=f"{d.id}.txt", text=d.text, format="txt", encoding="utf-8",
                             outlet=d.outlet, published=d.published,
                             sha256=hashlib.sha256(d.text.encode("utf-8")).hexdigest()))
    return docs


def _probes(stored: list[Document], n: int) -> list[Document]:
    """Articles to check: half reworked copies of stored ones (first paragraph dropped), half new."""
    fresh = _documents(n, seed=987_654)
    out = []
    for k in range(n):
        if k % 2 == 0:
            src = stored[(k * 7919) % len(stored)]
            text = "\n\n".join(src.text.split("\n\n")[1:]) or src.text
            out.append(Document(id=f"probe-{k}", path=f"probe-{k}.txt", text=text, format="txt", encoding="utf-8",
                                outlet="Probe Daily", sha256=f"probe-{k}"))
        else:
            d = fresh[k]
            out.append(Document(id=f"probe-{k}", path=f"probe-{k}.txt", text=d.text, format="txt",
                                encoding="utf-8", outlet="Probe Daily", sha256=f"probe-{k}"))
    return out


def run(out=sys.stdout, sizes=SIZES) -> dict[str, float]:
    print(f"Index at scale (generated articles; {os.cpu_count()} cores; build with 2 worker processes)", file=out)
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            docs = _documents(n, seed=4242)
            words = sum(len(d.text.split()) for d in docs) / len(docs)
            path = Path(tmp) / f"index-{n}.db"
            t0 = time.perf_counter()
            with Index(path, create=True) as ix:
                ix.add(docs, jobs=2, bulk=True)  # as `provenance index build` does
                ix.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            build = time.perf_counter() - t0
            size = path.stat().st_size
            with Index(path) as ix:
                probes = _probes(docs, CHECKS)
                check_documents(probes[:2], ix, Policy())  # warm caches
                times = []
                for p in probes:
                    t = time.perf_counter()
                    check_documents([p], ix, Policy())
                    times.append(time.perf_counter() - t)
            probe_file = Path(tmp) / "probe.txt"
            probe_file.write_text(probes[0].text, encoding="utf-8")
            cli = []
            for _ in range(5):
                t = time.perf_counter()
                subprocess.run([sys.executable, "-m", "provenance", "check", str(probe_file), "--index", str(path),
                                "--fail-on", "none", "--format", "json"], capture_output=True, check=True)
                cli.append(time.perf_counter() - t)
            med, p95 = statistics.median(times), sorted(times)[int(0.95 * (len(times) - 1))]
            results[f"{n}/build_per_s"] = n / build
            results[f"{n}/check_ms"] = med * 1000
            results[f"{n}/cli_s"] = statistics.median(cli)
            print(f"  {n:>7} articles ({words:.0f} words each): build {n / build:,.0f} articles/s ({build:.0f}s), "
                  f"file {size / 1e6:,.0f} MB ({size / n / 1e3:.1f} KB/article); check one article: median "
                  f"{med * 1000:.0f} ms, 95th percentile {p95 * 1000:.0f} ms in the process, "
                  f"{statistics.median(cli):.2f} s as a command", file=out)
            path.unlink()
    return results


if __name__ == "__main__":
    run()
