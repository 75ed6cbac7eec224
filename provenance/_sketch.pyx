# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled inner loop of `provenance.sketch`: the distinct words a candidate document pair's
matched windows have in common. It runs without the interpreter lock, so blocks of pairs go
to threads. `tests/test_sketch.py` checks it against Python's sets."""

from libc.stdint cimport int64_t, uint32_t
from libc.stdlib cimport free, malloc, qsort, realloc

import numpy as np


cdef int _cmp_u32(const void* x, const void* y) noexcept nogil:
    cdef uint32_t a = (<const uint32_t*>x)[0]
    cdef uint32_t b = (<const uint32_t*>y)[0]
    return (a > b) - (a < b)


def shared_words(const uint32_t[::1] shingles, const int64_t[::1] bounds, const int64_t[::1] first,
                 const int64_t[::1] second, const int64_t[::1] offsets, const int64_t[::1] lengths):
    """For each document pair p, the size of the union over its window pairs k in
    `offsets[p] .. offsets[p] + lengths[p]` of the shingles windows `first[k]` and `second[k]`
    share. Window w's shingles are `shingles[bounds[w]:bounds[w + 1]]`, sorted and distinct."""
    cdef Py_ssize_t n = lengths.shape[0], p, k, x, y, xe, ye, filled, cap = 1024, u
    out = np.empty(n, dtype=np.int64)
    cdef int64_t[::1] counts = out
    cdef uint32_t* buf = <uint32_t*>malloc(cap * sizeof(uint32_t))
    cdef uint32_t* grown
    cdef int64_t total
    if buf == NULL:
        raise MemoryError()
    try:
        with nogil:
            for p in range(n):
                filled = 0
                total = 0
                for k in range(offsets[p], offsets[p] + lengths[p]):
                    x, xe = bounds[first[k]], bounds[first[k] + 1]
                    y, ye = bounds[second[k]], bounds[second[k] + 1]
                    if filled + (xe - x) > cap:
                        cap = 2 * (filled + (xe - x))
                        grown = <uint32_t*>realloc(buf, cap * sizeof(uint32_t))
                        if grown == NULL:
                            with gil:
                                raise MemoryError()
                        buf = grown
                    while x < xe and y < ye:
                        if shingles[x] < shingles[y]:
                            x += 1
                        elif shingles[x] > shingles[y]:
                            y += 1
                        else:
                            buf[filled] = shingles[x]
                            filled += 1
                            x += 1
                            y += 1
                if lengths[p] == 1:
                    total = filled  # one window pair: its common words are distinct already
                elif filled:
                    qsort(buf, filled, sizeof(uint32_t), _cmp_u32)
                    total = 1
                    for u in range(1, filled):
                        if buf[u] != buf[u - 1]:
                            total += 1
                counts[p] = total
    finally:
        free(buf)
    return out
