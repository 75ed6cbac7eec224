# Hashing and sorting helpers shared by the compiled kernels (cimported by _seeds.pyx and
# _overlap.pyx), so that both take one word, n-gram or word pair to the same 64-bit value.
from libc.stdint cimport uint64_t
from libc.stdlib cimport qsort


cdef inline uint64_t finalize(uint64_t h) noexcept nogil:
    """splitmix64's finalizer: every input bit moves every output bit."""
    h ^= h >> 30
    h *= 0xBF58476D1CE4E5B9ULL
    h ^= h >> 27
    h *= 0x94D049BB133111EBULL
    return h ^ (h >> 31)


cdef inline uint64_t combine(uint64_t key, uint64_t h) noexcept nogil:
    """`key` extended by one more hash (n-grams: start from n, then each word's hash in turn)."""
    return finalize((key ^ h) * 0x9E3779B97F4A7C15ULL)


cdef inline int cmp_u64(const void* x, const void* y) noexcept nogil:
    cdef uint64_t a = (<const uint64_t*>x)[0]
    cdef uint64_t b = (<const uint64_t*>y)[0]
    return (a > b) - (a < b)


cdef inline Py_ssize_t sort_distinct(uint64_t* buf, Py_ssize_t n) noexcept nogil:
    """Sort `buf[:n]` and move its distinct values to the front; returns how many there are."""
    qsort(buf, n, sizeof(uint64_t), cmp_u64)
    cdef Py_ssize_t k, u = 0
    for k in range(n):
        if u == 0 or buf[k] != buf[u - 1]:
            buf[u] = buf[k]
            u += 1
    return u
