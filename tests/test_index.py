"""The persistent index: adding, replacing, removing, refusing mismatched files, and staying
whole under concurrent writers and a writer killed halfway."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from itertools import islice

import pytest
from conftest import CORPUS, ROOT
from typer.testing import CliRunner

from provenance.cli import app
from provenance.config import ScanConfig
from provenance.index import Index, IndexFileError, IndexMismatchError
from provenance.model import Document
from provenance.synth import SynthConfig, generate

runner = CliRunner()
COMPAT_INDEX = ROOT / "tests" / "data" / "index-format-1.db"


def _docs(n: int, seed: int = 7) -> list[Document]:
    out = []
    for d in islice(generate(SynthConfig(seed=seed, stories=max(1, n // 6 + 1))), n):
        out.append(Document(id=d.id, path=f"{d.id}.txt", text=d.text, format="txt", encoding="utf-8",
                            outlet=d.outlet, published=d.published, sha256=hashlib.sha256(d.text.encode()).hexdigest()))
    return out


def test_add_is_idempotent_and_a_changed_article_replaces_its_old_version(tmp_path):
    docs = _docs(12)
    with Index(tmp_path / "i.db", create=True) as ix:
        first = ix.add(docs)
        assert sorted(first.added) == sorted(d.id for d in docs)
        again = ix.add(docs)
        assert again.added == () and sorted(again.unchanged) == sorted(d.id for d in docs)
        postings = ix.info()["postings"]
        changed = Document(id=docs[0].id, path=docs[0].path, text="An entirely different text about the weather "
                           "in a small town where nothing happened all week long.", format="txt", encoding="utf-8",
                           sha256="changed")
        third = ix.add([changed])
        assert third.replaced == (docs[0].id,)
        assert len(ix) == len(docs)
        assert ix.documents([docs[0].id])[0].text == changed.text
        assert ix.info()["postings"] < postings
        assert ix.integrity() == []


def test_remove_drops_the_document_and_its_keys(tmp_path):
    docs = _docs(8)
    with Index(tmp_path / "i.db", create=True) as ix:
        ix.add(docs)
        before = ix.info()["postings"]
        assert ix.remove([docs[1].id, "no-such-id"]) == [docs[1].id]
        assert docs[1].id not in ix.ids() and len(ix) == len(docs) - 1
        assert ix.info()["postings"] < before
        assert ix.integrity() == []


def test_stored_records_round_trip(tmp_path):
    docs = _docs(3)
    with Index(tmp_path / "i.db", create=True) as ix:
        ix.add(docs)
        (back,) = ix.documents([docs[2].id])
    assert (back.text, back.outlet, back.published) == (docs[2].text, docs[2].outlet, docs[2].published)


def test_an_article_is_found_by_its_own_keys_and_by_a_shared_quote_alone(tmp_path):
    from provenance.analysis import analyze
    from provenance.index import document_keys
    from provenance.sketch import Sketcher

    quote = ("We will not accept any agreement that leaves the fishing towns of the north coast "
             "without a future")
    a = Document(id="a", path="a.txt", format="txt", encoding="utf-8", sha256="a",
                 text=f'The minister spoke in the harbour on Monday. "{quote}," she said, to applause.')
    b = Document(id="b", path="b.txt", format="txt", encoding="utf-8", sha256="b",
                 text=f'Protesters gathered before dawn and the talks collapsed. Later the minister said: "{quote}."')
    with Index(tmp_path / "i.db", create=True) as ix:
        ix.add([a])
        keys = document_keys([analyze(b)], Sketcher(ScanConfig()))[0]
        assert [c for c, _ in ix.candidates(keys, limit=5)] == ["a"]


def test_missing_and_foreign_files_are_clear_errors(tmp_path):
    with pytest.raises(IndexFileError, match="no index here"):
        Index(tmp_path / "missing.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not SQLite at all" * 100)
    with pytest.raises(IndexFileError, match="not a provenance index"):
        Index(junk)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(IndexFileError, match="not a provenance index"):
        Index(other)


@pytest.mark.parametrize(("key", "value", "message", "mend"), [
    ("format_version", "999", "index format 999", "provenance index build"),
    ("fingerprint", "0000000000000000", "other sketch settings", "provenance index upgrade"),
    ("datasketch", "1.6.5", "datasketch 1.6.5", "provenance index upgrade"),
])
def test_an_index_made_differently_is_refused_with_how_to_mend_it(tmp_path, key, value, message, mend):
    path = tmp_path / "i.db"
    with Index(path, create=True) as ix:
        ix.add(_docs(2))
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
    with pytest.raises(IndexMismatchError, match=message) as err:
        Index(path)
    assert mend in err.value.hint


def test_other_settings_are_refused(tmp_path):
    path = tmp_path / "i.db"
    Index(path, create=True).close()
    with pytest.raises(IndexMismatchError, match="other sketch settings"):
        Index(path, ScanConfig(num_perm=128))


def test_the_committed_format_1_index_is_refused_then_upgraded_in_place_and_answers_a_check(tmp_path):
    """An index made by an earlier release (scripts/make-compat-index, from corpus/, under
    sketch format 1) is refused with the upgrade command, and after `index upgrade` (keys
    recomputed from its stored records, no corpus) it answers a check."""
    from provenance.check import check_documents
    from provenance.corpus import read_corpus

    copy = tmp_path / "old.db"
    shutil.copy(COMPAT_INDEX, copy)
    with pytest.raises(IndexMismatchError) as err:
        Index(copy)
    assert "index upgrade" in str(err.value.hint)
    result = runner.invoke(app, ["index", "upgrade", "--index", str(copy)])
    assert result.exit_code == 0, result.output
    assert "keys of 4 articles recomputed" in result.output
    with Index(copy) as ix:
        assert len(ix) == 4 and ix.info()["format_version"] == 1
        assert ix.integrity() == []
        new = [d for d in read_corpus([CORPUS], max_file_bytes=1 << 25).documents if d.id.startswith("001_")]
        (result,) = check_documents(new, ix)
    assert result.reuses[0].outlet == "Reuters"  # the article's text is Reuters's (which quotes TASS)


def test_upgrade_gives_the_keys_a_fresh_build_gives(tmp_path):
    fresh = tmp_path / "fresh.db"
    assert runner.invoke(app, ["index", "build", str(CORPUS), "--index", str(fresh), "--jobs", "1"]).exit_code == 0
    stale = tmp_path / "stale.db"
    shutil.copy(fresh, stale)
    with sqlite3.connect(stale) as conn:  # as if an older release had made other keys
        conn.execute("DELETE FROM postings WHERE kd % 2 = 0")
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'fingerprint'")
    with pytest.raises(IndexMismatchError):
        Index(stale)
    with Index(stale, stale_keys=True) as ix:
        assert ix.rekey() == 5
    with sqlite3.connect(stale) as a, sqlite3.connect(fresh) as b:
        for query in ("SELECT kd FROM postings ORDER BY kd", "SELECT id, keys FROM documents ORDER BY id",
                      "SELECT key, value FROM meta WHERE key != 'created_by' ORDER BY key"):
            assert a.execute(query).fetchall() == b.execute(query).fetchall()


_WRITER = textwrap.dedent("""
    import hashlib, sys
    from itertools import islice
    from provenance.index import Index
    from provenance.model import Document
    from provenance.synth import SynthConfig, generate
    path, seed, n, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    docs = [Document(id=f"{seed}-{d.id}", path=d.id, text=d.text, format="txt", encoding="utf-8",
                     sha256=hashlib.sha256(d.text.encode()).hexdigest())
            for d in islice(generate(SynthConfig(seed=seed, stories=n // 6 + 1)), n)]
    with Index(path, create=True) as ix:
        ix.add(docs, batch=batch)
    print(len(docs))
""")


def _writer(path, seed: int, n: int, batch: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(seed), str(n), str(batch)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def test_two_writers_at_once_both_land(tmp_path):
    path = tmp_path / "i.db"
    procs = [_writer(path, seed, 60, 10) for seed in (1, 2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1] for o in outs]
    counts = [int(o[0]) for o in outs]
    with Index(path) as ix:
        ids = ix.ids()
        assert sum(i.startswith("1-") for i in ids) == counts[0]
        assert sum(i.startswith("2-") for i in ids) == counts[1]
        assert ix.integrity() == []


def test_a_writer_killed_halfway_leaves_a_whole_index(tmp_path):
    path = tmp_path / "i.db"
    proc = _writer(path, 3, 600, 5)
    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline and seen < 20:  # let some batches commit, then kill mid-run
        time.sleep(0.05)
        if path.exists():
            try:
                with sqlite3.connect(path, timeout=5) as conn:
                    seen = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:
                pass
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with Index(path) as ix:
        n = len(ix)
        assert 20 <= n < 600
        assert n % 5 == 0  # whole batches: nothing of the one in flight
        assert ix.integrity() == []
        ix.add(_docs(2, seed=11))  # and it takes writes again
        assert len(ix) == n + 2


def test_a_bulk_build_holds_the_same_keys_as_adding_one_by_one(tmp_path):
    docs = _docs(30)
    with Index(tmp_path / "bulk.db", create=True) as bulk, Index(tmp_path / "each.db", create=True) as each:
        bulk.add(docs, bulk=True, batch=7)
        for d in docs:
            each.add([d])
        assert bulk.info()["postings"] == each.info()["postings"] > 0
        assert bulk.integrity() == each.integrity() == []
        probe = bulk.conn.execute("SELECT keys FROM documents WHERE id = ?", (docs[5].id,)).fetchone()[0]
        import numpy as np

        keys = np.frombuffer(probe, dtype="<u4").astype(np.int64)
        assert bulk.candidates(keys, limit=5) == each.candidates(keys, limit=5)
        assert bulk.candidates(keys, limit=5)[0][0] == docs[5].id


def test_index_commands(tmp_path):
    import json

    from typer.testing import CliRunner

    from provenance.cli import app

    run = CliRunner().invoke
    index = tmp_path / "i.db"
    built = run(app, ["index", "build", str(CORPUS), "--index", str(index), "--jobs", "1"])
    assert built.exit_code == 0 and "5 added" in built.output
    assert not list(tmp_path.glob(".i.db.building-*"))
    info = json.loads(run(app, ["index", "info", "--index", str(index), "--format", "json", "--ids"]).output)
    assert info["documents"] == 5 and info["format_version"] == 1 and len(info["ids"]) == 5
    assert "5 documents" in run(app, ["index", "info", "--index", str(index)]).output
    again = run(app, ["index", "add", str(CORPUS), "--index", str(index)])
    assert again.exit_code == 0 and "5 unchanged" in again.output
    removed = run(app, ["index", "remove", info["ids"][0], "nope", "--index", str(index)])
    assert removed.exit_code == 1 and "1 removed" in removed.output and "nope" in removed.output
    rebuilt = run(app, ["index", "build", str(CORPUS), "--index", str(index), "--jobs", "1"])
    assert rebuilt.exit_code == 0 and "5 added" in rebuilt.output
    with Index(index) as ix:
        assert len(ix) == 5 and ix.integrity() == []
    assert run(app, ["index", "info", "--index", str(index), "--format", "xml"]).exit_code == 2
    assert run(app, ["index", "info", "--index", str(tmp_path / "none.db")]).exit_code == 2
