"""Sentence windows, MinHash signatures and LSH bands: candidate regions in linear time.

Each document is cut into windows of whole clauses (at least `window_min_words`
content words, at most `window_max_words`), one starting at every clause; a window's
shingles are its content words outside boilerplate. Windows get MinHash signatures from datasketch's
affine32 hash family, computed for many windows at once (the same values as
`datasketch.MinHash.update_batch`, which a test checks), and are banded with the b x r
split datasketch's `MinHashLSH` picks for the threshold. Windows of two documents that
share a band are candidate regions, and their documents a candidate pair.

datasketch's `MinHashLSH` keeps buckets in Python dictionaries and can only persist them
by pickling; computing band keys here lets the in-memory scan and the SQLite index share
one definition of a bucket.
"""

from __future__ import annotations

import re
import zlib
from array import array
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np

from . import _sketch
from .analysis import Analyzed
from .config import ScanConfig
from .parallel import pmap, thread_blocks

_U64 = np.uint64
_BAND_MULT = _U64(0x9E3779B97F4A7C15)
_BIG_BUCKET = 64  # past this many documents in one bucket, pair each with its next _BIG_BUCKET_SPAN only
_BIG_BUCKET_SPAN = 32
_SIGNATURE_BLOCK = 16_384  # windows per thread block of signatures and band keys
_SIGNATURE_CHUNK = 1 << 20  # bytes of permuted shingle hashes computed at once


#: Where a clause ends: a colon or semicolon before a space, a quotation mark, a dash between
#: spaces (`_sketch.clause_ranges` finds these, compiled).
CLAUSE_BREAK = re.compile(r"[:;]\s|[“”\"«»„]|``|''|\s[—–]\s|\s--\s")


def clause_ranges(an: Analyzed) -> list[tuple[int, int]]:
    """Word ranges of the clauses of a document: sentences cut at colons, semicolons,
    dashes and quotation marks (`CLAUSE_BREAK`), so that a quote and its attribution are
    separate units."""
    return _sketch.clause_ranges(an.doc.text, an.sentences, an.words.starts, an.words.ends)


def window_ranges(an: Analyzed, cfg: ScanConfig) -> list[tuple[int, int]]:
    """Word ranges of the windows of one document, in text order.

    One window starts at every clause and takes following clauses until it holds
    `window_min_words` content words, so a copy that starts or ends mid-sentence still
    meets a window of the same extent. A clause longer than `window_max_words` content
    words is cut into overlapping pieces.
    """
    flags = an.content_flags
    units = [(i, j, sum(flags[i:j])) for i, j in clause_ranges(an)]
    seen: set[tuple[int, int]] = set()
    out: list[tuple[int, int]] = []
    for k, (i, j, n) in enumerate(units):
        if n > cfg.window_max_words:
            pieces = _split_long(flags, i, j, cfg.window_max_words)
        else:
            m = k + 1
            while n < cfg.window_min_words and m < len(units) and n + units[m][2] <= cfg.window_max_words:
                n += units[m][2]
                j = units[m][1]
                m += 1
            pieces = [(i, j)]
        for piece in pieces:
            if piece not in seen and sum(flags[piece[0]:piece[1]]) >= 2:
                seen.add(piece)
                out.append(piece)
    return out


def _split_long(flags: tuple[bool, ...], i: int, j: int, max_words: int) -> list[tuple[int, int]]:
    positions = [k for k in range(i, j) if flags[k]]
    step = max(1, max_words // 2)
    out = []
    for a in range(0, len(positions), step):
        b = min(len(positions), a + max_words)
        out.append((positions[a], positions[b - 1] + 1))
        if b == len(positions):
            break
    return out


def shingle_hashes(an: Analyzed, start: int, end: int) -> list[int]:
    """32-bit hashes of the distinct content words in words[start:end].

    Single words rather than word n-grams: an edit ("airstrikes" / "air strikes") costs a
    window one or two shingles instead of up to n per changed word, which measured on
    METER keeps LSH recall for short shared passages (see `make bench`).
    """
    norms = an.words.norms
    flags = an.content_flags
    return sorted({zlib.crc32(norms[k].encode("utf-8", "surrogatepass")) for k in range(start, end) if flags[k]})


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, as datasketch applies it before permuting (affine32)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


class Sketcher:
    """MinHash signatures and LSH band keys for windows, under one `ScanConfig`."""

    def __init__(self, cfg: ScanConfig) -> None:
        from datasketch import MinHash, MinHashLSH

        self.cfg = cfg
        template = MinHash(num_perm=cfg.num_perm, seed=cfg.minhash_seed, scheme="affine32")
        a, b = template.permutations
        self._a = np.asarray(a, dtype=np.uint32)
        self._b = np.asarray(b, dtype=np.uint32)
        lsh = MinHashLSH(threshold=cfg.lsh_threshold, num_perm=cfg.num_perm)
        self.bands: int = lsh.b
        self.rows: int = lsh.r

    def signatures(self, shingles: np.ndarray, lengths: np.ndarray, workers: int = 1) -> np.ndarray:
        """One row of `num_perm` uint32 MinHash values per shingle list; the lists lie one after
        another in `shingles` (uint32), `lengths` long each (none empty). Blocks of
        `_SIGNATURE_BLOCK` lists go to `workers` threads (numpy lets go of the interpreter lock)."""
        lengths = np.asarray(lengths, dtype=np.int64)
        if not len(lengths):
            return np.zeros((0, self.cfg.num_perm), dtype=np.uint32)
        if (lengths == 0).any():
            raise ValueError("every window needs at least one shingle")
        flat = np.asarray(shingles, dtype=np.uint32)
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        out = np.empty((len(lengths), self.cfg.num_perm), dtype=np.uint32)
        # Windows go in chunks of whole windows whose (shingles x permutations) matrix stays
        # within `_SIGNATURE_CHUNK` bytes, so that it stays in the CPU cache (measured: a chunk
        # of 8 MiB took three times as long).
        chunk = max(1, _SIGNATURE_CHUNK // (4 * self.cfg.num_perm))

        def block(w: int, n: int) -> None:
            while w < n:
                lo = int(offsets[w])
                # the windows from w that lie inside the chunk (at least one)
                w_end = min(n, max(w + 1, int(np.searchsorted(offsets, lo + chunk, side="right")) - 1))
                hi = int(offsets[w_end - 1] + lengths[w_end - 1])
                permuted = _fmix32(flat[lo:hi].reshape(-1, 1)) * self._a
                permuted += self._b
                out[w:w_end] = np.minimum.reduceat(permuted, offsets[w:w_end] - lo, axis=0)
                w = w_end

        thread_blocks(block, len(lengths), _SIGNATURE_BLOCK, workers)  # each block fills its own rows
        return out

    def band_keys(self, sigs: np.ndarray, workers: int = 1) -> np.ndarray:
        """`(windows, bands)` uint64 keys; equal keys in one column mean equal bands (blocks of
        `_SIGNATURE_BLOCK` windows on `workers` threads)."""
        keys = np.empty((sigs.shape[0], self.bands), dtype=np.uint64)

        def block(lo: int, hi: int) -> None:
            with np.errstate(over="ignore"):
                for k in range(self.bands):
                    h = np.full(hi - lo, _U64(k + 1) * _BAND_MULT, dtype=np.uint64)
                    for c in range(k * self.rows, (k + 1) * self.rows):
                        h = (h ^ sigs[lo:hi, c].astype(np.uint64)) * _BAND_MULT
                        h ^= h >> _U64(29)
                    keys[lo:hi, k] = h

        thread_blocks(block, sigs.shape[0], _SIGNATURE_BLOCK, workers)
        return keys

    @cached_property
    def description(self) -> str:
        return f"{self.cfg.num_perm} permutations, {self.bands} bands x {self.rows} rows"


@dataclass
class Sketches:
    """All windows of a corpus, their shingles and their band keys, as arrays (a large
    corpus has millions of windows)."""

    doc: np.ndarray  # (windows,) int64: position of each window's document in the list sketched (never falls)
    shingles: np.ndarray  # uint32: each window's sorted distinct content-word hashes, one window after another
    bounds: np.ndarray  # (windows + 1,) int64: window w's shingles are shingles[bounds[w]:bounds[w + 1]]
    signatures: np.ndarray  # (windows, num_perm) uint32 MinHash values
    keys: np.ndarray  # (windows, bands) uint64
    words: np.ndarray  # uint32: the corpus's distinct content-word hashes, sorted
    word_docs: np.ndarray  # int64: how many documents hold each of `words`

    def __len__(self) -> int:
        return len(self.doc)


class PairHits(NamedTuple):
    """LSH evidence for a candidate document pair."""

    windows: int  # distinct window pairs that share a band
    shared_words: int  # distinct content words those window pairs have in common


def sketch_corpus(docs: list[Analyzed], sketcher: Sketcher, workers: int = 1) -> Sketches:
    def one(an: Analyzed) -> tuple[array[int], array[int], array[int]]:
        """The document's windows' shingles one after another, how many each has, and its
        distinct shingles (machine integers: they travel back from the worker as bytes)."""
        shingles: array[int] = array("I")
        lengths: array[int] = array("q")
        for s, e in window_ranges(an, sketcher.cfg):
            if sh := shingle_hashes(an, s, e):
                shingles.extend(sh)
                lengths.append(len(sh))
        return shingles, lengths, array("I", set(shingles))

    found = pmap(one, docs, workers)
    lengths = np.concatenate([np.zeros(0, dtype=np.int64),
                              *(np.frombuffer(n, dtype=np.int64) for _, n, _ in found)])
    shingles = _uint32([sh for sh, _, _ in found])
    doc = np.repeat(np.arange(len(docs), dtype=np.int64), [len(n) for _, n, _ in found])
    words, word_docs = np.unique(_uint32([w for _, _, w in found]), return_counts=True)
    sigs = sketcher.signatures(shingles, lengths, workers)
    return Sketches(doc, shingles, np.concatenate(([0], np.cumsum(lengths))), sigs, sketcher.band_keys(sigs, workers),
                    words, word_docs.astype(np.int64))


def _uint32(parts: list[array[int]]) -> np.ndarray:
    return np.concatenate([np.zeros(0, dtype=np.uint32),
                           *(np.frombuffer(p, dtype=np.uintc) for p in parts)]).astype(np.uint32, copy=False)


def _without_common(sk: Sketches, common_docs: float) -> tuple[np.ndarray, np.ndarray] | None:
    """`sk.shingles` and `sk.bounds` (of at least one window) with the words in more than
    `common_docs` documents left out of every window; None when no word is."""
    common = sk.words[sk.word_docs > common_docs]
    if not len(common):
        return None
    at = np.minimum(np.searchsorted(common, sk.shingles), len(common) - 1)
    keep = common[at] != sk.shingles
    kept_per_window = np.add.reduceat(keep, sk.bounds[:-1])
    return np.ascontiguousarray(sk.shingles[keep]), np.concatenate(([0], np.cumsum(kept_per_window))).astype(np.int64)


#: Words of slack when the MinHash estimate screens pairs before their shared words are counted:
#: a pair whose estimate falls this far below `min_shared` is not counted. Measured: 25 of the
#: 62,790 pairs with 5 shared words lost on 8,000 generated articles, none on METER.
_ESTIMATE_SLACK = 2.0
_COUNT_BLOCK = 65_536  # document pairs counted per thread block
_ESTIMATE_BLOCK = 16_384  # window pairs: their two signature blocks (4 MiB each) stay in the CPU cache


def candidate_pairs(sk: Sketches, n_docs: int, min_shared: int = 1, workers: int = 1, *,
                    min_rare: int = 0, common_docs: float = 0.0) -> dict[tuple[int, int], PairHits]:
    """Document pairs `(i, j)` with `i < j` whose windows share a band, with the number of
    distinct window pairs that do and the distinct content words those windows share.

    A pair whose windows meet only on a few words ("the ministry said on Monday") shares a
    sentence shape, not text: pairs whose shared words the windows' MinHash signatures put well
    under `min_shared` are left out before counting (most raw LSH hits on a large corpus), and
    the counted ones below `min_shared` are left out too. So are pairs sharing fewer than
    `2 * min_shared` words of which fewer than `min_rare` are not common, that is in at most
    `common_docs` documents (`ScanConfig.common_word_docs`): on a large corpus most pairs
    meeting on five words meet on its commonest ones (weekdays, "ministry", "percent"); a corpus
    of a few stories, whose own words are in most of its documents, has none unless it is large,
    and then still pairs the documents that share more than a phrase.
    The counting (compiled, in `_sketch.pyx`), in blocks of `_COUNT_BLOCK` document pairs, runs
    on `workers` threads.
    """
    if not len(sk):
        return {}
    doc_of = sk.doc
    n_windows = len(sk)

    def band(k: int, _: int) -> list[np.ndarray]:
        """The window pairs sharing band k's bucket, with doc_of[first] < doc_of[second], each
        packed into one integer: first * n_windows + second."""
        col = sk.keys[:, k]
        # The pairs do not depend on the order of a bucket's windows (the two of a bucket of
        # two are put in document order, larger buckets are sorted by `_pairs_in_buckets`), so
        # the sort need not be stable: numpy's quicksort is 4 times faster.
        order = np.argsort(col)
        sorted_keys = col[order]
        bounds = np.flatnonzero(np.diff(sorted_keys)) + 1
        starts = np.concatenate(([0], bounds))
        sizes = np.diff(np.concatenate((starts, [len(order)])))
        two = starts[sizes == 2]  # most shared buckets hold two windows: pair them without a loop
        a, b = order[two], order[two + 1]
        keep = doc_of[a] != doc_of[b]
        a, b = a[keep], b[keep]
        flip = doc_of[a] > doc_of[b]
        out = [np.where(flip, b, a) * n_windows + np.where(flip, a, b)]
        big = sizes > 2
        if big.any():
            rows = _pairs_in_buckets(order, starts[big], sizes[big], doc_of)
            out.append(rows[:, 0] * n_windows + rows[:, 1])
        return out

    # bands on threads: numpy's sorts and gathers let go of the interpreter lock
    found = [rows for rows_of_band in thread_blocks(band, sk.keys.shape[1], 1, workers) for rows in rows_of_band]
    packed = np.concatenate(found)
    if not len(packed):
        return {}
    packed.sort()  # then drop repeats: faster than np.unique's hashing on tens of millions
    packed = packed[np.concatenate(([True], packed[1:] != packed[:-1]))]
    first, second = np.divmod(packed, n_windows)
    doc_pairs = doc_of[first] * n_docs + doc_of[second]
    order = np.argsort(doc_pairs, kind="stable")
    first, second, doc_pairs = first[order], second[order], doc_pairs[order]
    starts = np.concatenate(([0], np.flatnonzero(np.diff(doc_pairs)) + 1))
    if min_shared > 1:
        estimate = np.add.reduceat(_shared_estimate(sk, first, second, workers), starts)
        starts = starts[estimate >= min_shared - _ESTIMATE_SLACK]
    lengths = np.searchsorted(doc_pairs, doc_pairs[starts], side="right") - starts
    rows = _flat_ranges(starts, lengths)  # the window pairs of the doc pairs counted
    offsets = np.cumsum(lengths) - lengths  # where each doc pair's window pairs begin in `rows`
    first, second = first[rows], second[rows]

    def count(lo: int, hi: int) -> np.ndarray:
        return _sketch.shared_words(sk.shingles, sk.bounds, first, second, offsets[lo:hi], lengths[lo:hi])

    shared = np.concatenate([np.zeros(0, dtype=np.int64), *thread_blocks(count, len(starts), _COUNT_BLOCK, workers)])
    kept = np.flatnonzero(shared >= min_shared)
    weak = kept[shared[kept] < 2 * min_shared]
    rare_words = _without_common(sk, common_docs) if min_rare > 0 and len(weak) else None
    if rare_words is not None:
        rare = _sketch.shared_words(*rare_words, first, second, offsets[weak], lengths[weak])
        kept = np.setdiff1d(kept, weak[rare < min_rare], assume_unique=True)
    i, j = np.divmod(doc_pairs[starts[kept]], n_docs)
    return {(a, b): PairHits(w, n) for a, b, w, n in
            zip(i.tolist(), j.tolist(), lengths[kept].tolist(), shared[kept].tolist())}


def _shared_estimate(sk: Sketches, first: np.ndarray, second: np.ndarray, workers: int = 1) -> np.ndarray:
    """MinHash estimate of the words each window pair has in common: Jaccard J from the
    signatures, |A & B| = J / (1 + J) * (|A| + |B|). In blocks of `_ESTIMATE_BLOCK` pairs on
    `workers` threads (tens of millions of pairs on a large corpus)."""
    sizes = np.diff(sk.bounds).astype(np.float64)
    perms = sk.signatures.shape[1]

    def block(lo: int, hi: int) -> np.ndarray:
        a, b = first[lo:hi], second[lo:hi]
        j = np.count_nonzero(sk.signatures[a] == sk.signatures[b], axis=1) / perms
        return j / (1.0 + j) * (sizes[a] + sizes[b])

    return np.concatenate([np.zeros(0), *thread_blocks(block, len(first), _ESTIMATE_BLOCK, workers)])


def _flat_ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """`range(start, start + length)` for each start and length, one after another."""
    return np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))


def _pairs_in_buckets(order: np.ndarray, starts: np.ndarray, sizes: np.ndarray, doc_of: np.ndarray) -> np.ndarray:
    """Window pairs of buckets holding three or more windows (`order[start:start + size]` each),
    as rows (first, second): one window per document (its first), documents in order; a bucket
    of many documents (a common phrase) pairs each document with its next few only."""
    bucket = np.repeat(np.arange(len(starts), dtype=np.int64), sizes)
    # Windows are numbered in document order (`Sketches.doc` never falls), so sorting each
    # bucket's windows sorts its documents too: one key, bucket then window.
    key = bucket * len(doc_of) + order[_flat_ranges(starts, sizes)]
    key.sort()
    bucket, window = np.divmod(key, len(doc_of))
    doc = doc_of[window]
    first = np.ones(len(key), dtype=bool)
    first[1:] = (bucket[1:] != bucket[:-1]) | (doc[1:] != doc[:-1])
    bucket, window = bucket[first], window[first]
    docs = np.bincount(bucket, minlength=len(starts))
    span = np.where(docs <= _BIG_BUCKET, docs, _BIG_BUCKET_SPAN)[bucket]
    out = [np.empty((0, 2), dtype=np.int64)]
    for offset in range(1, max(_BIG_BUCKET, _BIG_BUCKET_SPAN) + 1):
        if offset >= len(bucket):
            break
        ok = (bucket[:-offset] == bucket[offset:]) & (offset <= span[:-offset])
        if not ok.any():
            break  # no pair this far apart: none further apart either
        out.append(np.stack((window[:-offset][ok], window[offset:][ok]), axis=1))
    return np.concatenate(out)
