from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI replays the same examples on every run so that main stays reproducibly green;
# elsewhere each run explores new ones (HYPOTHESIS_PROFILE=ci to replay).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") or os.environ.get("HYPOTHESIS_PROFILE") == "ci":
    settings.load_profile("ci")

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


@pytest.fixture
def background_forks(monkeypatch):
    """`enabled` of each `parallel.Background` made while the test runs (True: the work went
    to a process of its own), in order."""
    from provenance import parallel

    forks: list[bool] = []
    made = parallel.Background.__init__

    def counted(self, fn, enabled=True):
        forks.append(enabled)
        made(self, fn, enabled)

    monkeypatch.setattr(parallel.Background, "__init__", counted)
    return forks
