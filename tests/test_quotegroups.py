from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from provenance.quotegroups import (
    QuoteInstance,
    _partial_ratio,
    diff_segments,
    group_quotes,
    same_quote,
)
from provenance.speakers import Speaker

PAHON = Speaker("Eric Pahon", "person")
SPICER = Speaker("Sean Spicer", "person")


def q(text: str, doc: str = "d", speaker: Speaker | None = None, published: str | None = None) -> QuoteInstance:
    return QuoteInstance.make(doc, text, 0, len(text), speaker, published)


FULL = "The Department of Defense is not coordinating airstrikes with the Russian military in Syria"


def test_identical_trimmed_and_lightly_edited_are_the_same_quote():
    assert same_quote(q(FULL), q(FULL.replace("airstrikes", "air strikes")))
    assert same_quote(q(FULL), q("is not coordinating airstrikes with the Russian military"))
    assert same_quote(q(FULL), q(FULL.upper().replace("DEFENSE", "Defence")))
    assert same_quote(q("[The Pentagon] maintains a channel of communication with the Russian military"),
                      q("maintains a channel of communication with the Russian military"))


def test_short_quotes_match_only_whole():
    assert same_quote(q("rubbish."), q("Rubbish"))
    assert not same_quote(q("deconfliction"), q("ensuring the safety of aircrews and deconfliction of operations"))
    assert not same_quote(q("American side"), q("American sides"))


def test_different_statements_by_one_speaker_stay_apart():
    a = q("If there is a way that we can combat ISIS with any country, whether it is Russia or anyone else "
          "and we have a shared national interest in that, sure we'll take it.", speaker=SPICER)
    b = q("work with any country that shares our interest in defeating [the Islamic State]", speaker=SPICER)
    assert not same_quote(a, b)
    c = q(FULL, speaker=PAHON)
    d = q("maintains a channel of communication with the Russian military focused solely on ensuring the safety "
          "of aircrews and de-confliction of Coalition and Russian operations in Syria.", speaker=PAHON)
    assert not same_quote(c, d)


def test_two_speakers_never_share_a_quote():
    assert not same_quote(q("rubbish", speaker=PAHON), q("rubbish", speaker=SPICER))
    assert same_quote(q("rubbish", speaker=Speaker("Pahon", "person")), q("rubbish", speaker=PAHON))


def test_two_translations_of_one_statement():
    a = q("received target coordinates of the Islamic State facilities in the al-Bab area in the Aleppo province "
          "from the US through a hotline set up with the international coalition headquarters")
    b = q("received target coordinates of the Islamic State objectives in the Al-Bab area of the Aleppo "
          "Governorate from the U.S. side via the hotline with the international coalition headquarters")
    assert same_quote(a, b)


def test_relations_against_the_fullest_version():
    spaced = FULL.replace("airstrikes", "air strikes") + ", he said today in Washington"
    groups = group_quotes([
        q(spaced, doc="a", published="2017-01-23"),
        q(spaced, doc="b", published="2017-01-24"),
        q("is not coordinating air strikes with the Russian military", doc="c"),
        q(FULL + ", he said today in Washington", doc="d"),
        q("The Department of Defense is not coordinating … in Syria, he said today in Washington", doc="e"),
        q("The Pentagon does not coordinate any strikes with Moscow's forces in Syria, he said today in Washington", doc="f"),
    ])
    assert len(groups) == 2
    g = groups[0]
    assert g.text == spaced
    rel = {o.doc: o.relation for o in g.occurrences}
    assert rel == {"a": "identical", "b": "identical", "c": "sub-span", "d": "edited", "e": "internal-cut"}
    d = next(o for o in g.occurrences if o.doc == "d")
    assert [(e.op, e.fullest, e.occurrence) for e in d.diff] == [("replace", "air strikes", "airstrikes")]
    assert groups[1].docs == ("f",)


def test_translation_relation_and_diff():
    a = q("received target coordinates of the Islamic State facilities in the al-Bab area in the Aleppo province "
          "from the US through a hotline set up with the international coalition headquarters", doc="tass")
    b = q("received target coordinates of the Islamic State objectives in the Al-Bab area of the Aleppo "
          "Governorate from the U.S. side via the hotline with the international coalition headquarters", doc="hill")
    (g,) = group_quotes([a, b])
    relations = {o.doc: o.relation for o in g.occurrences}
    other = "tass" if g.text == b.text else "hill"
    assert relations[other] == "translation"
    assert relations[{"tass": "hill", "hill": "tass"}[other]] == "identical"
    edits = {frozenset((e.fullest, e.occurrence)) for o in g.occurrences for e in o.diff}
    assert frozenset(("facilities", "objectives")) in edits


def test_diff_segments_rebuild_the_occurrence():
    segs = diff_segments(FULL, "The Department is not coordinating air strikes with the Russian army")
    assert " ".join(o for _, _, o in segs if o) == "The Department is not coordinating air strikes with the Russian army"
    assert ("replace", "military", "army") in segs


def test_a_sentence_taken_into_a_quote_put_together_from_several():
    pa = q("It was a very unusual inquiry. It was amazing how many inquiries could spring from something as simple as a bead.")
    paper = q("That was a key piece of evidence. It was amazing how many inquiries could spring from something as simple as a bead.")
    assert same_quote(pa, paper)


def test_nearly_every_word_in_order_wins_over_a_misattributed_speaker():
    a = q("I regarded this as a welcome windfall and didn't particularly desire to hand half of it to the Inland Revenue.",
          speaker=Speaker("Neil Hamilton", "person"))
    b = q("but I regarded this as a very welcome windfall and I didn't particularly desire to hand over half of it to "
          "the Inland Revenue", speaker=Speaker("Ian Greer", "person"))
    assert same_quote(a, b)


def test_short_quotes_with_a_word_changed():
    assert same_quote(q("to clarify important points"), q("The inquest has provided an opportunity to clarify certain important points."))
    assert same_quote(q("the only Englishman to be so honoured"), q("only Englishman to be so honoured in the entire gastronomic world"))
    assert not same_quote(q("to clarify important points"), q("points of order were raised to clarify nothing important at all"))


def test_occurrences_cover_the_part_of_the_fullest_version_they_carry():
    from provenance.quotegroups import shared_words

    full = ("Thomas was old for his age. He had a strong independent streak. You may come to the conclusion that "
            "Thomas was streetwise enough to try and exploit the situation.")
    first = "Thomas was old for his age and had a strong independent streak"
    last = "You may come to the conclusion that Thomas was streetwise enough to exploit the situation"
    (g,) = group_quotes([q(full, doc="pa"), q(first, doc="a"), q(last, doc="b")])
    occ = {o.doc: o for o in g.occurrences}
    assert shared_words(occ["pa"], occ["a"]) and shared_words(occ["pa"], occ["b"])
    assert not shared_words(occ["a"], occ["b"])  # two different sentences of one statement
    assert g.text[occ["b"].covers[0]:occ["b"].covers[1]].startswith("You may come")


_LETTERS = "abcdefghij"


@given(st.text(_LETTERS, min_size=1, max_size=120), st.text(_LETTERS, min_size=1, max_size=60),
       st.lists(st.tuples(st.integers(0, 119), st.sampled_from(_LETTERS + "-")), max_size=12),
       st.sampled_from([90.0, 95.0]))
def test_partial_ratio_prefilter_never_changes_a_score(hay: str, needle: str, edits, cutoff: float):
    """The q-gram count only skips alignments that cannot reach the cut-off: the score is
    rapidfuzz's in every case, for near-copies (a part of `hay`, edited) as for strangers."""
    part = list(hay[len(hay) // 3: len(hay) // 3 + 60])
    for k, ch in edits:  # replace or delete a few letters of a copied part
        if part and k < len(part):
            part[k:k + 1] = [] if ch == "-" else [ch]
    for other in (needle, "".join(part)):
        if other:
            assert _partial_ratio(other, hay, cutoff) == fuzz.partial_ratio(other, hay, score_cutoff=cutoff)
            assert _partial_ratio(hay, other, cutoff) == fuzz.partial_ratio(hay, other, score_cutoff=cutoff)


def test_the_relation_alone_is_the_relation_relate_gives():
    """Evidence asks only for the relation (without the word diff most relations never need)."""
    from provenance.quotegroups import relate, relation

    spaced = FULL.replace("airstrikes", "air strikes")
    versions = [FULL, spaced, "is not coordinating air strikes with the Russian military",
                FULL + ", he said today in Washington", "The Department of Defense is not coordinating … in Syria",
                "The Pentagon does not coordinate any strikes with Moscow's forces in Syria",
                "The Department of Defense is not coordinating airstrikes with the military of Russia in Syria"]
    seen = set()
    for a in versions:
        for b in versions:
            x, full = q(a), q(b)
            assert relation(x, full) == relate(x, full)[0]
            seen.add(relation(x, full))
    assert {"identical", "sub-span", "super-span", "edited", "internal-cut", "translation"} <= seen
