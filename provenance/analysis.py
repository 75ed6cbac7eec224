"""A document prepared for matching: its words, which of them are boilerplate, its units.

`analyze()` is pure and cheap enough to run once per document per scan; every later
stage (sketching, alignment, quotes, citations) reads the same `Analyzed` record. Its
parts come in two steps, so a scan can find the corpus-wide boilerplate in between
without cutting any text into words twice: `units()` (words, paragraphs, sentences: the
text alone) and `word_flags()` (which words are boilerplate, which carry content).
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Document
from .text import Words, is_content, paragraphs, sentences, words

Units = tuple[Words, tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]
Flags = tuple[tuple[bool, ...], tuple[bool, ...]]


@dataclass(frozen=True)
class Analyzed:
    doc: Document
    words: Words
    boiler: tuple[bool, ...]  # per word: inside boilerplate
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[tuple[int, int], ...]
    content_flags: tuple[bool, ...]  # per word: a content word (not a stopword) outside boilerplate
    shareable_words: int  # words outside boilerplate: the denominator of 'share of the text reused'

    @property
    def id(self) -> str:
        return self.doc.id

    def paragraph_at(self, offset: int) -> int:
        """The index of the paragraph holding `offset`, -1 when none does."""
        for k, (s, e) in enumerate(self.paragraphs):
            if s <= offset < e:
                return k
        return -1


def units(doc: Document) -> Units:
    """The document's words, paragraphs and sentences (they do not depend on its boilerplate)."""
    w = words(doc.text, doc.content_start)
    paras = tuple(paragraphs(doc.text, doc.content_start))
    return w, paras, tuple(sentences(doc.text, paras))


def word_flags(doc: Document, w: Words) -> Flags:
    """Per word: inside the document's boilerplate; a content word outside it."""
    boiler = [False] * len(w)
    for r in doc.boilerplate:
        i, j = w.between(r.start, r.end)
        boiler[i:j] = [True] * (j - i)
    return tuple(boiler), tuple(not b and is_content(n) for n, b in zip(w.norms, boiler))


def analyze(doc: Document, parts: Units | None = None, flags: Flags | None = None) -> Analyzed:
    """`doc` analysed; `parts` and `flags`, when given, are its `units()` and `word_flags()`."""
    w, paras, sents = parts or units(doc)
    boiler, content = flags or word_flags(doc, w)
    return Analyzed(doc=doc, words=w, boiler=boiler, paragraphs=paras, sentences=sents,
                    content_flags=content, shareable_words=boiler.count(False))
