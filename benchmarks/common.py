"""Helpers shared by the benchmarks."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__import__("os").environ.get("PROVENANCE_BENCH", ROOT.parent / "shared" / "bench"))


def require(path: Path) -> bool:
    if not path.exists():
        print(f"  skipped: {path} is not here (the shared evaluation corpora live in ../shared/bench)")
        return False
    return True


def intervals_length(iv: list[tuple[int, int]]) -> int:
    total = 0
    last = -1
    for s, e in sorted(iv):
        s = max(s, last)
        if e > s:
            total += e - s
            last = e
    return total
