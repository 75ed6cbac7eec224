"""Finding outlet names in text: the per-first-word patterns give exactly the matches of one
alternation of every name (the straightforward definition), on texts built from the names."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.errors import ConfigError
from provenance.outlets import default_registry, fold, name_pattern, parse_outlets

REGISTRY = default_registry()
NAMES = sorted({n for o in REGISTRY.outlets for n in (o.name, *o.aliases, *o.exact, *o.domains)})


def _reference(text: str) -> list[tuple[int, int, str]]:
    """One big alternation, longest names first, tried at every position."""
    exact = REGISTRY._exact
    names = sorted(set(NAMES), key=lambda n: (-len(n), n))
    alternatives = [name_pattern(name, name in exact) for name in names]
    pattern = re.compile(r"(?<![\w.@-])(?:" + "|".join(alternatives) + r")(?![\w@-]|\.\w)", re.IGNORECASE)
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


_PIECES = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from(NAMES).map(str.lower),
    st.sampled_from(NAMES).map(str.upper),
    st.sampled_from(["said", "the", "news", "press", "agency", "2", "x", "Reuters2", "AP_", "U.S.", "’s", "'s"]),
)
_GLUE = st.sampled_from([" ", " ", "\n", ". ", "-", "@", ".", "(", ")", ", ", ""])


def _reference_find_all(text: str) -> list[tuple[int, int, str]]:
    out = []
    for s, e, surface in _reference(text):
        if surface in REGISTRY._exact:
            out.append((s, e, REGISTRY._exact[surface].name))
            continue
        hit = REGISTRY._by_key.get(fold(surface))
        if hit is not None and not (hit[1] and not surface[:1].isupper()):
            out.append((s, e, hit[0].name))
    return out


@settings(max_examples=300)
@given(st.lists(st.tuples(_PIECES, _GLUE), max_size=14))
def test_find_all_matches_one_alternation_of_every_name(parts):
    text = "".join(p + g for p, g in parts)
    found = [(m.start, m.end, m.outlet.name) for m in REGISTRY.find_all(text)]
    assert found == _reference_find_all(text)


def test_find_all_within_a_range_sees_the_words_around_it():
    text = "xReuters said. Reuters said."
    assert [m.start for m in REGISTRY.find_all(text, 1)] == [15]  # "xReuters" is not a name
    assert [m.start for m in REGISTRY.find_all(text, 15, 22)] == [15]


def test_an_alias_must_start_with_a_letter_or_digit():
    with pytest.raises(ConfigError, match="must start with a letter or digit"):
        parse_outlets({"outlet": [{"name": "Example News", "aliases": ["(EN)"]}]}, "aliases.toml")


def test_a_domain_in_the_text_names_its_outlet():
    r = default_registry()
    found = [(m.surface, m.outlet.name) for m in r.find_all("Read more on RT.com and tass.com, or www.reuters.com/x.")]
    assert found == [("RT.com", "RT"), ("tass.com", "TASS")]  # a URL's host is not a mention
    assert r.resolve("reuters.com") is r.resolve("Reuters")


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.axios.com/2024/01/02/story", "Axios"),
        ("https://english.wafa.ps/Pages/Details/1", "WAFA"),
        ("https://www.farsnews.ir/en/news/1", "Fars"),
        ("https://en.people.cn/n3/2024/0102/c90000.html", "People's Daily"),
        ("https://www.abc.net.au/news/2024-01-02/story/1", "Australian Broadcasting Corporation"),
    ],
)
def test_the_built_in_list_knows_the_sites_of_national_wires_and_outlets(url, name):
    outlet, _ = default_registry().from_url(url)
    assert outlet is not None and outlet.name == name


def test_a_corpus_adds_the_names_its_documents_go_by():
    base = default_registry()
    reg = base.with_names([("Norwire", "agency", False), ("Reuters", "agency", False),
                           ("dailynewsbuzz.example", "outlet", False), ("X", "outlet", False), ("-dash", "outlet", False),
                           ("beacon", "outlet", True)])
    assert base.resolve("Norwire") is None  # the built-in list is left as it was
    assert reg.resolve("NORWIRE").kind == "agency"
    assert reg.resolve("Reuters") is base.resolve("Reuters")  # a known name keeps its entry
    found = [(m.outlet.name, m.surface, m.ambiguous)
             for m in reg.find_all("As Norwire and dailynewsbuzz.example said, X did. A beacon told the Beacon.")]
    assert found == [("Norwire", "Norwire", False), ("dailynewsbuzz.example", "dailynewsbuzz.example", False),
                     ("beacon", "Beacon", True)]  # an ordinary word counts capitalised, as an ambiguous name
    assert base.with_names([("Reuters", "agency", False)]) is base
