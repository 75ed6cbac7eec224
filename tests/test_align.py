from __future__ import annotations

from provenance.align import align_pair
from provenance.analysis import analyze
from provenance.config import ScanConfig
from provenance.model import Document
from provenance.passages import group_passages

CFG = ScanConfig()
P1 = ("The Russian Aerospace group command at the Hmeimim airbase received target coordinates of the "
      "Islamic State facilities in the al-Bab area in the Aleppo province from the US through a hotline.")
P2 = ("Pahon said the Defense Department had a channel of communication with the Russian military that was "
      "solely focused on avoiding collisions in the airspace over Syria.")
P3 = ("Russia and the United States back opposing sides in the Syrian conflict, with Moscow supporting "
      "President Bashar al-Assad and Washington providing backing to some Sunni Muslim rebels.")


OWN = ("A paragraph of the copying outlet's own, long enough that no passage could bridge it, "
       "about other matters of the day entirely: the weather, the markets, the football results and "
       "a new bakery that opened on the corner of the high street last week.")


def an(doc_id: str, text: str):
    return analyze(Document(id=doc_id, path=doc_id, text=text, format="txt", encoding=None))


def spans(ps, a, b):
    return sorted((a.doc.text[p.a_span[0]:p.a_span[1]], b.doc.text[p.b_span[0]:p.b_span[1]]) for p in ps)


def test_reordered_paragraphs_each_found_with_exact_offsets():
    a = an("a", f"Intro of our own making here.\n\n{P1}\n\n{P2}\n\n{P3}")
    b = an("b", f"{P3}\n\n{OWN}\n\n{P1}\n\n{OWN}\n\n{P2}")
    ps = align_pair(a, b, 0, 1, CFG)
    found = spans(ps, a, b)
    assert len(found) == 3
    for x, y in found:
        assert x == y
        assert x.rstrip(".") in (P1.rstrip("."), P2.rstrip("."), P3.rstrip("."))
    assert all(p.similarity == 1.0 for p in ps)


def test_lightly_edited_passage_is_one_passage():
    edited = (P1.replace("airbase", "air base").replace("facilities", "positions").replace("Islamic State", "IS")
              .replace("through a hotline", "via the hotline"))
    a = an("a", "Lead of one outlet.\n\n" + P1)
    b = an("b", "Another lead altogether, differently worded.\n\n" + edited)
    ps = align_pair(a, b, 0, 1, CFG)
    assert len(ps) == 1
    assert 0.6 < ps[0].similarity < 1.0
    assert b.doc.text[ps[0].b_span[0]:ps[0].b_span[1]].startswith("The Russian Aerospace group command")


def test_unrelated_texts_share_nothing():
    a = an("a", P1 + " " + P2)
    b = an("b", "The weather in Paris was sunny on Tuesday, and the markets rose sharply in early trading "
                "as investors bought shares of technology companies.")
    assert align_pair(a, b, 0, 1, CFG) == []


def test_short_common_phrases_are_not_passages():
    a = an("a", "He said the US Department of Defense would respond. Nothing else matches here at all.")
    b = an("b", "Officials at the US Department of Defense declined. Completely different sentence follows now.")
    assert align_pair(a, b, 0, 1, CFG) == []


def test_passage_shared_by_three_documents_is_one_group():
    docs = [an("a", "Own lead A.\n\n" + P1 + "\n\n" + P2),
            an("b", "Other lead B, longer than that.\n\n" + P1),
            an("c", P1 + "\n\nTail of C that is its own.")]
    pairs = []
    for i in range(3):
        for j in range(i + 1, 3):
            pairs += align_pair(docs[i], docs[j], i, j, CFG)
    groups = group_passages(pairs, docs)
    assert len(groups) == 1
    g = groups[0]
    assert g.docs == ("a", "b", "c")
    assert len(g.spans) == 3 and len(g.links) == 3
    for s in g.spans:
        d = next(x for x in docs if x.id == s.doc)
        assert d.doc.text[s.start:s.end] == s.text


def test_matched_ranges_leave_out_the_words_an_editor_changed():
    """A copy with every fifth word changed is still one passage; its matched ranges hold
    exactly the words it kept, on both sides."""
    words = P2.split()
    edited = [f"zq{k}" if k % 5 == 4 else w for k, w in enumerate(words)]
    a = an("a", P2)
    assert len(a.words.norms) == len(words)
    b = an("b", " ".join(edited))
    (p,) = align_pair(a, b, 0, 1, CFG)
    kept = {k for k in range(len(words)) if k % 5 != 4}
    in_b = {k for s, e in p.b_matched for k in range(s, e)}
    in_a = {k for s, e in p.a_matched for k in range(s, e)}
    assert in_b == in_a == kept  # same positions: no word was inserted or dropped
    assert p.b_words == (0, len(words))  # while the passage spans the whole paragraph


def test_no_passage_runs_across_a_boilerplate_line():
    from provenance.model import Region

    ad = "Advertisement"
    text = f"{P1}\n\n{ad}\n\n{P2}"
    start = text.index(ad)
    a = analyze(Document(id="a", path="a", text=text, format="txt", encoding=None,
                         boilerplate=(Region(start, start + len(ad), "furniture"),)))
    b = an("b", f"{P1} {P2}")
    ps = align_pair(a, b, 0, 1, CFG)
    assert len(ps) == 2
    assert all(ad not in a.doc.text[p.a_span[0]:p.a_span[1]] for p in ps)
    assert {a.doc.text[p.a_span[0]:p.a_span[1]].rstrip(".") for p in ps} == {P1.rstrip("."), P2.rstrip(".")}
