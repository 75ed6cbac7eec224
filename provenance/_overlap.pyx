# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled part of `provenance.evidence`: how much of two documents' vocabularies they share.

Each document's word trigrams (outside boilerplate), distinct content words and consecutive
content-word pairs become sorted arrays of distinct 64-bit hashes (`document_sets`, hashed as
`_seeds.pyx` hashes words and n-grams: equal hashes are taken as equal words); one pass
without the interpreter lock then counts, for every related pair at once, how many of one
kind two documents have in common (`common_counts`). `tests/test_overlap.py` checks both
against Python's sets.
"""

from libc.stdint cimport int64_t, uint8_t, uint64_t
from libc.stdlib cimport calloc, free, malloc

from provenance._hash cimport combine, sort_distinct

import numpy as np

from provenance._seeds import word_hashes


cdef object _distinct(uint64_t* buf, Py_ssize_t n):
    """The distinct values of `buf[:n]`, sorted, as a new uint64 array (sorts `buf` in place)."""
    cdef Py_ssize_t k, u = sort_distinct(buf, n)
    out = np.empty(u, dtype=np.uint64)
    cdef uint64_t[::1] view = out
    for k in range(u):
        view[k] = buf[k]
    return out


def document_sets(list norms, const uint8_t[::1] boiler, const uint8_t[::1] content):
    """(trigrams, content words, content-word pairs) of one document, each a sorted uint64 array
    of distinct hashes. Trigrams: three consecutive words whose first and last are outside
    boilerplate; content words: `content[k]` set; pairs: consecutive content words, in order."""
    cdef Py_ssize_t L = len(norms), i, n_t = 0, n_c = 0
    hashes = word_hashes(norms)
    cdef const uint64_t[::1] h = hashes
    cdef uint64_t* buf = <uint64_t*>malloc((2 * L + 1) * sizeof(uint64_t))
    if buf == NULL:
        raise MemoryError()
    cdef uint64_t* seq = buf + L  # the content words in text order
    try:
        for i in range(L - 2):
            if not (boiler[i] or boiler[i + 2]):
                buf[n_t] = combine(combine(combine(3, h[i]), h[i + 1]), h[i + 2])
                n_t += 1
        trigrams = _distinct(buf, n_t)
        for i in range(L):
            if content[i]:
                seq[n_c] = h[i]
                n_c += 1
        for i in range(n_c):
            buf[i] = seq[i]
        words = _distinct(buf, n_c)
        for i in range(n_c - 1):
            buf[i] = combine(combine(2, seq[i]), seq[i + 1])
        pairs = _distinct(buf, max(0, n_c - 1))
    finally:
        free(buf)
    return trigrams, words, pairs


def common_counts(const uint64_t[::1] values, const int64_t[::1] offsets, const int64_t[::1] first,
                  const int64_t[::1] second):
    """For each p, how many values documents `first[p]` and `second[p]` have in common, where
    document d's values are `values[offsets[d]:offsets[d + 1]]`, sorted and distinct."""
    cdef Py_ssize_t n = first.shape[0], p, x, xe, y, ye
    cdef int64_t c
    out = np.empty(n, dtype=np.int64)
    cdef int64_t[::1] counts = out
    with nogil:
        for p in range(n):
            x, xe = offsets[first[p]], offsets[first[p] + 1]
            y, ye = offsets[second[p]], offsets[second[p] + 1]
            c = 0
            while x < xe and y < ye:
                if values[x] < values[y]:
                    x += 1
                elif values[x] > values[y]:
                    y += 1
                else:
                    c += 1
                    x += 1
                    y += 1
            counts[p] = c
    return out


def common_with_any(const uint64_t[::1] values, const int64_t[::1] offsets, Py_ssize_t target,
                    const int64_t[::1] others):
    """How many of document `target`'s values at least one of the documents `others` has (the
    same layout as `common_counts`)."""
    cdef Py_ssize_t lo = offsets[target], n = offsets[target + 1] - offsets[target], k, x, y, ye
    cdef int64_t found = 0
    cdef uint8_t* seen = <uint8_t*>calloc(n + 1, sizeof(uint8_t))
    if seen == NULL:
        raise MemoryError()
    with nogil:
        for k in range(others.shape[0]):
            x = 0
            y, ye = offsets[others[k]], offsets[others[k] + 1]
            while x < n and y < ye:
                if values[lo + x] < values[y]:
                    x += 1
                elif values[lo + x] > values[y]:
                    y += 1
                else:
                    seen[x] = 1
                    x += 1
                    y += 1
        for x in range(n):
            found += seen[x]
    free(seen)
    return found
