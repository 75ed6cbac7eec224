from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance._text import blocks_and_breaks, line_lengths, marked_lines, word_spans, word_starts
from provenance.outlets import WORD_START
from provenance.text import (
    BLANK_LINES,
    LINE_BREAK,
    MARKED_LINE,
    WORD,
    normalize_word,
    paragraphs,
    sentences,
    words,
)

TEXTS = st.lists(st.sampled_from([*list("ab cD.,!?\"'’“”\n\r\t\x19<-é"), "Mr.", "U.S.", "\n\n", "word "]),
                 max_size=120).map("".join)


@given(TEXTS)
def test_words_point_into_the_text(text):
    w = words(text)
    assert len(w.starts) == len(w.ends) == len(w.norms)
    prev = -1
    for s, e, n in zip(w.starts, w.ends, w.norms):
        assert prev <= s < e <= len(text)
        assert normalize_word(text[s:e]) == n
        prev = e


@given(st.text(alphabet=st.sampled_from([*"ab1 '’_-.\n\t", "日", "é", "²", "½", "Ⅻ", "٣", "İ", "\u0301"]), max_size=60),
       st.integers(-2, 70), st.integers(0, 70))
@settings(max_examples=500)
def test_the_compiled_word_finder_finds_what_the_pattern_finds(text, start, end):
    expected = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text, max(start, 0), end)]
    starts, ends, found = word_spans(text, start, end)
    assert list(zip(starts, ends, found)) == expected
    assert starts.typecode == ends.typecode == "q"


@given(st.text(alphabet=st.sampled_from([*"ab1 '’_-.@\n\t", "日", "é", "²", "Ⅻ", "٣", "İ"]), max_size=40),
       st.integers(0, 45), st.integers(0, 45), st.sets(st.sampled_from(["a", "ab", "b1", "_a", "1", "日", "ⅻ", "i̇"])))
@settings(max_examples=500)
def test_the_compiled_name_start_finder_finds_what_the_pattern_finds(text, start, end, keys):
    expected = [(m.start(), m.group().lower()) for m in WORD_START.finditer(text, start, end)
                if m.group().lower() in keys]
    assert word_starts(text, start, end, keys) == expected


@given(st.text(alphabet=st.sampled_from([*"ab .<", "\n", "\r", "\t", "\x19", "\x01", "\x0b", "\x0c", "\u2003",
                                         "\u00a0", "\u2028"]), max_size=60),
       st.integers(0, 8), st.integers(0, 60))
@settings(max_examples=500)
def test_the_compiled_line_finders_find_what_the_patterns_find(text, start, length):
    blocks, pos = [], start
    for m in BLANK_LINES.finditer(text, start):
        blocks.append((pos, m.start()))
        pos = m.end()
    blocks.append((pos, len(text)))
    assert blocks_and_breaks(text, start) == [
        (bs, be, [(m.start(), m.end()) for m in LINE_BREAK.finditer(text, bs, be)]) for bs, be in blocks]
    assert line_lengths(text, start) == [len(line.rstrip()) for line in LINE_BREAK.split(text[start:]) if line.strip()]
    end = min(len(text), start + length)
    assert marked_lines(text, start, end) == len(MARKED_LINE.findall(text, start, end))


@given(TEXTS)
@settings(max_examples=200)
def test_paragraphs_and_sentences_are_ordered_trimmed_and_inside(text):
    paras = paragraphs(text)
    last = 0
    for s, e in paras:
        assert last <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        last = e
    sents = sentences(text, paras)
    for s, e in sents:
        assert any(ps <= s and e <= pe for ps, pe in paras)
    # every word of the text lies in some sentence
    for ws, we in zip(words(text).starts, words(text).ends):
        assert any(s <= ws and we <= e for s, e in sents)


def test_normalisation_folds_case_accents_apostrophes_and_possessives():
    assert normalize_word("Russia’s") == normalize_word("russia's") == "russia"
    assert normalize_word("Café") == "cafe"


def test_sentences_respect_abbreviations():
    text = "Col. John Dorrian said the U.S. military was not involved. Davis added more. Doug G. Ware wrote it."
    spans = sentences(text, paragraphs(text))
    assert [text[s:e] for s, e in spans] == [
        "Col. John Dorrian said the U.S. military was not involved.",
        "Davis added more.",
        "Doug G. Ware wrote it.",
    ]


def test_hard_wrapped_wire_copy_keeps_paragraphs_together():
    line = "word " * 14
    text = "\n".join(["\x19" + line.strip() + " begins", line.strip(), line.strip() + " ends.<"] * 4)
    paras = paragraphs(text)
    assert len(paras) == 4
    assert all(text[s:e].endswith("ends.<") for s, e in paras)


def test_wire_copy_with_marked_paragraphs():
    text = ("\x19The judge said: ``What you have done was a gross breach of trust and failure to do your\n"
            "duty as a police officer.''<\n\x19mfl<\n")
    paras = paragraphs(text)
    assert [text[s:e] for s, e in paras] == [
        "The judge said: ``What you have done was a gross breach of trust and failure to do your\n"
        "duty as a police officer.''<",
        "mfl<",
    ]


def test_a_line_cut_mid_sentence_runs_on():
    text = "A long line of ordinary article text that stops in the middle of\na sentence and goes on.\nNext paragraph."
    assert len(paragraphs(text)) == 2


_CREDIT_PIECES = ["Photo by", "PHOTO:", "photograph courtesy", "Image credit", "pic:", "Video by", "License photo",
                  "Getty Images", "SHUTTERSTOCK", "AFP PHOTO", "AP Photo", "REUTERS/Omar Sanadiki", "EPA/Yuri Kochetkov |",
                  "the", "court", "heard", "/", "A/B", "photos", "\u0130mage by", "pics", " ", "\n", "Kelvin \u212a"]


@given(st.lists(st.sampled_from(_CREDIT_PIECES), max_size=8).map(" ".join))
def test_caption_test_agrees_with_the_credit_pattern(text):
    from provenance.boilerplate import IMAGE_CREDIT, image_credit

    assert image_credit(text) == (IMAGE_CREDIT.search(text) is not None)


@given(st.lists(st.sampled_from(["All rights reserved", "all rights reserved.", "ALL RIGHTS RESERVED", "rights",
                                  "reserved", "all", "Copyright 2017", "\u00a9 Reuters", "Advertisement", "Related:",
                                  "ſ", "\u212a", "\n", " ", "text", "!"]), max_size=6).map("".join))
def test_furniture_test_agrees_with_its_patterns(text):
    from provenance.boilerplate import _ALL_RIGHTS_RESERVED, _FURNITURE, _is_furniture

    assert _is_furniture(text) == (_FURNITURE.match(text) is not None or _ALL_RIGHTS_RESERVED.match(text) is not None)


def test_captions_are_found_and_prose_is_not():
    from provenance.boilerplate import image_credit

    assert image_credit("Smoke rises over al-Bab. REUTERS/Omar Sanadiki")
    assert image_credit("A jet takes off. Photo by John Smith")
    assert not image_credit("The ministry said two jets struck targets near al-Bab on Monday.")


@pytest.mark.parametrize(("line", "furniture"), [
    ("Trending: Celebrity wedding photos", True),
    ("Listen to this article", True),
    ("Skip to main content", True),
    ("Image source, Getty Images", True),  # the BBC's picture lines, as its pages' text gives them
    ("Media caption, The president spoke in Kyiv", True),
    ("This article contains affiliate links.", True),
    ("We may earn a commission from links on this page.", True),
    ("Have a news tip? Email us at tips@example.com", True),
    ("Report a correction or typo", True),
    ("Trending upward, prices rose again in May as the central bank held rates.", False),
    ("We may earn more money this year, the chief executive said.", False),
])
def test_page_furniture_lines(line, furniture):
    from provenance.boilerplate import _is_furniture

    assert _is_furniture(line) is furniture
