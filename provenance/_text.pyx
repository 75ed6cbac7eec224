# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled parts of `provenance.text` and `provenance.outlets`: finding words.

`word_spans`: a word is what `text.WORD`, `[^\\W_]+(?:['’][^\\W_]+)*`, matches: a run of
letters and digits (`str.isalnum`, which is what the pattern's `[^\\W_]` is), with
apostrophes inside it ("don't", "O’Brien"). `word_starts`: the words `outlets.WORD_START`
finds where an outlet's name may begin, only those a name starts with. Each is one pass over
the characters instead of the regular-expression engine and a match object per word;
`tests/test_text.py` checks both against their patterns.
"""

from cpython.array cimport array, clone, resize_smart
from cpython.unicode cimport Py_UNICODE_ISALNUM
from libc.stdint cimport int64_t

_LONGS = array("q")


def word_spans(str text, Py_ssize_t start, Py_ssize_t end):
    """(starts, ends, words) of the words in `text[start:end]`: two `array('q')` of offsets and
    the list of the words' strings."""
    cdef Py_ssize_t n = min(end, len(text)), i = max(start, 0), s, k = 0, size = 64
    cdef Py_UCS4 c
    cdef array starts = clone(_LONGS, size, False), ends = clone(_LONGS, size, False)
    cdef list found = []
    while i < n:
        if not Py_UNICODE_ISALNUM(text[i]):
            i += 1
            continue
        s = i
        while True:
            while i < n and Py_UNICODE_ISALNUM(text[i]):
                i += 1
            if i + 1 < n:
                c = text[i]
                if (c == u"'" or c == u"’") and Py_UNICODE_ISALNUM(text[i + 1]):
                    i += 1
                    continue
            break
        if k == size:
            size *= 2
            resize_smart(starts, size)
            resize_smart(ends, size)
        starts.data.as_longlongs[k] = s
        ends.data.as_longlongs[k] = i
        found.append(text[s:i])
        k += 1
    resize_smart(starts, k)
    resize_smart(ends, k)
    return starts, ends, found


cdef inline bint _is_word(Py_UCS4 c):
    return Py_UNICODE_ISALNUM(c) or c == u"_"


def word_starts(str text, Py_ssize_t start, Py_ssize_t end, set keys):
    """(offset, lower-case word) of each word that `(?<![\\w.@-])\\w+` finds in `text[start:end]`
    (a run of word characters, underscore included, not right after a word character, a
    full stop, `@` or `-`) whose lower-case form is in `keys`."""
    cdef Py_ssize_t n = min(end, len(text)), i = max(start, 0), s
    cdef Py_UCS4 before
    cdef list out = []
    while i < n:
        if not _is_word(text[i]):
            i += 1
            continue
        s = i
        while i < n and _is_word(text[i]):
            i += 1
        if s > 0:
            before = text[s - 1]
            if _is_word(before) or before == u"." or before == u"@" or before == u"-":
                continue
        word = text[s:i].lower()
        if word in keys:
            out.append((s, word))
    return out
