from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.analysis import analyze
from provenance.model import Document
from provenance.quotes import MAX_QUOTE_PARAGRAPHS, find_quotes


def quoted(text: str) -> list[str]:
    an = analyze(Document(id="d", path="d", text=text, format="txt", encoding=None))
    return [text[q.start:q.end] for q in find_quotes(an)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We are not sharing target info," Pahon said.', ["We are not sharing target info"]),
        ("He dismissed it as “rubbish.” Then he left.", ["rubbish."]),
        ("The ministry’s claim that we’ll ‘never cooperate’ was denied, Russia’s envoy said.", ["never cooperate"]),
        ("Il a dit « c'est faux » hier.", ["c'est faux"]),
        ("Er sagte: »Das ist falsch« gestern.", ["Das ist falsch"]),
        ("Er sagte: „Das ist falsch“ gestern.", ["Das ist falsch"]),
        ("Mr Justice Forbes said: ``It is an extremely sad case.'' The case was adjourned.", ["It is an extremely sad case."]),
        ("“As a result, a number of depots… as well as an area were destroyed,” it said.",
         ["As a result, a number of depots… as well as an area were destroyed"]),
        ('"[The Pentagon] maintains a channel," Pahon said.', ["[The Pentagon] maintains a channel"]),
        ("He used “deconfliction” and “American side” twice.", ["deconfliction", "American side"]),
        ("「これは誤りだ」と述べた。", ["これは誤りだ"]),
    ],
)
def test_quote_marks_of_every_style(text, expected):
    assert quoted(text) == expected


def test_apostrophes_are_not_quotes():
    assert quoted("Russia’s defence ministry said we’ll see the ministers’ plans in the ’90s.") == []
    assert quoted("It's the president's and the Joneses' decision, isn't it?") == []


def test_nested_quotes_stay_inside():
    text = "“He told me ‘rubbish’ and walked off,” she said."
    assert quoted(text) == ["He told me ‘rubbish’ and walked off"]


def test_quote_running_over_paragraphs():
    text = "“The first paragraph of the statement goes on.\n\n“And the second one ends it,” he said.\n\nLater text."
    assert quoted(text) == ["The first paragraph of the statement goes on.\n\n“And the second one ends it"]


def test_unclosed_straight_quote_does_not_swallow_the_article():
    text = 'He said "this is never closed.\n\nThe next paragraph has a proper "quote" in it.\n\nAnd more.'
    assert quoted(text) == ["quote"]


def test_unclosed_curly_quote_ends_at_its_paragraph():
    text = "He said “this is never closed.\n\nThe next paragraph is narrative.\n\nAnd more text."
    assert quoted(text) == ["this is never closed."]


def test_stray_marks_and_measurements():
    text = 'A 5" screen, a 2\'6" door and "a real quote" here.'
    assert quoted(text) == ["a real quote"]


def test_very_long_quote():
    body = "word " * 800
    assert quoted(f'"{body.strip()}," he said.') == [body.strip()]


def test_boilerplate_quotes_are_not_article_quotes():
    text = "The story itself says \"what matters\" here.\n\nRECOMMENDED Trump to CIA: 'I am with you 1,000 percent'"
    from dataclasses import replace

    from provenance.boilerplate import document_boilerplate

    doc = Document(id="d", path="d", text=text, format="txt", encoding=None)
    an = analyze(replace(doc, boilerplate=tuple(document_boilerplate(doc))))
    assert [text[q.start:q.end] for q in find_quotes(an)] == ["what matters"]


MARKS = ['"', "“", "”", "‘", "’", "'", "«", "»", "„", "``", "''", "[", "]", "…"]
PIECES = st.sampled_from([*MARKS, "word ", "Russia’s ", "we'll ", "\n\n", "\n", ". ", ", ", "x"])


@given(st.lists(PIECES, max_size=150).map("".join))
@settings(max_examples=400, deadline=None)
def test_stray_marks_never_crash_or_swallow_paragraphs(text):
    an = analyze(Document(id="d", path="d", text=text, format="txt", encoding=None))
    quotes = find_quotes(an)
    last_end = -1
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert q.open_mark < q.start
        assert q.start >= last_end  # in order, never overlapping
        last_end = q.end
        # A quote stays inside its own paragraph unless paragraphs continue it with a mark.
        first = next(k for k, (s, e) in enumerate(an.paragraphs) if s <= q.open_mark < e)
        last = next(k for k, (s, e) in enumerate(an.paragraphs) if s <= max(q.start, q.end - 1) < e or q.end == e)
        assert last - first < MAX_QUOTE_PARAGRAPHS
        for k in range(first + 1, last + 1):
            para_start = an.paragraphs[k][0]
            # (a closing mark there is the common typo for the opening one, as '' for ``)
            assert text[para_start] in "\"“”„«»'‘’`", "a quote crossed a paragraph that does not continue it"


def test_tabloid_style_opens_each_quoted_sentence_afresh():
    text = 'The judge said: "It was a sad case. "But I accept that neither of you is responsible."'
    assert quoted(text) == ["It was a sad case.", "But I accept that neither of you is responsible."]


def test_wire_copy_reopening_a_quote_with_the_closing_mark():
    text = ("\x19He said: ``The family had formed a feared organisation.<\n"
            "\x19''The organisation was no stranger to violence.''<\n\x19Other text.<\n")
    assert quoted(text) == ["The family had formed a feared organisation.<\n\x19''The organisation was no stranger to violence."]


def test_quote_units_are_sentences_with_short_ones_kept_together():
    from provenance.quotes import quote_units

    text = '"I\'m free. I\'m free. I\'m free. Now I want a cup of tea and a long rest at home," she said.'
    an = analyze(Document(id="d", path="d", text=text, format="txt", encoding=None))
    (q,) = find_quotes(an)
    units = [text[s:e] for s, e in quote_units(text, q)]
    assert units == ["I'm free. I'm free. I'm free.", "Now I want a cup of tea and a long rest at home"]


def test_nested_quotes_are_found_inside_outer_quotes():
    from provenance.quotes import nested_quotes

    text = "“I thought, ‘He is abusing me.’ Then I passed out,” she said."
    an = analyze(Document(id="d", path="d", text=text, format="txt", encoding=None))
    (q,) = find_quotes(an)
    assert [text[n.start:n.end] for n in nested_quotes(text, q)] == ["He is abusing me."]
