# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled inner loops of `provenance.align`: the seed index of one document, and the seed
regions of a pair (n-gram seeds chained along diagonals, and sentence seeds).

A word stands for itself by a 64-bit hash of its normalised form (`word_hash`), an n-gram by a
64-bit hash of its words' hashes: equal hashes are taken as equal words. If the hashes behave
like random 64-bit values, two distinct words share one with probability 2**-64, and some two
words of a vocabulary of a million do with probability about 3 in 100 million; the hashes
depend on the text alone, so the output does too.

`tests/test_seeds.py` checks every function here against a plain Python version of it.
"""

from libc.stdint cimport int64_t, uint8_t, uint64_t
from libc.stdlib cimport free, malloc, qsort
from libc.string cimport memset

from provenance._hash cimport combine, finalize, sort_distinct

import numpy as np

cdef uint64_t _FNV_OFFSET = 0xcbf29ce484222325ULL
cdef uint64_t _FNV_PRIME = 0x100000001b3ULL


cpdef uint64_t word_hash(str word):
    """64-bit hash of a string: FNV-1a over its code points, then mixed."""
    cdef uint64_t h = _FNV_OFFSET
    cdef Py_UCS4 ch
    for ch in word:
        h = (h ^ <uint64_t>ch) * _FNV_PRIME
    return finalize(h)


def word_hashes(list words):
    """`word_hash` of each string, as a uint64 array."""
    cdef Py_ssize_t n = len(words), k
    out = np.empty(n, dtype=np.uint64)
    cdef uint64_t[::1] view = out
    for k in range(n):
        view[k] = word_hash(<str>words[k])
    return out


cdef int _cmp_pair(const void* x, const void* y) noexcept nogil:
    """Order (key, position) pairs stored as two uint64 one after the other."""
    cdef const uint64_t* a = <const uint64_t*>x
    cdef const uint64_t* b = <const uint64_t*>y
    if a[0] != b[0]:
        return (a[0] > b[0]) - (a[0] < b[0])
    return (a[1] > b[1]) - (a[1] < b[1])


cdef class SeedIndex:
    """What one document offers for seeding.

    - `segment`: per word, the stretch of text between boilerplate it lies in;
    - n-grams of `n` words holding a content word and no boilerplate, as hashes sorted with
      their start positions, without those occurring more than `max_repeats` times;
    - sentences with at least `min_sentence_words` distinct content words: their word ranges and
      their content words (sorted hashes), and an inverted index word -> sentences.
    """

    cdef readonly list segment
    cdef readonly object segments  # the same as an int64 array
    cdef readonly object words  # uint64 hash per word
    cdef readonly object gram_keys, gram_pos
    cdef readonly object sent_lo, sent_hi, sent_ptr, sent_words
    cdef readonly object post_words, post_ptr, post_sents

    def __init__(self, list norms, const uint8_t[::1] boiler, const uint8_t[::1] content,
                 const int64_t[:, ::1] sentences, int n, int max_repeats, int min_sentence_words):
        cdef Py_ssize_t L = len(norms), k, i, m, g, start
        self.words = word_hashes(norms)
        cdef const uint64_t[::1] h = self.words
        # segments
        seg = np.empty(L, dtype=np.int64)
        cdef int64_t[::1] segv = seg
        cdef int64_t current = 0
        for k in range(L):
            if boiler[k] and (k == 0 or not boiler[k - 1]):
                current += 1
            segv[k] = current
        self.segments = seg
        self.segment = seg.tolist()
        # n-grams
        cdef Py_ssize_t grams = L - n + 1 if L >= n else 0
        cdef uint64_t* pairs = <uint64_t*>malloc((2 * grams + 2) * sizeof(uint64_t))
        if pairs == NULL:
            raise MemoryError()
        cdef Py_ssize_t kept = 0
        cdef int boil, cont
        cdef uint64_t key
        cdef uint64_t[::1] kv
        cdef int64_t[::1] pv
        try:
            for i in range(grams):
                boil = 0
                cont = 0
                key = <uint64_t>n
                for m in range(n):
                    boil |= boiler[i + m]
                    cont |= content[i + m]
                    key = combine(key, h[i + m])
                if boil or not cont:
                    continue
                pairs[2 * kept] = key
                pairs[2 * kept + 1] = <uint64_t>i
                kept += 1
            qsort(pairs, kept, 2 * sizeof(uint64_t), _cmp_pair)
            keys = np.empty(kept, dtype=np.uint64)
            pos = np.empty(kept, dtype=np.int64)
            kv = keys
            pv = pos
            g = 0
            k = 0
            while k < kept:
                start = k
                while k < kept and pairs[2 * k] == pairs[2 * start]:
                    k += 1
                if k - start <= max_repeats:
                    for m in range(start, k):
                        kv[g] = pairs[2 * m]
                        pv[g] = <int64_t>pairs[2 * m + 1]
                        g += 1
            self.gram_keys = keys[:g].copy()
            self.gram_pos = pos[:g].copy()
        finally:
            free(pairs)
        self._sentences(h, content, sentences, min_sentence_words)

    cdef _sentences(self, const uint64_t[::1] h, const uint8_t[::1] content,
                    const int64_t[:, ::1] sentences, int min_words):
        cdef Py_ssize_t S = sentences.shape[0], s, k, a, b, total = 0, count, u
        cdef uint64_t[::1] wv
        for s in range(S):
            total += sentences[s, 1] - sentences[s, 0]
        cdef uint64_t* buf = <uint64_t*>malloc((total + 1) * sizeof(uint64_t))
        if buf == NULL:
            raise MemoryError()
        lo = []
        hi = []
        ptr = [0]
        cdef Py_ssize_t filled = 0
        try:
            for s in range(S):
                a, b = sentences[s, 0], sentences[s, 1]
                count = 0
                for k in range(a, b):
                    if content[k]:
                        buf[filled + count] = h[k]
                        count += 1
                u = sort_distinct(buf + filled, count)
                if u < min_words:
                    continue
                filled += u
                lo.append(a)
                hi.append(b)
                ptr.append(filled)
            words = np.empty(filled, dtype=np.uint64)
            wv = words
            for k in range(filled):
                wv[k] = buf[k]
        finally:
            free(buf)
        self.sent_lo = np.asarray(lo, dtype=np.int64)
        self.sent_hi = np.asarray(hi, dtype=np.int64)
        self.sent_ptr = np.asarray(ptr, dtype=np.int64)
        self.sent_words = words
        # inverted index: each word's sentences, in sentence order
        sent_of = np.repeat(np.arange(len(lo), dtype=np.int64), np.diff(self.sent_ptr))
        order = np.lexsort((sent_of, words))
        sorted_words = words[order]
        firsts = np.flatnonzero(np.concatenate(([filled > 0], sorted_words[1:] != sorted_words[:-1])))
        self.post_words = sorted_words[firsts]
        self.post_ptr = np.concatenate((firsts, [filled])).astype(np.int64)
        self.post_sents = sent_of[order]


cdef Py_ssize_t _find(const uint64_t[::1] sorted_words, Py_ssize_t n, uint64_t w) noexcept nogil:
    """Position of `w` in `sorted_words[:n]`, or -1."""
    cdef Py_ssize_t lo = 0, hi = n, mid
    while lo < hi:
        mid = (lo + hi) >> 1
        if sorted_words[mid] < w:
            lo = mid + 1
        else:
            hi = mid
    return lo if lo < n and sorted_words[lo] == w else -1


cdef int _cmp_i64(const void* x, const void* y) noexcept nogil:
    cdef int64_t a = (<const int64_t*>x)[0]
    cdef int64_t b = (<const int64_t*>y)[0]
    return (a > b) - (a < b)


def seed_regions(SeedIndex a, SeedIndex b, int n, int max_gap, double min_dice, int min_words,
                 double short_dice, int max_postings):
    """The seed regions `[a0, a1, b0, b1, weight]` (words) of a document pair: n-gram seeds
    chained along diagonals and cut at boilerplate (`_chain_regions`), then sentence seeds
    (`_sentence_seeds`) lying within one stretch of text on both sides."""
    cdef int64_t width = len(b.words) + 1
    cdef Py_ssize_t count = 0
    cdef int64_t* packed = _seeds(a, b, width, &count)
    try:
        out = _chain_regions(packed, count, width, n, max_gap, a.segments, b.segments)
    finally:
        free(packed)
    cdef const int64_t[::1] seg_a = a.segments, seg_b = b.segments
    for r in _sentence_seeds(a, b, min_dice, min_words, short_dice, max_postings):
        if seg_a[r[0]] == seg_a[r[1] - 1] and seg_b[r[2]] == seg_b[r[3] - 1]:
            out.append(r)
    return out


cdef int64_t* _seeds(SeedIndex a, SeedIndex b, int64_t width, Py_ssize_t* count) except? NULL:
    """Positions `i * width + j` where the same n-gram starts at word i of `a` and word j of
    `b`, sorted (a buffer to free; NULL when there are none)."""
    cdef const uint64_t[::1] ka = a.gram_keys, kb = b.gram_keys
    cdef const int64_t[::1] pa = a.gram_pos, pb = b.gram_pos
    cdef Py_ssize_t na = ka.shape[0], nb = kb.shape[0], x, y, x1, y1, p, q, total = 0, filled = 0
    cdef int64_t* out = NULL
    cdef int pass_
    for pass_ in range(2):  # count, then fill
        x = y = 0
        while x < na and y < nb:
            if ka[x] < kb[y]:
                x += 1
            elif ka[x] > kb[y]:
                y += 1
            else:
                x1 = x
                while x1 < na and ka[x1] == ka[x]:
                    x1 += 1
                y1 = y
                while y1 < nb and kb[y1] == kb[y]:
                    y1 += 1
                if pass_ == 0:
                    total += (x1 - x) * (y1 - y)
                else:
                    for p in range(x, x1):
                        for q in range(y, y1):
                            out[filled] = pa[p] * width + pb[q]
                            filled += 1
                x, y = x1, y1
        if pass_ == 0:
            count[0] = total
            if total == 0:
                return NULL
            out = <int64_t*>malloc(total * sizeof(int64_t))
            if out == NULL:
                raise MemoryError()
    qsort(out, total, sizeof(int64_t), _cmp_i64)
    return out


cdef list _chain_regions(const int64_t* packed, Py_ssize_t S, int64_t width, int n, int max_gap,
                         const int64_t[::1] seg_a, const int64_t[::1] seg_b):
    """Chain the sorted seeds (`i * width + j`) into chains that advance on both sides with gaps
    of at most `max_gap` words, cut each chain where it steps over boilerplate on either side
    (`seg_a`, `seg_b`: each word's segment), and return the pieces as regions
    `[a0, a1, b0, b1, seeds]`, chains in the order they start."""
    cdef Py_ssize_t s, t, w, n_active = 0, n_chains = 0, c, best
    cdef Py_ssize_t first, count, cur, prev, last
    cdef int64_t reach = max_gap + n, i, j, li, lj, drift, best_drift
    if S == 0:
        return []
    cdef int64_t* si = <int64_t*>malloc(S * sizeof(int64_t))
    cdef int64_t* sj = <int64_t*>malloc(S * sizeof(int64_t))
    cdef int64_t* last_i = <int64_t*>malloc(S * sizeof(int64_t))
    cdef int64_t* last_j = <int64_t*>malloc(S * sizeof(int64_t))
    cdef int64_t* active = <int64_t*>malloc(S * sizeof(int64_t))
    cdef int64_t* chain_of = <int64_t*>malloc(S * sizeof(int64_t))
    cdef int64_t* starts = <int64_t*>malloc((S + 1) * sizeof(int64_t))
    cdef int64_t* order = <int64_t*>malloc(S * sizeof(int64_t))
    out = []
    try:
        if not (si and sj and last_i and last_j and active and chain_of and starts and order):
            raise MemoryError()
        for s in range(S):
            i = packed[s] // width
            j = packed[s] % width
            si[s], sj[s] = i, j
            best = -1
            best_drift = max_gap + 1
            w = 0
            for t in range(n_active):
                c = active[t]
                li, lj = last_i[c], last_j[c]
                if i - li > reach:
                    continue
                active[w] = c
                w += 1
                if i - li > 0 and 0 < j - lj <= reach:
                    drift = (j - i) - (lj - li)
                    if drift < 0:
                        drift = -drift
                    if drift < best_drift:
                        best, best_drift = c, drift
            n_active = w
            if best < 0:
                best = n_chains
                n_chains += 1
                active[n_active] = best
                n_active += 1
            chain_of[s] = best
            last_i[best], last_j[best] = i, j
        # seeds grouped by chain, in seed order within each (a counting sort)
        memset(starts, 0, (S + 1) * sizeof(int64_t))
        for s in range(S):
            starts[chain_of[s] + 1] += 1
        for c in range(n_chains):
            starts[c + 1] += starts[c]
        for s in range(S):
            order[starts[chain_of[s]]] = s
            starts[chain_of[s]] += 1
        t = 0
        for c in range(n_chains):
            first = order[t]
            count = 1
            for s in range(t + 1, starts[c]):
                cur = order[s]
                prev = order[s - 1]
                if seg_a[si[cur]] != seg_a[si[prev]] or seg_b[sj[cur]] != seg_b[sj[prev]]:
                    out.append([si[first], si[prev] + n, sj[first], sj[prev] + n, count])
                    first = cur
                    count = 0
                count += 1
            last = order[starts[c] - 1]
            out.append([si[first], si[last] + n, sj[first], sj[last] + n, count])
            t = starts[c]
    finally:
        free(si)
        free(sj)
        free(last_i)
        free(last_j)
        free(active)
        free(chain_of)
        free(starts)
        free(order)
    return out


cdef list _sentence_seeds(SeedIndex a, SeedIndex b, double min_dice, int min_words, double short_dice,
                          int max_postings):
    """Sentence pairs whose content words overlap with Dice >= `min_dice` (and >= `short_dice`
    when they share only `min_words` words), mutual best matches only, as regions
    `[a0, a1, b0, b1, shared]` from the first to the last shared word of each sentence.
    A word in more than `max_postings` sentences of `b` is not counted."""
    cdef Py_ssize_t Sa = len(a.sent_lo), Sb = len(b.sent_lo)
    if min_dice <= 0 or Sa == 0 or Sb == 0:
        return []
    cdef const int64_t[::1] ptr_a = a.sent_ptr, ptr_b = b.sent_ptr
    cdef const uint64_t[::1] words_a = a.sent_words, words_b = b.sent_words
    cdef const uint64_t[::1] post_words = b.post_words
    cdef const int64_t[::1] post_ptr = b.post_ptr, post_sents = b.post_sents
    cdef Py_ssize_t P = post_words.shape[0]
    cdef Py_ssize_t sa, sb, k, f, p, touched_n, t, la, lb
    cdef int64_t cnt
    cdef double dice
    cdef int64_t* shared = <int64_t*>malloc(Sb * sizeof(int64_t))
    cdef int64_t* touched = <int64_t*>malloc(Sb * sizeof(int64_t))
    cdef double* best_a = <double*>malloc(Sa * sizeof(double))
    cdef int64_t* best_a_sb = <int64_t*>malloc(Sa * sizeof(int64_t))
    cdef double* best_b = <double*>malloc(Sb * sizeof(double))
    cdef int64_t* best_b_sa = <int64_t*>malloc(Sb * sizeof(int64_t))
    cand_sa = []
    cand_sb = []
    cand_dice = []
    cand_n = []
    out = []
    try:
        if not (shared and touched and best_a and best_a_sb and best_b and best_b_sa):
            raise MemoryError()
        memset(shared, 0, Sb * sizeof(int64_t))
        for sa in range(Sa):
            best_a[sa] = -1.0
            best_a_sb[sa] = 0
        for sb in range(Sb):
            best_b[sb] = -1.0
            best_b_sa[sb] = 0
        for sa in range(Sa):
            touched_n = 0
            for k in range(ptr_a[sa], ptr_a[sa + 1]):
                f = _find(post_words, P, words_a[k])
                if f < 0:
                    continue
                if post_ptr[f + 1] - post_ptr[f] > max_postings:
                    continue
                for p in range(post_ptr[f], post_ptr[f + 1]):
                    sb = post_sents[p]
                    if shared[sb] == 0:
                        touched[touched_n] = sb
                        touched_n += 1
                    shared[sb] += 1
            la = ptr_a[sa + 1] - ptr_a[sa]
            for t in range(touched_n):
                sb = touched[t]
                cnt = shared[sb]
                shared[sb] = 0
                if cnt < min_words:
                    continue
                lb = ptr_b[sb + 1] - ptr_b[sb]
                dice = 2.0 * cnt / (la + lb)
                # Three shared words are a coincidence unless they are nearly all there is.
                if dice >= min_dice and (cnt > min_words or dice >= short_dice):
                    cand_sa.append(sa)
                    cand_sb.append(sb)
                    cand_dice.append(dice)
                    cand_n.append(cnt)
                    if dice > best_a[sa] or (dice == best_a[sa] and sb < best_a_sb[sa]):
                        best_a[sa], best_a_sb[sa] = dice, sb
                    if dice > best_b[sb] or (dice == best_b[sb] and sa < best_b_sa[sb]):
                        best_b[sb], best_b_sa[sb] = dice, sa
        for t in range(len(cand_sa)):
            sa, sb, dice = cand_sa[t], cand_sb[t], cand_dice[t]
            if best_a[sa] == dice and best_a_sb[sa] == sb and best_b[sb] == dice and best_b_sa[sb] == sa:
                a0, a1 = _extent(a.words, a.sent_lo[sa], a.sent_hi[sa], words_a[ptr_a[sa]:ptr_a[sa + 1]],
                                 words_b[ptr_b[sb]:ptr_b[sb + 1]])
                b0, b1 = _extent(b.words, b.sent_lo[sb], b.sent_hi[sb], words_b[ptr_b[sb]:ptr_b[sb + 1]],
                                 words_a[ptr_a[sa]:ptr_a[sa + 1]])
                out.append([a0, a1, b0, b1, cand_n[t]])
    finally:
        free(shared)
        free(touched)
        free(best_a)
        free(best_a_sb)
        free(best_b)
        free(best_b_sa)
    return out


cdef tuple _extent(const uint64_t[::1] h, int64_t i, int64_t j, const uint64_t[::1] mine,
                   const uint64_t[::1] theirs):
    """The part of a sentence (words i..j) from its first to its last word that both
    sentences' content words hold (`mine`, `theirs`: sorted)."""
    cdef Py_ssize_t nm = mine.shape[0], nt = theirs.shape[0]
    while i < j and not (_find(mine, nm, h[i]) >= 0 and _find(theirs, nt, h[i]) >= 0):
        i += 1
    while j > i and not (_find(mine, nm, h[j - 1]) >= 0 and _find(theirs, nt, h[j - 1]) >= 0):
        j -= 1
    return i, j
