# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled inner loop of `provenance.edgemodel`: the raw scores of boosted trees. It runs
without the interpreter lock, so blocks of rows go to threads. `tests/test_edgemodel.py`
checks it against scikit-learn's own predictions."""

from libc.float cimport DBL_MAX
from libc.math cimport INFINITY, isnan
from libc.stdint cimport int64_t, uint8_t

import numpy as np

cdef enum:
    _ROWS = 1024  # rows per block (of 56 features: 460 KB, in the CPU's L2 cache with a tree or two)


def raw_scores(const double[:, ::1] X, const int64_t[::1] roots, const uint8_t[::1] leaf,
               const int64_t[::1] feature, const uint8_t[::1] missing_left, const double[::1] threshold,
               const int64_t[::1] left, const int64_t[::1] right, const double[::1] value, double baseline):
    """`baseline` plus each tree's leaf value, trees in order, for each row of `X`. The trees'
    nodes lie one after another (tree t starts at `roots[t]`; children are absolute node
    numbers). A row goes left where its value is at most the node's threshold; a missing value
    (nan) goes left where `missing_left` says so, as scikit-learn sends it."""
    cdef Py_ssize_t n = X.shape[0], trees = roots.shape[0], r, r0, r1, t, node
    cdef double v
    out = np.empty(n, dtype=np.float64)
    cdef double[::1] scores = out
    with nogil:
        # Rows in blocks, each tree over a whole block: a tree's nodes stay in the CPU cache
        # while the block's rows pass through it (each row's sum keeps its order: baseline,
        # then the trees one after another).
        r0 = 0
        while r0 < n:
            r1 = r0 + _ROWS if r0 + _ROWS < n else n
            for r in range(r0, r1):
                scores[r] = baseline
            for t in range(trees):
                for r in range(r0, r1):
                    node = roots[t]
                    while not leaf[node]:
                        v = X[r, feature[node]]
                        if missing_left[node]:
                            if isnan(v):
                                v = -INFINITY
                            elif v == INFINITY:
                                v = DBL_MAX
                            elif v == -INFINITY:
                                v = -DBL_MAX
                        node = left[node] if v <= threshold[node] else right[node]
                    scores[r] += value[node]
            r0 = r1
    return out
