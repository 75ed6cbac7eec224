"""A document prepared for matching: its words, which of them are boilerplate, its units.

`analyze()` is pure and cheap enough to run once per document per scan; every later
stage (sketching, alignment, quotes, citations) reads the same `Analyzed` record.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .model import Document
from .text import Words, is_content, paragraphs, sentences, words


@dataclass(frozen=True)
class Analyzed:
    doc: Document
    words: Words
    boiler: tuple[bool, ...]  # per word: inside boilerplate
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[tuple[int, int], ...]

    @property
    def id(self) -> str:
        return self.doc.id

    @cached_property
    def content_flags(self) -> tuple[bool, ...]:
        """Per word: a content word (not a stopword) outside boilerplate."""
        return tuple(not b and is_content(n) for n, b in zip(self.words.norms, self.boiler))

    @cached_property
    def shareable_words(self) -> int:
        """Words outside boilerplate: the denominator of 'share of the text reused'."""
        return sum(1 for b in self.boiler if not b)


def analyze(doc: Document) -> Analyzed:
    w = words(doc.text, doc.content_start)
    boiler = [False] * len(w)
    for r in doc.boilerplate:
        i, j = w.between(r.start, r.end)
        for k in range(i, j):
            boiler[k] = True
    paras = paragraphs(doc.text, doc.content_start)
    an = Analyzed(
        doc=doc,
        words=w,
        boiler=tuple(boiler),
        paragraphs=tuple(paras),
        sentences=tuple(sentences(doc.text, paras)),
    )
    # Filled in now, they travel with the record from the worker that analysed it; a later
    # stage's workers would each work them out again and lose them when they exit.
    _ = an.content_flags, an.shareable_words
    return an
