from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLD = json.loads((ROOT / "tests" / "data" / "seed_gold.json").read_text(encoding="utf-8"))
BENCH = ROOT.parent / "shared" / "bench"


@pytest.fixture(scope="session")
def seed_report():
    """The seed corpus scanned once with default settings (and its sources.csv)."""
    from provenance import scan

    return scan(CORPUS)


@pytest.fixture(scope="session")
def seed_report_without_metadata(tmp_path_factory):
    """The seed corpus without sources.csv: what the texts alone say."""
    import shutil

    from provenance import scan

    folder = tmp_path_factory.mktemp("seeds-bare")
    for f in CORPUS.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    return scan(folder)


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode(encoding))
    return path
