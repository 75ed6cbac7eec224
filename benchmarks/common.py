"""Helpers shared by the benchmarks."""

from __future__ import annotations

import math
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__import__("os").environ.get("PROVENANCE_BENCH", ROOT.parent / "shared" / "bench"))


def require(path: Path) -> bool:
    if not path.exists():
        print(f"  skipped: {path} is not here (the shared evaluation corpora live in ../shared/bench)")
        return False
    return True


def python_speed() -> float:
    """Seconds this machine takes for a 10-million-step Python loop (the best of three): the
    same machine kind runs from one day to the next at speeds half again apart, so speed
    figures of different days compare only beside this."""
    import time

    best = math.inf
    for _ in range(3):
        t0 = time.perf_counter()
        total = 0
        for k in range(10_000_000):
            total += k
        best = min(best, time.perf_counter() - t0)
    return best


def intervals_length(iv: list[tuple[int, int]]) -> int:
    total = 0
    last = -1
    for s, e in sorted(iv):
        s = max(s, last)
        if e > s:
            total += e - s
            last = e
    return total
