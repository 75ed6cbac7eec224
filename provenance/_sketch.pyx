# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled inner loops of `provenance.sketch`: the distinct words a candidate document pair's
matched windows have in common (`shared_words`: it runs without the interpreter lock, so
blocks of pairs go to threads; `tests/test_sketch.py` checks it against Python's sets); and a
document's clauses, the units its windows are made of (`clause_ranges`, checked there against
the regular expression and `text.Words.between`)."""

from cpython.unicode cimport Py_UNICODE_ISSPACE
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


cdef inline bint _space(Py_UCS4 c):
    return Py_UNICODE_ISSPACE(c)


cdef Py_ssize_t _break_at(str text, Py_ssize_t p, Py_ssize_t e):
    """Length of the clause break `sketch.CLAUSE_BREAK` matches at `p` (inside `[p, e)`), 0 if none:
    `[:;]\\s|[“”"«»„]|``|''|\\s[—–]\\s|\\s--\\s`, alternatives tried in that order."""
    cdef Py_UCS4 c = text[p]
    if (c == u":" or c == u";") and p + 1 < e and _space(text[p + 1]):
        return 2
    if c == u"“" or c == u"”" or c == u'"' or c == u"«" or c == u"»" or c == u"„":
        return 1
    if (c == u"`" or c == u"'") and p + 1 < e and text[p + 1] == c:
        return 2
    if _space(c):
        if p + 2 < e and (text[p + 1] == u"—" or text[p + 1] == u"–") and _space(text[p + 2]):
            return 3
        if p + 3 < e and text[p + 1] == u"-" and text[p + 2] == u"-" and _space(text[p + 3]):
            return 4
    return 0


cdef Py_ssize_t _first_ending_after(const long long[::1] ends, Py_ssize_t n, long long offset):
    """bisect_right(ends, offset)."""
    cdef Py_ssize_t lo = 0, hi = n, mid
    while lo < hi:
        mid = (lo + hi) // 2
        if offset < ends[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


cdef void _between(const long long[::1] starts, const long long[::1] ends, Py_ssize_t n,
                   long long start, long long end, Py_ssize_t* i_out, Py_ssize_t* j_out):
    """`text.Words.between`: word index range of the words lying inside `[start, end)`."""
    cdef Py_ssize_t i = _first_ending_after(ends, n, start), j
    while i < n and starts[i] < start:
        i += 1
    j = _first_ending_after(starts, n, end - 1)
    while j > i and ends[j - 1] > end:
        j -= 1
    i_out[0] = i
    j_out[0] = j if j > i else i


def clause_ranges(str text, sentences, const long long[::1] starts, const long long[::1] ends):
    """Word ranges `(i, j)`, `i < j`, of the clauses of the sentences (character spans) of a
    text whose words start and end at `starts` and `ends`: each sentence cut at every clause
    break (`_break_at`, found left to right as `re.finditer` finds them)."""
    cdef Py_ssize_t n = starts.shape[0], s, e, p, pos, size, i, j
    cdef list out = []
    for span in sentences:
        s, e = span
        pos = s
        p = s
        while p < e:
            size = _break_at(text, p, e)
            if size == 0:
                p += 1
                continue
            if p > pos:
                _between(starts, ends, n, pos, p, &i, &j)
                if i < j:
                    out.append((i, j))
            pos = p + size
            p = pos
        if e > pos:
            _between(starts, ends, n, pos, e, &i, &j)
            if i < j:
                out.append((i, j))
    return out
