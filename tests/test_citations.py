from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.analysis import analyze
from provenance.boilerplate import document_boilerplate
from provenance.citations import find_citations
from provenance.infer import infer_metadata
from provenance.model import Document
from provenance.outlets import default_registry, load_registry


def cites(text: str, registry=None, **meta) -> list[tuple[str, str, str]]:
    registry = registry or default_registry()
    doc = Document(id="d", path="d", text=text, format="txt", encoding=None, **meta)
    regions = tuple(document_boilerplate(doc))
    doc = replace(infer_metadata(doc, registry, regions), boilerplate=regions)
    return [(c.kind, c.cites, c.text) for c in find_citations(analyze(doc), registry)]


@pytest.mark.parametrize(
    ("text", "kind", "name", "span"),
    [
        ("The joint operation destroyed depots, according to RT.", "credit", "RT", "according to RT"),
        ("Such claims were “rubbish,” said Reuters.", "credit", "Reuters", "said Reuters"),
        ("The joint operation destroyed depots, reported RT.", "credit", "RT", "reported RT"),
        ("Sources and the news agency Tass reported that depots burned.", "credit", "TASS", "the news agency Tass reported"),
        ("The figures were cited by AP on Monday.", "credit", "AP", "cited by AP"),
        ("Prices rose, citing Interfax.", "credit", "Interfax", "citing Interfax"),
        ("Some text here.\n\n[RT News] [Reuters]", "credit", "Reuters", "[Reuters]"),
        ("“Nothing changed,” a spokesman told TASS on Monday.", "origin", "TASS", "told TASS"),
        ("“It worked,” the ministry was quoted by TASS news agency as saying.", "origin", "TASS", "quoted by TASS news agency"),
        ("He said so in an interview with the BBC last week.", "origin", "BBC", "interview with the BBC"),
        ("The strike hit targets, according to a report by Reuters.", "credit", "Reuters",
         "according to a report by Reuters"),
        ("According to data from Reuters, prices rose.", "credit", "Reuters", "According to data from Reuters"),
        ("Prices rose.\n\nThis article originally appeared in The Guardian.", "credit", "The Guardian",
         "originally appeared in The Guardian"),
        ("Prices rose.\n\nRepublished with permission from the BBC.", "credit", "BBC",
         "Republished with permission from the BBC"),
        ("Prices rose.\n\nContent distributed by AFP.", "credit", "AFP", "distributed by AFP"),
        ("Prices rose.\n\nThis article originally appeared on Reuters.com.", "credit", "Reuters",
         "originally appeared on Reuters.com"),
        ("The Kremlin said, according to the state-run TASS news agency, that talks were possible.", "credit", "TASS",
         "according to the state-run TASS news agency"),
        ("Prices rose, according to Russia’s semi-official Interfax.", "credit", "Interfax",
         "according to Russia’s semi-official Interfax"),
        ("The report, seen by AFP, said 12 people died.", "credit", "AFP", "seen by AFP"),
        ("Prices rose, according to Iran’s semi-official Fars news agency.", "credit", "Fars",
         "according to Iran’s semi-official Fars news agency"),
        ("The deal was first reported by Axios on Monday.", "credit", "Axios", "first reported by Axios"),
        ("The missile flew 1,000 km, KCNA reported.", "credit", "KCNA", "KCNA reported"),
        ("The memo, obtained by CNN, shows the plan.", "credit", "CNN", "obtained by CNN"),
        ("In a statement to the BBC, the company denied wrongdoing.", "origin", "BBC", "In a statement to the BBC"),
        ("The town was shelled on Tuesday. (Interfax)\n\nThe mayor left.", "credit", "Interfax", "(Interfax)"),
        ("The government announced new rules on Monday (PTI).", "credit", "PTI", "(PTI)"),
        ("The minister resigned on Tuesday, h/t The Guardian.", "credit", "The Guardian", "h/t The Guardian"),
        ("The minister resigned (hat tip to Axios).", "credit", "Axios", "hat tip to Axios"),
        ("The minister resigned.\n\nRead the full story at The Independent.", "credit", "The Independent",
         "Read the full story at The Independent"),
        ("Prices rose.\n\nThis article first appeared in The Conversation.", "credit", "The Conversation",
         "article first appeared in The Conversation"),
        ("The bill passed.\n\nAssociated Press writer Jane Doe in London contributed to this report.", "credit", "AP",
         "Associated Press writer Jane Doe in London contributed"),
        ("The bill passed.\n\nCNN’s Jane Doe and John Roe contributed to this report.", "credit", "CNN",
         "CNN’s Jane Doe and John Roe contributed"),
        ("“It worked,” the Russia Defense Ministry said in a statement on Monday.", "primary", "Russian Defense Ministry",
         "the Russia Defense Ministry said in a statement"),
    ],
)
def test_citation_kinds(text, kind, name, span):
    assert (kind, name, span) in cites(text)


@pytest.mark.parametrize("text", [
    "He joined the Associated Press (AP).",  # an abbreviation being defined
    "The Press Trust of India (PTI) and others said so on Monday.",
    "Sales of the paper (AP) rose on Monday.",  # inside a sentence
    "The claims first appeared in the Guardian of Oct 20, 1994.",  # news history, not a republisher's note
    "The minister met with Reuters editors on Monday.",  # "with" inside a sentence
    "The bill passed. Reuters writer Jane Doe said it was close.",  # a writer, but no contribution
])
def test_what_only_looks_like_a_credit_credits_no_one(text):
    assert not [c for c in cites(text) if c[0] == "credit"]


def test_image_credits_are_never_sources():
    text = ("A view of the city on Monday. REUTERS/Omar Sanadiki\n\n"
            "Text. File Photo by LSIS Jayson Tufrey/ADF/UPI\n\n"
            "Headline PHOTOGRAPH: Netsyscom/Pixabay |\n\n"
            "[Photo courtesy Russian Defense Ministry/AP via Wall Street Journal]")
    found = cites(text)
    assert found and all(kind == "image" for kind, _, _ in found)
    assert {"Reuters", "UPI", "Pixabay", "AP"} <= {name for _, name, _ in found}


def test_own_outlet_is_self_not_a_source():
    found = cites("WASHINGTON, January 24. /TASS/. A spokesman told TASS that nothing changed.")
    assert {(k, n) for k, n, _ in found} == {("self", "TASS")}
    found = cites("WASHINGTON (Reuters) - The Pentagon denied it, Reuters reported.")
    assert {(k, n) for k, n, _ in found} == {("self", "Reuters")}


def test_institutions_and_people_named_with_according_to_are_speakers_not_sources():
    assert cites("According to Moscow’s MOD, the cooperation came a day later. According to Pahon, it did not.") == []
    assert cites("Russian military sources said depots burned. Following a statement from the Russian Ministry of Defense, nothing.") == []


def test_according_to_someone_else_is_no_credit_of_an_outlet_named_later():
    assert [c for c in cites("He said, according to the Kremlin, that RT would close.") if c[0] == "credit"] == []
    assert [c for c in cites("According to people familiar with the plan, the BBC will cut jobs.") if c[0] == "credit"] == []


def test_ambiguous_names_need_an_explicit_credit():
    assert cites("The sun rose over the times square mirror.") == []
    assert cites("The Atlantic was calm. Time will tell. Dawn broke over the National Mall.") == []
    assert ("credit", "The Sun", "according to The Sun") in cites("He was paid, according to The Sun.")


def test_user_aliases_extend_the_list(tmp_path):
    extra = tmp_path / "aliases.toml"
    extra.write_text('[[outlet]]\nname = "Geopolitics Daily"\nkind = "outlet"\naliases = ["GeoDaily"]\n', encoding="utf-8")
    assert ("credit", "Geopolitics Daily", "according to GeoDaily") in cites("It burned, according to GeoDaily.", load_registry(extra))


_PIECES = ["photo", "PHOTOGRAPH", "image", "picture", "Photos by", "credit:", "statement", "press release",
           "communiqué", "news release", "said in a", "according to a", "from", "by", "the", "Reuters", " ", ": ",
           ", ", ". ", "\n", "İ", "ı", "ſ", "\u212a", "MAGE", "TATEMENT", "a", "s", "k"]


@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_the_quick_test_never_skips_a_pattern_that_matches(pieces):
    """`may_match` lets citations skip their slow whole-article patterns; whenever a pattern
    matches, it must say so (even for the letters case-insensitive matching takes for ASCII)."""
    from provenance.citations import (
        _CREDIT_NAME,
        _CREDIT_NAME_NEEDS,
        _STATEMENT,
        _STATEMENT_FROM,
        _STATEMENT_NEEDS,
    )
    from provenance.text import may_match

    text = "".join(pieces)
    assert not _CREDIT_NAME.search(text) or may_match(text, _CREDIT_NAME_NEEDS)
    assert not (_STATEMENT.search(text) or _STATEMENT_FROM.search(text)) or may_match(text, _STATEMENT_NEEDS)


def test_the_quick_test_skips_text_without_the_words():
    from provenance.text import may_match

    assert not may_match("Troops crossed the river at dawn.", ("statement", "release"))
    assert may_match("The ministry's STATEMENT came late.", ("statement", "release"))
    assert may_match("\u0130MAGE: staff", ("image",))  # "İ" matches "i" when the case is ignored


def test_an_editors_insertion_and_cctv_footage_name_no_source():
    assert cites("He added: “I know the pressures they [ITV] are under.”") == []
    assert cites("Banfield denied it and CCTV video of the night had vanished.") == []
    assert ("credit", "ITV News", "[ITV]") in cites("Prices rose.\n\n[ITV] [Reuters]")
    assert ("credit", "Interfax", "[Interfax]") in cites("Prices rose.\n\n[Interfax] prices rose again.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Britain will act, according to Reuters and AFP.",
         [("credit", "Reuters", "according to Reuters"), ("credit", "AFP", "AFP")]),
        ("He told CNN and the BBC that Britain will act.", [("origin", "CNN", "told CNN"), ("origin", "BBC", "BBC")]),
        ("Britain said on Monday it would act.\n\n(With inputs from PTI, Reuters)",
         [("self", "PTI", "PTI"), ("credit", "Reuters", "Reuters")]),
        ("Britain will act, the BBC reported. CNN, meanwhile, said nothing.", [("credit", "BBC", "BBC reported")]),
        ("Britain said on Monday it would act.\n\nAdditional reporting by Reuters and the Associated Press.",
         [("credit", "Reuters", "Additional reporting by Reuters"), ("credit", "AP", "the Associated Press")]),
        ("Britain said on Monday it would act.\n\n– with Reuters and AFP",
         [("credit", "Reuters", "– with Reuters"), ("credit", "AFP", "AFP")]),
        ("Britain said on Monday it would act.\n\nMaterial from Reuters was used in this report.",
         [("credit", "Reuters", "Material from Reuters")]),
    ],
)
def test_a_list_of_sources_credits_each(text, expected):
    assert cites(text) == expected


def test_a_name_used_as_a_modifier_ends_no_list():
    assert not [c for c in cites("Amanda says BBC and ITV viewers prefer to see actors' faces.") if c[1] == "ITV News"]



def test_a_name_the_corpus_gives_an_outlet_is_credited_where_another_document_names_it(tmp_path):
    from provenance import scan

    (tmp_path / "wire.txt").write_text("VESTRIA, March 5 (Norwire) - The ministry said on Monday that it had "
                                       "struck targets in the north of the country overnight.\n", encoding="utf-8")
    (tmp_path / "site.txt").write_text("The ministry struck targets in the north, according to Norwire. "
                                       "Residents reported explosions.\n", encoding="utf-8")
    # an outlet named by an ordinary word the corpus writes in lower case counts only as such names do
    (tmp_path / "paper.md").write_text("---\noutlet: beacon\n---\nThe singer told the court she was innocent.\n",
                                       encoding="utf-8")
    (tmp_path / "show.txt").write_text("The beacon said she would sing again. Fans cheered the news.\n",
                                       encoding="utf-8")
    report = scan(tmp_path, workers=1)
    assert [(c.doc, c.kind, c.cites, c.text) for c in report.citations if c.doc in ("site", "show")] == [
        ("site", "credit", "Norwire", "according to Norwire")]
    assert {d.id: d.agency for d in report.documents}["wire"] == "Norwire"


@pytest.mark.parametrize(
    ("text", "meta", "expected"),
    [
        ("Afghanistan will act, the Pajhwok news agency reported.", {},
         [("credit", "Pajhwok", "the Pajhwok news agency reported")]),
        ("The strike killed 12, according to Iran's semi-official Mizan news agency.", {},
         [("credit", "Mizan", "according to Iran's semi-official Mizan news agency")]),
        ("Kaldor News Agency reported that the talks failed.", {},
         [("credit", "Kaldor News Agency", "Kaldor News Agency reported")]),
        ("Officials met at the Bakhtar news agency building.", {}, []),  # in passing
        ("The Pajhwok news agency reported it first.", {"outlet": "Pajhwok"},
         [("self", "Pajhwok", "The Pajhwok news agency reported")]),
    ],
)
def test_an_agency_the_list_does_not_know_is_credited_by_that_noun(text, meta, expected):
    assert cites(text, **meta) == expected



@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a masthead the outlet list does not know, credited
        ("The deal was first reported by Punchbowl News.", ("credit", "Punchbowl News")),
        ("Prices rose, the Tampa Bay Times reported on Monday.", ("credit", "Tampa Bay Times")),
        ("Prices rose, according to the Anchorage Daily News.", ("credit", "Anchorage Daily News")),
        ("He told the Manchester Evening News that prices rose.", ("origin", "Manchester Evening News")),
        ("Troops moved, Israel's Channel 12 reported.", ("credit", "Channel 12")),
        # ... or named with the noun for what it is
        ("Prices rose, according to local broadcaster TVN24.", ("credit", "TVN24")),
        ("Prices rose, Russia's RBC news outlet reported.", ("credit", "RBC")),
        ("Prices rose, the Kommersant daily reported.", ("credit", "Kommersant")),
        # a news agency's whole name, where the noun does not say it is credited
        ('He told Kaldor News Agency: "We will act."', ("origin", "Kaldor News Agency")),
    ],
)
def test_an_outlet_the_list_does_not_know_is_credited_by_its_masthead_or_noun(text, expected):
    assert [c[:2] for c in cites(text) if c[0] != "self"] == [expected]


@pytest.mark.parametrize("text", [
    "A Tampa Bay Times photographer was hurt.",  # named in passing
    "The newspaper said prices rose.",  # no name
    "He told the High Court.\n\nMirror columnist Jane Doe said prices rose.",  # across a sentence
    "Prices rose, the Kaldor News Agency reported.",  # an agency's credit, once
    "Prices rose, according to White House Press Secretary Karine Jean-Pierre.",  # more of a name follows
    "According to Morning Star Capital, prices rose.",
])
def test_no_unknown_outlet_without_a_credit_or_a_name(text):
    found = [c for c in cites(text) if c[0] in ("credit", "origin")]
    assert len(found) <= 1 and all(c[1] == "Kaldor News Agency" for c in found)
