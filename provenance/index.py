"""The persistent index: one embedded SQLite file holding what a later check needs.

- `documents`: every article's record (its text, metadata, boilerplate regions and where
  each value came from, as the report's JSON, zlib-compressed) and its content hash; a
  changed article replaces its old version, the same content again is a no-op.
- `postings`: the article's lookup keys, each `(key, document)` packed into one integer
  (`key << 31 | document`, the table's rowid, so a key's documents are one range): the LSH band keys of
  its clause windows (the same buckets a scan uses, `sketch.Sketcher`) and keys of its
  quotations' word 4-grams, so that an article sharing only a quote is found too.
  Passages, quote groups and citations are then computed on the few candidates a check
  retrieves, from their stored text, exactly as a scan computes them.
- `meta`: the format version, the settings that shape the keys and the library versions
  that do. Opening an index made under different ones is refused (`IndexMismatchError`)
  with the command that mends it: `provenance index upgrade` when only the keys are stale
  (they are recomputed from the stored records, no corpus needed), a rebuild when the
  tables themselves changed.

Nothing is pickled. Writes are transactions (`BEGIN IMMEDIATE`, write-ahead log): two
processes adding at once wait for each other, and a process killed halfway leaves every
article whose transaction committed and nothing of the one it was in.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path

import numpy as np

from . import __version__
from .analysis import Analyzed, analyze
from .config import SKETCH_FORMAT, ScanConfig
from .errors import ProvenanceError
from .model import Document
from .outlets import OutletRegistry, default_registry
from .quotes import find_quotes
from .report import document_from_dict, document_to_dict
from .sketch import Sketcher, sketch_corpus

#: Bump when the tables or the meaning of a key change; older files are then refused.
FORMAT_VERSION = 1
DEFAULT_INDEX = Path(".provenance") / "index.db"
#: Articles per write transaction when adding many.
BATCH = 250
#: LSH bands of each window kept in the index (of the scan's 21 at the default settings).
#: A window copied with Jaccard 0.8 still shares a band with probability 0.98 (0.55 at
#: 0.5), and a reused passage spans several windows; the file is 3.5 times smaller.
INDEX_BANDS = 6
_QUOTE_TAG = np.uint64(0x51554F5445000000)  # keeps quote keys apart from band keys
_QUOTE_NGRAM = 4
_QUOTE_SAMPLE = 3  # keep the 4-grams whose hash is 0 modulo this (the same ones in every copy)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    outlet TEXT,
    published TEXT,
    keys BLOB NOT NULL,
    record BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS postings (kd INTEGER PRIMARY KEY);
"""


class IndexFileError(ProvenanceError):
    """The index file cannot be used: missing, not an index, or damaged."""


class IndexMismatchError(IndexFileError):
    """The index was made with another format, other settings or other library versions."""


def _datasketch_version() -> str:
    try:
        return importlib_metadata.version("datasketch")
    except importlib_metadata.PackageNotFoundError:  # pragma: no cover - a dependency
        return "unknown"


def _major(version: str) -> str:
    return version.split(".", 1)[0]


def expected_meta(cfg: ScanConfig) -> dict[str, str]:
    """What an index made now with `cfg` records about how its keys were made."""
    return {
        "format_version": str(FORMAT_VERSION),
        "sketch_format": str(SKETCH_FORMAT),
        "settings": json.dumps(cfg.sketch_settings(), sort_keys=True),
        "fingerprint": cfg.fingerprint(),
        "datasketch": _datasketch_version(),
        "keys": f"bands={INDEX_BANDS} quote_ngram={_QUOTE_NGRAM} quote_sample={_QUOTE_SAMPLE} fold=32 packed=31",
    }


@dataclass(frozen=True)
class IndexedDocument:
    """An article ready to be stored: its record and its lookup keys."""

    doc: Document
    keys: np.ndarray  # distinct int64 keys

    @property
    def record(self) -> bytes:
        return zlib.compress(json.dumps(document_to_dict(self.doc), ensure_ascii=False,
                                        sort_keys=True).encode("utf-8"), 6)


@dataclass(frozen=True)
class AddResult:
    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()


_DOC_BITS = 31  # documents per index at most 2**31
_POSTINGS_CHUNK = 200_000  # packed rows per INSERT


def _stored(record: bytes) -> Document:
    """A document from its stored record (`IndexedDocument.record`)."""
    return document_from_dict(json.loads(zlib.decompress(record).decode("utf-8")))


def _folded(keys: np.ndarray) -> np.ndarray:
    """64-bit keys folded to 32 bits (as int64); a rare collision only adds a candidate that
    alignment then rejects."""
    return ((keys ^ (keys >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(np.int64)


def _packed(keys: np.ndarray, num: int) -> np.ndarray:
    return (keys.astype(np.int64) << _DOC_BITS) | np.int64(num)


def quote_keys(an: Analyzed) -> list[int]:
    """Keys of a document's quotations: hashes of their word 4-grams, a content-defined third of
    them (so a trimmed or lightly edited quote still meets its source), and one key for a quote
    of two to seven words."""
    out: set[int] = set()
    for q in find_quotes(an):
        i, j = an.words.between(q.start, q.end)
        words = an.words.norms[i:j]
        if len(words) < 2:
            continue
        if len(words) < 2 * _QUOTE_NGRAM:
            out.add(_crc(words))
        for i in range(len(words) - _QUOTE_NGRAM + 1):
            h = _crc(words[i:i + _QUOTE_NGRAM])
            if h % _QUOTE_SAMPLE == 0:
                out.add(h)
    return sorted(out)


def _crc(words: Sequence[str]) -> int:
    return zlib.crc32(" ".join(words).encode("utf-8", "surrogatepass"))


def document_keys(analyzed: Sequence[Analyzed], sketcher: Sketcher) -> list[np.ndarray]:
    """Every document's distinct lookup keys (LSH band keys and quote keys), as SQLite integers."""
    sk = sketch_corpus(list(analyzed), sketcher)
    per_doc: list[list[np.ndarray]] = [[] for _ in analyzed]
    for d in np.unique(sk.doc):
        per_doc[int(d)].append(sk.keys[sk.doc == d, :INDEX_BANDS].ravel())
    out = []
    for k, an in enumerate(analyzed):
        q = np.asarray(quote_keys(an), dtype=np.uint64)
        parts = [*per_doc[k], q ^ _QUOTE_TAG] if len(q) else per_doc[k]
        keys = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
        out.append(np.unique(_folded(keys)))
    return out


def prepare_batch(docs: Sequence[Document], cfg: ScanConfig, registry: OutletRegistry | None = None
                  ) -> list[IndexedDocument]:
    """Boilerplate, metadata and keys for a batch of read articles (runs in worker processes)."""
    from .pipeline import prepare

    analyzed = prepare(docs, registry or default_registry(), cfg)
    keys = document_keys(analyzed, Sketcher(cfg))
    return [IndexedDocument(an.doc, k) for an, k in zip(analyzed, keys)]


def _prepare_worker(args: tuple[list[Document], ScanConfig]) -> list[IndexedDocument]:
    return prepare_batch(*args)


class Index:
    """An open index file. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | os.PathLike[str], cfg: ScanConfig | None = None, *, create: bool = False,
                 stale_keys: bool = False) -> None:
        """`stale_keys` opens an index whose keys were made under other sketch settings or
        library versions (for `rekey`; its lookups would miss)."""
        self.path = Path(path)
        self._stale_keys_ok = stale_keys
        self.cfg = cfg or ScanConfig()
        memory = str(path) == ":memory:"
        if not memory and not self.path.exists():
            if not create:
                raise IndexFileError(f"{self.path}: no index here",
                                  hint="make one with `provenance index build CORPUS --index PATH`")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(str(path), timeout=120.0, isolation_level=None)
            self.conn.execute("PRAGMA busy_timeout = 120000")
            if not memory:
                self._wal()
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA cache_size = -262144")
            self._init(create)
        except sqlite3.DatabaseError as err:
            raise IndexFileError(f"{self.path}: not a provenance index ({err})",
                              hint="rebuild it with `provenance index build CORPUS --index PATH`") from None
        self._sketcher: Sketcher | None = None

    def _wal(self) -> None:
        """Switch to the write-ahead log. The switch needs a moment alone with the file and
        SQLite may refuse it at once, without waiting, while another process creates the
        index: try again for up to two minutes, as every other statement waits."""
        deadline = time.monotonic() + 120
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @contextlib.contextmanager
    def _transaction(self, script: str = "") -> Iterator[None]:
        """One write transaction (`BEGIN IMMEDIATE`, then `script` if given): committed when
        the block ends, rolled back when it raises."""
        if script:
            self.conn.executescript("BEGIN IMMEDIATE;" + script)
        else:
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def _insert_postings(self, rows: np.ndarray) -> None:
        """Insert packed `(key, document)` rows, sorted; SQLite unpacks them itself from JSON,
        much faster than binding each row from Python."""
        for i in range(0, len(rows), _POSTINGS_CHUNK):
            self.conn.execute("INSERT OR IGNORE INTO postings SELECT value FROM json_each(?)",
                              (json.dumps(rows[i:i + _POSTINGS_CHUNK].tolist()),))

    def _init(self, create: bool) -> None:
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" not in tables:
            if not create:
                raise IndexFileError(f"{self.path}: not a provenance index (no meta table)",
                                  hint="rebuild it with `provenance index build CORPUS --index PATH`")
            with self._transaction(_SCHEMA):  # one transaction with the meta rows
                if self.conn.execute("SELECT 1 FROM meta LIMIT 1").fetchone() is None:  # else another creator won
                    meta = {**expected_meta(self.cfg), "created_by": f"provenance {__version__}"}
                    self.conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        self._check_meta()

    def _check_meta(self) -> None:
        have = dict(self.conn.execute("SELECT key, value FROM meta"))
        want = expected_meta(self.cfg)
        rebuild = f"rebuild it: `provenance index build CORPUS --index {self.path}`"
        upgrade = (f"recompute its keys from the articles it stores: `provenance index upgrade --index {self.path}`"
                   " (or rebuild it from the corpus)")
        if have.get("format_version") != want["format_version"]:
            raise IndexMismatchError(
                f"{self.path}: index format {have.get('format_version', '?')}, this provenance reads format "
                f"{want['format_version']}", hint=rebuild)
        self.meta = have
        if self._stale_keys_ok:
            return
        if have.get("fingerprint") != want["fingerprint"] or have.get("sketch_format") != want["sketch_format"] \
                or have.get("keys") != want["keys"]:
            raise IndexMismatchError(
                f"{self.path}: made with other sketch settings ({have.get('settings')}) than these "
                f"({want['settings']})", hint=upgrade)
        if _major(have.get("datasketch", "")) != _major(want["datasketch"]):
            raise IndexMismatchError(
                f"{self.path}: made with datasketch {have.get('datasketch')}, this is datasketch "
                f"{want['datasketch']} (its hashing changed between major versions)", hint=upgrade)

    # --- context manager ------------------------------------------------------------------

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @property
    def sketcher(self) -> Sketcher:
        if self._sketcher is None:
            self._sketcher = Sketcher(self.cfg)
        return self._sketcher

    # --- writing --------------------------------------------------------------------------

    def add(self, docs: Sequence[Document], *, jobs: int = 1, batch: int = BATCH,
            progress: Callable[[int, int], None] | None = None, bulk: bool = False) -> AddResult:
        """Add read articles (boilerplate and metadata are found here). Each batch of
        `batch` articles is one transaction; `jobs` worker processes prepare batches.

        `bulk` (for a new file that is renamed into place when complete, `index build`)
        writes every lookup key at the end in key order, which appends to the table instead of
        inserting all over it: the build stays fast as the index grows."""
        added: list[str] = []
        replaced: list[str] = []
        unchanged: list[str] = []
        pending: list[np.ndarray] | None = [] if bulk else None
        batches = [list(docs[i:i + batch]) for i in range(0, len(docs), batch)]
        done = 0
        for prepared in self._prepared(batches, jobs):
            a, r, u = self._write(prepared, pending)
            added += a
            replaced += r
            unchanged += u
            done += len(prepared)
            if progress:
                progress(done, len(docs))
        if pending:
            with self._transaction():
                self._insert_postings(np.unique(np.concatenate(pending)))
        return AddResult(tuple(added), tuple(replaced), tuple(unchanged))

    def _prepared(self, batches: list[list[Document]], jobs: int) -> Iterable[list[IndexedDocument]]:
        if jobs <= 1 or len(batches) <= 1:
            for b in batches:
                yield prepare_batch(b, self.cfg)
            return
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from pool.map(_prepare_worker, [(b, self.cfg) for b in batches])

    def _write(self, items: list[IndexedDocument], pending: list[np.ndarray] | None = None
               ) -> tuple[list[str], list[str], list[str]]:
        added, replaced, unchanged = [], [], []
        rows: list[np.ndarray] = []
        records = [(it, it.record) for it in items]  # compress outside the write lock
        with self._transaction():
            for it, record in records:
                d = it.doc
                old = self.conn.execute("SELECT num, sha256, keys FROM documents WHERE id = ?", (d.id,)).fetchone()
                if old is not None and old[1] == d.sha256:
                    unchanged.append(d.id)
                    continue
                if old is not None:
                    self._delete(old[0], old[2])
                    replaced.append(d.id)
                else:
                    added.append(d.id)
                cur = self.conn.execute(
                    "INSERT INTO documents (id, sha256, outlet, published, keys, record) VALUES (?, ?, ?, ?, ?, ?)",
                    (d.id, d.sha256, d.outlet, d.published, it.keys.astype("<u4").tobytes(), record))
                rows.append(_packed(it.keys, cur.lastrowid))
            if pending is not None:
                pending.extend(rows)
            elif rows:
                self._insert_postings(np.sort(np.concatenate(rows)))
        return added, replaced, unchanged

    def rekey(self, *, batch: int = BATCH, progress: Callable[[int, int], None] | None = None) -> int:
        """Recompute every stored article's lookup keys under this release's settings and
        library versions (after a change of tokenisation or of datasketch), from the records
        the index holds; one transaction, so an interrupted upgrade leaves the old index.
        Returns the number of articles."""
        total = self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        records = self.conn.execute("SELECT num, record FROM documents ORDER BY num")
        updates: list[tuple[bytes, int]] = []
        rows: list[np.ndarray] = []
        while part := records.fetchmany(batch):
            docs = [_stored(record) for _, record in part]
            for (n, _), keys in zip(part, document_keys([analyze(d) for d in docs], self.sketcher)):
                updates.append((keys.astype("<u4").tobytes(), n))
                rows.append(_packed(keys, n))
            if progress:
                progress(len(updates), total)
        with self._transaction():
            self.conn.execute("DELETE FROM postings")
            self.conn.executemany("UPDATE documents SET keys = ? WHERE num = ?", updates)
            if rows:
                self._insert_postings(np.unique(np.concatenate(rows)))
            self.conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(expected_meta(self.cfg).items()))
        self.meta = dict(self.conn.execute("SELECT key, value FROM meta"))
        return len(updates)

    def _delete(self, num: int, keys_blob: bytes) -> None:
        keys = np.frombuffer(keys_blob, dtype="<u4")
        self.conn.execute("DELETE FROM postings WHERE kd IN (SELECT value FROM json_each(?))",
                          (json.dumps(_packed(keys, num).tolist()),))
        self.conn.execute("DELETE FROM documents WHERE num = ?", (num,))

    def remove(self, ids: Iterable[str]) -> list[str]:
        """Drop documents by id; returns the ids that were there."""
        gone = []
        with self._transaction():
            for doc_id in ids:
                row = self.conn.execute("SELECT num, keys FROM documents WHERE id = ?", (doc_id,)).fetchone()
                if row is not None:
                    self._delete(row[0], row[1])
                    gone.append(doc_id)
        return gone

    # --- reading --------------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY id")]

    def sha256_of(self, doc_id: str) -> str | None:
        row = self.conn.execute("SELECT sha256 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def documents(self, ids: Sequence[str]) -> list[Document]:
        """The stored records of `ids` (those present), in the order given."""
        out = []
        for doc_id in ids:
            row = self.conn.execute("SELECT record FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is not None:
                out.append(_stored(row[0]))
        return out

    def candidates(self, keys: np.ndarray, *, limit: int, exclude: Iterable[str] = ()) -> list[tuple[str, int]]:
        """Documents sharing lookup keys with `keys`: `(id, keys shared)`, most first, at most `limit`."""
        hits: Counter[int] = Counter()
        distinct = np.unique(keys).tolist()
        mask = (1 << _DOC_BITS) - 1
        for (kd,) in self.conn.execute(
                f"SELECT p.kd FROM json_each(?) AS j JOIN postings AS p "
                f"ON p.kd BETWEEN (j.value << {_DOC_BITS}) AND (j.value << {_DOC_BITS}) + {mask}",
                (json.dumps(distinct),)):
            hits[kd & mask] += 1
        if not hits:
            return []
        excluded = set(exclude)
        ranked = sorted(hits.items(), key=lambda t: (-t[1], t[0]))
        out: list[tuple[str, int]] = []
        for num, n in ranked:
            row = self.conn.execute("SELECT id FROM documents WHERE num = ?", (num,)).fetchone()
            if row is None or row[0] in excluded:
                continue
            out.append((row[0], n))
            if len(out) >= limit:
                break
        return out

    def info(self) -> dict[str, object]:
        docs, postings = (int(self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
                          for t in ("documents", "postings"))
        outlets = int(self.conn.execute("SELECT COUNT(DISTINCT outlet) FROM documents").fetchone()[0])
        size = 0
        if str(self.path) != ":memory:":
            size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())
        return {
            "path": str(self.path), "bytes": size, "documents": docs, "outlets": outlets, "postings": postings,
            "format_version": int(self.meta["format_version"]), "created_by": self.meta.get("created_by"),
            "datasketch": self.meta.get("datasketch"), "settings": json.loads(self.meta["settings"]),
            "fingerprint": self.meta["fingerprint"],
        }

    def integrity(self) -> list[str]:
        """Problems found (empty when sound): SQLite's own check and, per document, that its
        postings are all there (no half-added article)."""
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        for num, doc_id, keys in self.conn.execute("SELECT num, id, keys FROM documents"):
            have = self.conn.execute(f"SELECT COUNT(*) FROM postings WHERE kd & {(1 << _DOC_BITS) - 1} = ?",
                                     (num,)).fetchone()[0]
            if have != len(keys) // 4:
                problems.append(f"{doc_id}: {have} of {len(keys) // 4} postings")
        return problems
