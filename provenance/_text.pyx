# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled parts of `provenance.text` and `provenance.outlets`: finding words and line breaks.

`word_spans`: a word is what `text.WORD`, `[^\\W_]+(?:['’][^\\W_]+)*`, matches: a run of
letters and digits (`str.isalnum`, which is what the pattern's `[^\\W_]` is), with
apostrophes inside it ("don't", "O’Brien"). `word_starts`: the words `outlets.WORD_START`
finds where an outlet's name may begin, only those a name starts with. `blocks_and_breaks`,
`marked_lines`, `line_lengths`: what `text.BLANK_LINES`, `text.LINE_BREAK` and
`text.MARKED_LINE` find, for cutting a text into paragraphs. Each is one pass over the
characters instead of the regular-expression engine and a match object per match;
`tests/test_text.py` checks each against its pattern.
"""

from cpython.array cimport array, clone, resize_smart
from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISSPACE

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


cdef inline bint _control(Py_UCS4 c):
    return c <= 0x1f and c != 0x09 and c != 0x0a


cdef inline bint _line_space(Py_UCS4 c):
    return c == u" " or c == u"\t" or c == u"\f" or c == u"\v" or c == 0x19


def marked_lines(str text, Py_ssize_t start, Py_ssize_t end):
    """How many times `text.MARKED_LINE`, `(?:^|\\n)[\\x00-\\x08\\x0b-\\x1f]`, occurs in
    `text[start:end]`: lines opening with a control character."""
    cdef Py_ssize_t n = min(end, len(text)), p = max(start, 0), count = 0
    if p == 0 and n > 0 and _control(text[0]):
        count += 1
    while p + 1 < n:
        if text[p] == u"\n" and _control(text[p + 1]):
            count += 1
            p += 2
        else:
            p += 1
    return count


def line_lengths(str text, Py_ssize_t start):
    """`len(line.rstrip())` of each line of `text[start:]` (lines end at `\\r\\n`, `\\n` or `\\r`)
    that holds more than white space."""
    cdef Py_ssize_t n = len(text), p = max(start, 0), s, last
    cdef list out = []
    cdef Py_UCS4 c
    while True:
        s = p
        last = -1  # the line's last character that is not white space
        while p < n:
            c = text[p]
            if c == u"\n" or c == u"\r":
                break
            if not Py_UNICODE_ISSPACE(c):
                last = p
            p += 1
        if last >= 0:
            out.append(last + 1 - s)
        if p >= n:
            return out
        if text[p] == u"\r" and p + 1 < n and text[p + 1] == u"\n":
            p += 2
        else:
            p += 1


cdef Py_ssize_t _blank_lines_at(str text, Py_ssize_t p, Py_ssize_t n):
    """End of the match of `text.BLANK_LINES`, `\\r?\\n[ \\t\\f\\v\\x19]*\\r?\\n\\s*`, at `p`, or -1."""
    cdef Py_ssize_t q = p
    if text[q] == u"\r" and q + 1 < n and text[q + 1] == u"\n":
        q += 2
    elif text[q] == u"\n":
        q += 1
    else:
        return -1
    while q < n and _line_space(text[q]):
        q += 1
    if q < n and text[q] == u"\r" and q + 1 < n and text[q + 1] == u"\n":
        q += 2
    elif q < n and text[q] == u"\n":
        q += 1
    else:
        return -1
    while q < n and Py_UNICODE_ISSPACE(text[q]):
        q += 1
    return q


def blocks_and_breaks(str text, Py_ssize_t start):
    """The blocks of `text[start:]` between blank lines (what `text.BLANK_LINES` separates,
    as `re.finditer` finds them), each with the line breaks inside it (`text.LINE_BREAK`,
    `\\r?\\n|\\r`): a list of `(block start, block end, [(break start, break end), ...])`."""
    cdef Py_ssize_t n = len(text), p = max(start, 0), pos = p, q, b
    cdef list out = []
    cdef list breaks
    cdef list bounds = []
    while p < n:
        q = _blank_lines_at(text, p, n)
        if q < 0:
            p += 1
            continue
        bounds.append((pos, p))
        pos = q
        p = q
    bounds.append((pos, n))
    for bs, be in bounds:
        breaks = []
        b = bs
        while b < be:
            if text[b] == u"\r" and b + 1 < be and text[b + 1] == u"\n":
                breaks.append((b, b + 2))
                b += 2
            elif text[b] == u"\n" or text[b] == u"\r":
                breaks.append((b, b + 1))
                b += 1
            else:
                b += 1
        out.append((bs, be, breaks))
    return out
