"""Synthetic derivation corpora: news stories whose true source graph is known.

Each story has primary sources (people and institutions with statements), wire originals
written from them, and documents derived from those: agencies rewriting a wire story,
aggregators copying one or two parents, newspapers writing from two agencies' reports and
crediting each, syndicated copies, and independent reports that
share only a quote with the others; in some stories (as in the METER corpus) every newspaper
writes the wire copy up on its own. The edits are those real editors make: cutting the
end, dropping and reordering paragraphs, rewording reporting verbs, trimming quotes with
ellipses, adding their own material and credit lines, swapping datelines, adding
boilerplate, translating a foreign statement differently. Timestamps are clean, noisy or
absent; outlet names known or not; some originals are left out of the corpus so that
their copies credit an outlet the corpus does not hold.

Everything is drawn from one seeded random generator: the same settings give the same
corpus, byte for byte. Stories are generated one at a time, so corpora of a million
documents stream to disk in constant memory.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

TimeMode = Literal["clean", "noisy", "absent", "mixed"]
OutletMode = Literal["known", "unknown", "mixed"]

# --- vocabulary --------------------------------------------------------------------------------

_NOUNS = ["minister", "ministry", "official", "officials", "government", "parliament", "committee", "council", "army", "troops", "police", "court", "judge", "prosecutor", "lawyer", "court", "hearing", "trial", "case", "verdict", "sentence", "witness", "report", "statement", "agreement", "deal", "talks", "summit", "meeting", "conference", "election", "vote", "campaign", "party", "leader", "opposition", "coalition", "strike", "attack", "raid", "operation", "convoy", "border", "ceasefire", "truce", "refugees", "camp", "hospital", "school", "market", "bank", "company", "shares", "prices", "inflation", "budget", "tax", "economy", "growth", "exports", "imports", "oil", "gas", "pipeline", "factory", "workers", "union", "protest", "protesters", "crowd", "rally", "police", "station", "airport", "port", "ship", "aircraft", "jets", "drones", "missiles", "weapons", "investigation", "inquiry", "probe", "allegations", "charges", "fraud", "scandal", "documents", "emails", "data", "network", "system", "plan", "policy", "reform", "law", "bill", "measure", "sanctions", "embargo", "aid", "funding", "loan", "debt", "crisis", "storm", "flood", "fire", "earthquake", "drought", "harvest", "villagers", "residents", "families", "children", "patients", "doctors", "nurses", "teachers", "students", "scientists", "researchers", "experts", "analysts", "diplomats", "envoy", "ambassador", "embassy", "region", "province", "capital", "city", "town", "village", "district", "suburb", "coast", "valley", "river", "bridge", "road", "railway", "project", "contract", "tender", "licence", "permit", "spokesman", "spokeswoman", "statement", "briefing", "interview", "evidence", "record", "figures", "survey", "poll", "result", "results", "target", "targets", "positions", "facilities", "depots", "supplies"]
_VERBS = ["announced", "rejected", "approved", "accused", "denied", "confirmed", "launched", "halted", "suspended", "resumed", "blocked", "opened", "closed", "signed", "delayed", "criticised", "praised", "welcomed", "condemned", "defended", "promised", "warned", "urged", "ordered", "arrested", "released", "charged", "questioned", "investigated", "reviewed", "cancelled", "extended", "expanded", "cut", "raised", "lowered", "doubled", "increased", "reduced", "reported", "estimated", "predicted", "planned", "proposed", "discussed", "agreed", "refused", "backed", "supported", "opposed", "funded", "seized", "destroyed", "damaged", "rebuilt", "evacuated", "restored"]
_ADJS = ["major", "senior", "former", "new", "local", "regional", "national", "international", "foreign", "domestic", "military", "civilian", "economic", "political", "financial", "legal", "public", "private", "official", "independent", "joint", "key", "main", "recent", "early", "late", "first", "second", "final", "previous", "current", "possible", "alleged", "reported", "serious", "severe", "strong", "weak", "large", "small", "rising", "falling", "unexpected", "sudden", "long", "short", "heavy", "limited", "broad", "wider", "further", "critical"]
_TIMES = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday",
          "last week", "this week", "earlier this month", "late on Sunday", "overnight", "early on Monday"]
_PLACES = ["Aleppo", "Kabul", "Mosul", "Kherson", "Odesa", "Lagos", "Nairobi", "Cairo", "Tripoli", "Gaza", "Beirut", "Damascus", "Baghdad", "Basra", "Kandahar", "Karachi", "Lahore", "Dhaka", "Manila", "Jakarta", "Hanoi", "Yangon", "Caracas", "Lima", "Quito", "Bogota", "Havana", "Tunis", "Algiers", "Khartoum", "Juba", "Mogadishu", "Sanaa", "Aden", "Erbil", "Kirkuk", "Donetsk", "Kharkiv", "Minsk", "Tbilisi", "Yerevan", "Baku", "Astana", "Tashkent", "Bishkek", "Dushanbe", "Ankara", "Izmir", "Athens", "Sofia", "Belgrade", "Sarajevo", "Skopje", "Tirana", "Valletta", "Lisbon", "Porto", "Seville", "Marseille", "Lyon", "Turin", "Naples", "Palermo", "Bremen", "Leipzig", "Dresden", "Gdansk", "Krakow", "Vilnius", "Riga"]
_FIRST = ["Anna", "Boris", "Carla", "David", "Elena", "Farid", "Grace", "Hassan", "Irina", "Jamal", "Karen", "Leon", "Maria", "Nikolai", "Olga", "Pedro", "Qasim", "Rosa", "Samir", "Tanya", "Umar", "Vera", "Walid", "Xenia", "Yusuf", "Zara", "Adam", "Beatriz", "Conor", "Dmitri", "Esther", "Felipe", "Gustav", "Hana", "Ivan", "Julia", "Kofi", "Lena", "Marco", "Nadia", "Oscar", "Paula", "Rafael", "Sofia", "Tomas", "Ursula", "Viktor", "Wanda", "Yara", "Zoltan"]
_LAST = ["Ivanova", "Petrov", "Haddad", "Mensah", "Okafor", "Lindqvist", "Moreau", "Rossi", "Kowalski", "Novak", "Horvath", "Silva", "Santos", "Tanaka", "Kim", "Nguyen", "Rahman", "Chaudhry", "Abebe", "Dlamini", "Nkosi", "Mwangi", "Otieno", "Garcia", "Herrera", "Castillo", "Romero", "Fischer", "Weber", "Becker", "Schulz", "Dubois", "Laurent", "Lefevre", "Janssen", "Visser", "Bakker", "Andersen", "Nielsen", "Hansen", "Pahlavi", "Karimi", "Yilmaz", "Demir", "Celik", "Popescu", "Ionescu", "Georgiou", "Papadopoulos", "Markovic", "Jovanovic"]
_ROLES = ["spokesman", "spokeswoman", "minister", "deputy minister", "governor", "commander", "prosecutor",
          "senior official", "chief executive", "mayor", "ambassador", "director"]
_INSTITUTIONS = ["Defence Ministry", "Interior Ministry", "Foreign Ministry", "Health Ministry", "Central Bank",
                 "Energy Ministry", "Supreme Court", "Electoral Commission", "Finance Ministry", "Army Command"]
_COUNTRIES = ["Norland", "Vestria", "Kaldor", "Ostrava", "Meridia", "Sunda", "Tarvos", "Elbonia", "Quarn",
              "Laskia", "Doravia", "Pelagia"]
_SAY = ["said", "said", "said", "told reporters", "added", "stated", "noted", "said in a statement"]
_SAY_SWAP = {"said": ["stated", "noted", "added"], "told reporters": ["said"], "added": ["said"],
             "stated": ["said"], "noted": ["said"], "said in a statement": ["said"]}
_KNOWN_AGENCIES = ["Reuters", "AP", "AFP", "TASS", "Xinhua", "UPI", "dpa", "Interfax", "Kyodo", "EFE", "ANSA"]
_KNOWN_OUTLETS = ["BBC", "CNN", "The Guardian", "Al Jazeera", "Politico", "The Hill", "Newsweek", "Sky News",
                  "France 24", "Deutsche Welle", "RT", "Sputnik", "Haaretz", "Global Times"]
_SITE_WORDS = ["daily", "news", "wire", "post", "herald", "report", "times", "today", "now", "world", "insider",
               "watch", "brief", "digest", "ledger", "globe", "sentinel", "tribune", "chronicle", "dispatch"]
_DROPPABLE = {"the", "a", "its", "their", "this", "that", "has", "had", "reportedly", "also", "again", "some",
              "several"}
_LINKS = ["also", "then", "now", "yesterday", "later", "still", "even", "only", "just", "further", "in turn"]
_BOILERPLATE = ["Advertisement", "Follow us on Facebook for more updates.", "RECOMMENDED: More from our site",
                "Share this article", "Latest Headlines", "Sign up for our newsletter", "Read more: Top stories"]


class _Lexicon:
    """A news-like vocabulary: the common words above, then thousands of invented rarer ones
    (made from syllables, so they read as words), drawn with Zipf frequencies. Real news has
    tens of thousands of word types, most of them rare and specific to a story; a small
    vocabulary would make every article look like every other one to a near-duplicate index."""

    _ONSETS = ("b", "br", "c", "cr", "d", "dr", "f", "fl", "g", "gr", "h", "k", "l", "m", "n", "p", "pl",
               "pr", "r", "s", "st", "t", "tr", "v", "w", "z", "sh", "ch", "th")
    _VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "io", "ou")
    _CODAS = ("", "", "n", "r", "l", "s", "m", "nd", "st", "rt", "x")

    def __init__(self, seed: int = 20_240_611, nouns: int = 12_000, verbs: int = 3_000, adjs: int = 3_000) -> None:
        rng = random.Random(seed)
        seen = set(_NOUNS) | set(_VERBS) | set(_ADJS)

        def invent(suffixes: list[str]) -> str:
            while True:
                stem = "".join(rng.choice(self._ONSETS) + rng.choice(self._VOWELS) + rng.choice(self._CODAS)
                               for _ in range(rng.choice([2, 2, 3])))
                word = stem + rng.choice(suffixes)
                if word not in seen:
                    seen.add(word)
                    return word

        self.nouns = list(dict.fromkeys(_NOUNS)) + [invent(["", "", "s", "ment", "ity", "er"])
                                                    for _ in range(nouns)]
        self.verbs = list(_VERBS) + [invent(["ed", "ised", "ated"]) for _ in range(verbs)]
        self.adjs = list(_ADJS) + [invent(["ic", "al", "ous", "ive", "ian"]) for _ in range(adjs)]
        self.pools = ({w: self.nouns for w in self.nouns} | {w: self.verbs for w in self.verbs}
                      | {w: self.adjs for w in self.adjs})
        self._cum = {id(pool): list(itertools.accumulate(1 / (rank + 50) for rank in range(len(pool))))
                     for pool in (self.nouns, self.verbs, self.adjs)}

    def coin(self, rng: random.Random) -> str:
        """A word of one story alone (a name, a place, a technical term): three or four syllables
        drawn afresh, so two stories practically never share one."""
        return "".join(rng.choice(self._ONSETS) + rng.choice(self._VOWELS) + rng.choice(self._CODAS)
                       for _ in range(rng.choice([3, 3, 4])))

    def draw(self, rng: random.Random, pool: list[str]) -> str:
        """One word of `pool`, the common ones far more often than the rare ones."""
        return rng.choices(pool, cum_weights=self._cum[id(pool)])[0]


@functools.cache
def _lexicon() -> _Lexicon:
    return _Lexicon()


@dataclass(frozen=True)
class SynthConfig:
    """What to generate. `stories` x (`min_docs`..`max_docs`) documents, from `seed`."""

    stories: int = 20
    min_docs: int = 4
    max_docs: int = 12
    seed: int = 1
    timestamps: TimeMode = "mixed"
    outlets: OutletMode = "mixed"
    external_share: float = 0.15  # originals left out of the corpus, credited by their copies
    independent_share: float = 0.2  # reports that share only quotes with the rest
    takes_share: float = 0.3  # wire originals sent in takes (first, continuation, update)
    desk_share: float = 0.2  # stories that newspapers each write up from the wire copy alone (see `_desk`)
    start: str = "2021-03-01T06:00:00+00:00"


@dataclass
class SynthDoc:
    id: str
    text: str
    outlet: str | None
    agency: str | None
    url: str | None
    published: str | None
    kind: str  # original, take, update, rewrite, top, aggregate, combined, brief, paper, syndicated, independent
    parents: list[str] = field(default_factory=list)  # true direct sources in the corpus
    external_parents: list[str] = field(default_factory=list)  # true sources not in the corpus (outlet names)
    story: int = 0
    true_outlet: str = ""  # the outlet that published it, whether or not the corpus says so
    in_corpus: bool = True


@dataclass
class _Outlet:
    name: str
    kind: str  # agency, outlet, site
    domain: str
    known: bool


@dataclass
class _Para:
    text: str
    quote: bool = False


@dataclass
class _Draft:
    id: str
    outlet: _Outlet
    agency: _Outlet | None
    paras: list[_Para]
    time: datetime
    kind: str
    parents: list[str]
    in_corpus: bool = True
    dateline: str = ""
    head: tuple[str, ...] = ()  # headline and byline above the text (copies write their own)


class _Gen:
    def __init__(self, cfg: SynthConfig) -> None:
        self.cfg = cfg
        self.rng = random.Random(cfg.seed)
        self.start = datetime.fromisoformat(cfg.start)
        self.counter = 0
        self.sites = self._sites()
        self.lex = _lexicon()

    def noun(self) -> str:
        return self.lex.draw(self.rng, self.lex.nouns)

    def verb(self) -> str:
        return self.lex.draw(self.rng, self.lex.verbs)

    def adj(self) -> str:
        return self.lex.draw(self.rng, self.lex.adjs)

    # --- outlets --------------------------------------------------------------------------

    def _sites(self) -> list[_Outlet]:
        rng = random.Random(self.cfg.seed * 7919 + 1)
        out = []
        seen = set()
        while len(out) < 400:
            a, b = rng.sample(_SITE_WORDS, 2)
            name = f"{a}{b}{rng.randint(1, 999)}"
            if name in seen:
                continue
            seen.add(name)
            out.append(_Outlet(f"{name}.example", "site", f"{name}.example", False))
        return out

    def outlet(self, kind: str) -> _Outlet:
        rng = self.rng
        known = {"known": True, "unknown": False}.get(self.cfg.outlets, rng.random() < 0.6)
        if kind == "agency":
            if known:
                name = rng.choice(_KNOWN_AGENCIES)
                return _Outlet(name, "agency", name.lower().replace(" ", "") + ".com", True)
            name = rng.choice(["Norwire", "Vestpress", "Kaldor News Agency", "Meridia Press", "Sundanet",
                               "Tarvos Agency", "Quarnpress", "Laskia Wire"])
            return _Outlet(name, "agency", name.lower().replace(" ", "") + ".example", False)
        if kind == "outlet" and known:
            name = rng.choice(_KNOWN_OUTLETS)
            return _Outlet(name, "outlet", name.lower().replace(" ", "") + ".com", True)
        return rng.choice(self.sites)

    # --- words ----------------------------------------------------------------------------

    def _np(self, topic: list[str], place: str, simple: bool = False) -> str:
        rng = self.rng
        det = rng.choice(["the", "the", "a", "its", "their", "this", "several", "some", "two", "three", "many",
                          "no", "every", "another", "that"])
        words = [det]
        if rng.random() < 0.55:
            words.append(self.adj())
        words.append(rng.choice(topic) if rng.random() < 0.7 else self.noun())
        if not simple and rng.random() < 0.3:
            words += [rng.choice(["of", "from", "for", "in"]),
                      rng.choice([place, rng.choice(_COUNTRIES), f"the {rng.choice(topic)}"])]
        return " ".join(words)

    def _pp(self, topic: list[str], place: str) -> str:
        rng = self.rng
        return rng.choice([f"in {place}", f"near {place}", f"across {rng.choice(_COUNTRIES)}",
                           f"{rng.choice(['after', 'before', 'during', 'despite', 'over', 'against', 'with', 'without', 'under'])} "
                           f"{self._np(topic, place, simple=True)}"])

    def _clause(self, topic: list[str], place: str) -> str:
        rng = self.rng
        parts = [self._np(topic, place), rng.choice(["", "", "has ", "had ", "reportedly ", "also ", "again "])
                 + self.verb(), self._np(topic, place)]
        for _ in range(rng.choice([0, 1, 1, 2])):
            parts.append(self._pp(topic, place))
        if rng.random() < 0.35:
            parts.append(rng.choice(_TIMES))
        if rng.random() < 0.2:
            parts.insert(0, rng.choice([f"In {place},", "Meanwhile,", "By contrast,", "Earlier,", "Separately,",
                                        f"On {rng.choice(['Monday', 'Friday', 'Sunday'])},"]))
        if rng.random() < 0.15:
            parts.append(f"by {rng.randint(2, 95)} percent")
        if rng.random() < 0.15:
            parts.insert(1, f"of {rng.randint(3, 900)} {rng.choice(topic)}")
        return " ".join(p for p in parts if p)

    def sentence(self, topic: list[str], place: str) -> str:
        rng = self.rng
        text = self._clause(topic, place)
        r = rng.random()
        if r < 0.25:
            text += rng.choice([", while ", ", but ", " and ", ", after ", ", as ", ", which meant "]) + self._clause(topic, place)
        elif r < 0.35:
            text += ", " + rng.choice(["according to", "officials said, citing", "said"]) + " " + self._np(topic, place)
        text = text[0].upper() + text[1:]
        return text + "."

    def statement(self, topic: list[str], place: str, words: int) -> str:
        rng = self.rng
        parts = []
        while sum(len(p.split()) for p in parts) < words:
            subject = rng.choice(["we", "I", "our people", "the government", "nobody", "everyone here", "they",
                                  "this country", "my office"])
            modal = rng.choice(["will", "cannot", "must", "have", "did not", "will never", "are ready to", "want to",
                                "should", "could"])
            parts.append(f"{subject} {modal} {self.verb().removesuffix('ed')} {self._np(topic, place)}"
                         + (f" {self._pp(topic, place)}" if rng.random() < 0.5 else ""))
        text = rng.choice([", ", ". ", "; ", " and "]).join(parts)
        return text[0].upper() + text[1:] + "."

    def headline(self, topic: list[str], place: str) -> str:
        rng = self.rng
        words = [place, rng.choice(topic), self.verb(), self.adj(), rng.choice(topic)]
        if rng.random() < 0.5:
            words.insert(0, rng.choice(["Update:", "Exclusive:", "Breaking:", "Analysis:"]))
        return " ".join(w[0].upper() + w[1:] for w in words)

    def heading(self, d: _Draft, parent: _Draft | None, topic: list[str], place: str) -> tuple[str, ...]:
        """What stands above a document's text: often a headline, on wire copy often a byline;
        a syndicated copy mostly keeps its source's."""
        rng = self.rng
        if d.kind == "syndicated" and parent is not None and rng.random() < 0.7:
            return parent.head
        head = [self.headline(topic, place)] if rng.random() < 0.6 else []
        if d.outlet.kind == "agency" and rng.random() < 0.3:
            head.append(f"By {rng.choice(_FIRST)} {rng.choice(_LAST)}, {d.outlet.name}")
        return tuple(head)

    def person(self) -> tuple[str, str]:
        rng = self.rng
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        country = rng.choice(_COUNTRIES)
        role = f"{country} {rng.choice(_INSTITUTIONS)} {rng.choice(_ROLES)}"
        return name, role

    # --- editing ---------------------------------------------------------------------------

    def reword(self, text: str, share: float) -> str:
        """Replace a share of the ordinary words (not names, numbers, quotes) with others."""
        rng = self.rng
        pools = self.lex.pools
        out = []
        for w in text.split(" "):
            core = w.strip(".,")
            if core in pools and rng.random() < share:
                out.append(w.replace(core, self.lex.draw(rng, pools[core])))
            else:
                out.append(w)
        return " ".join(out)

    def paraphrase(self, text: str, strength: float) -> str:
        """Retell a paragraph in other words the way a newspaper rewrites wire copy: the
        names, numbers and most nouns stay, the phrasing does not. Sentences are dropped
        or recast: clauses swapped around their comma, words left out, linking words put
        in, some ordinary words replaced (`strength`, 0-1, sets how much of each)."""
        rng = self.rng
        sentences = [t for t in text.replace(". ", ".\n").split("\n") if t]
        if len(sentences) > 1:
            kept = [t for t in sentences if rng.random() > 0.35 * strength]
            sentences = kept or [rng.choice(sentences)]
        out = []
        for sentence in sentences:
            if rng.random() > strength:
                out.append(sentence)
                continue
            body = sentence.rstrip(".")
            head, _, tail = body.partition(", ")
            if head and tail and rng.random() < 0.6:
                body = f"{tail[0].upper() + tail[1:]}, {head[0].lower() + head[1:]}"
            words = body.split(" ")
            kept_words = [w for k, w in enumerate(words)
                          if k == 0 or not self._droppable(w.strip(",")) or rng.random() > 0.4 * strength]
            for _ in range(rng.randint(0, 2)):
                kept_words.insert(rng.randint(1, len(kept_words)), rng.choice(_LINKS))
            out.append(self.reword(" ".join(kept_words), 0.2 * strength) + ".")
        return " ".join(out)

    def _droppable(self, word: str) -> bool:
        """A word a rewrite can leave out without losing a fact: an adjective, a determiner."""
        return word in _DROPPABLE or self.lex.pools.get(word) is self.lex.adjs

    def swap_verbs(self, text: str) -> str:
        for verb, alternatives in _SAY_SWAP.items():
            if f" {verb}" in text and self.rng.random() < 0.5:
                return text.replace(f" {verb}", " " + self.rng.choice(alternatives), 1)
        return text

    def trim_quote(self, para: _Para) -> _Para:
        """Cut the middle of a quote, marking the cut with an ellipsis."""
        text = para.text
        a, b = text.find("“"), text.find("”")
        if a < 0 or b < a:
            return para
        words = text[a + 1:b].split()
        if len(words) < 12:
            return para
        i = self.rng.randint(3, len(words) // 2)
        j = self.rng.randint(i + 2, len(words) - 3)
        trimmed = " ".join(words[:i]) + " … " + " ".join(words[j:])
        return _Para(text[:a + 1] + trimmed + text[b:], True)

    # --- stories ---------------------------------------------------------------------------

    def story(self, number: int) -> list[_Draft]:
        cfg, rng = self.cfg, self.rng
        place = rng.choice(_PLACES)
        # A story's own nouns: some common, some of the wider vocabulary, some its alone.
        topic = list(dict.fromkeys([*rng.sample(_NOUNS, 8), *(self.noun() for _ in range(8)),
                                    *(self.lex.coin(rng) for _ in range(10))]))
        self._story_words = (topic, place)
        t0 = self.start + timedelta(hours=number * 7 + rng.random() * 5)
        speakers = []
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.3:
                inst = f"{rng.choice(_COUNTRIES)} {rng.choice(_INSTITUTIONS)}"
                speakers.append((f"the {inst}", None, [self.statement(topic, place, rng.randint(10, 30))
                                                         for _ in range(rng.randint(1, 3))]))
            else:
                name, role = self.person()
                speakers.append((name, role, [self.statement(topic, place, rng.randint(10, 30))
                                              for _ in range(rng.randint(1, 3))]))
        # Foreign statements get a second rendering (another translation) now and then.
        renderings = {}
        for _, _, statements in speakers:
            for s in statements:
                renderings[s] = self.reword(s, 0.35) if rng.random() < 0.15 else s
        n_docs = rng.randint(cfg.min_docs, cfg.max_docs)
        if rng.random() < cfg.desk_share:
            return self._desk(topic, place, speakers, renderings, t0, n_docs)
        drafts: list[_Draft] = []
        n_orig = 1 if n_docs < 5 else rng.randint(1, 2)
        for _ in range(n_orig):
            original = self._original(topic, place, speakers, renderings, t0 + timedelta(minutes=rng.randint(0, 90)),
                                      withheld=rng.random() < cfg.external_share)
            if original.in_corpus and rng.random() < cfg.takes_share:
                drafts.extend(self._takes(original, topic, place))
            else:
                drafts.append(original)
        while len(drafts) < n_docs + sum(1 for d in drafts if not d.in_corpus):
            r = rng.random()
            takes = [d for d in drafts if d.kind in ("take", "update") and d.in_corpus]
            if takes and rng.random() < 0.35:
                # a newspaper writing from one or more takes of the wire story, in its own words
                chosen = rng.sample(takes, min(len(takes), rng.randint(1, 3)))
                drafts.append(self._paper(chosen, topic, place))
                continue
            if r < cfg.independent_share:
                drafts.append(self._original(topic, place, speakers, renderings,
                                             t0 + timedelta(minutes=rng.randint(30, 600)), independent=True))
                continue
            pool = [d for d in drafts if d.kind != "syndicated"]
            parent = rng.choice(pool)
            if r < cfg.independent_share + 0.2 and parent.kind in ("original", "rewrite", "update"):
                if rng.random() < 0.3:
                    drafts.append(self._top(parent, topic, place))
                else:
                    drafts.append(self._rewrite(parent, topic, place))
            elif r < cfg.independent_share + 0.35 and parent.kind in ("original", "update"):
                drafts.append(self._syndicate(parent))
            elif r < cfg.independent_share + 0.47:
                drafts.append(self._brief(parent, topic, place))
            else:
                second = None
                others = [d for d in pool if d is not parent]
                wires = [d for d in others if d.outlet.kind == "agency" and d.outlet.name != parent.outlet.name]
                if parent.outlet.kind == "agency" and wires and rng.random() < 0.25:
                    drafts.append(self._combined(parent, rng.choice(wires), topic, place))
                    continue
                if others and rng.random() < 0.3:
                    second = rng.choice(others)
                drafts.append(self._aggregate(parent, second, topic, place))
        return drafts

    def _desk(self, topic, place, speakers, renderings, t0: datetime, n_docs: int) -> list[_Draft]:
        """A wire story the newspapers each write up on their own the next day (the pattern of
        the METER corpus): the agency's copy; papers taking much of it or only a little, in
        their own words; independent reports sharing only the quotes. No paper copies another,
        so whatever two papers share came from the wire or from the hearing they all attended
        (its quotes, which the wire may leave out). The wire comes whole or in two takes that
        do not overlap (a paper written from one take would read the same as one written from
        an update repeating it, so updates here would only blur the truth)."""
        rng = self.rng
        original = self._original(topic, place, speakers, renderings, t0)
        wire = self._takes(original, topic, place)[:2] if rng.random() < 0.5 else [original]
        # Quotes every reporter at the hearing heard, the wire's own and some it left out: the
        # papers may share the latter with one another, not with the wire.
        heard = [_Para(f"“{renderings[s]}” {who.split()[-1] if role else who} {rng.choice(_SAY)}.", True)
                 for who, role, statements in speakers for s in statements if rng.random() < 0.5]
        drafts = list(wire)
        while len(drafts) < n_docs:
            if rng.random() < self.cfg.independent_share:
                drafts.append(self._original(topic, place, speakers, renderings,
                                             t0 + timedelta(minutes=rng.randint(30, 600)), independent=True))
            else:
                chosen = rng.sample(wire, rng.randint(1, len(wire)))
                drafts.append(self._paper(chosen, topic, place, light=rng.random() < 0.5, heard=heard))
        return drafts

    def _new_id(self) -> str:
        self.counter += 1
        return f"s{self.counter:07d}"

    def _dateline(self, outlet: _Outlet, place: str, when: datetime) -> str:
        rng = self.rng
        if outlet.kind != "agency":
            return ""
        name = outlet.name
        style = rng.random()
        if style < 0.4:
            return f"{place.upper()} ({name}) - "
        if style < 0.7:
            return f"{place.upper()}, {when.strftime('%B')} {when.day}. /{name.upper()}/. "
        return f"{when.strftime('%b')}. {when.day} ({name}) -- "

    def _original(self, topic, place, speakers, renderings, when, withheld=False, independent=False) -> _Draft:
        rng = self.rng
        outlet = self.outlet("agency" if not independent or rng.random() < 0.5 else "outlet")
        paras: list[_Para] = []
        lead = self.sentence(topic, place) + " " + self.sentence(topic, place)
        dateline = self._dateline(outlet, place, when)
        paras.append(_Para(dateline + lead))
        chosen = [(who, role, s) for who, role, statements in speakers for s in statements
                  if rng.random() < 0.8]
        rng.shuffle(chosen)
        brief = independent and rng.random() < 0.35  # a news brief around one statement
        if brief:
            chosen = chosen[:1]
        for k, (who, role, s) in enumerate(chosen):
            text = renderings[s] if independent and rng.random() < 0.5 else s
            verb = rng.choice(_SAY)
            if outlet.kind == "agency" and rng.random() < 0.25 and not independent:
                verb = f"told {outlet.name}"  # the outlet's own origin cue
            speaker = f"{role} {who}" if role and k == 0 else (who.split()[-1] if role else who)
            if rng.random() < 0.5:
                paras.append(_Para(f"“{text}” {speaker} {verb}.", True))
            else:
                paras.append(_Para(f"{speaker[0].upper() + speaker[1:]} {verb}: “{text}”", True))
            if rng.random() < 0.7:
                paras.append(_Para(" ".join(self.sentence(topic, place) for _ in range(rng.randint(1, 3)))))
        for _ in range(rng.randint(0, 1) if brief else rng.randint(2, 5)):
            paras.append(_Para(" ".join(self.sentence(topic, place) for _ in range(rng.randint(1, 3)))))
        if rng.random() < 0.25:  # the original as its own web page serves it, furniture and all
            paras.insert(rng.randrange(1, max(2, len(paras))), _Para(rng.choice(_BOILERPLATE)))
        return _Draft(self._new_id(), outlet, outlet if outlet.kind == "agency" else None, paras, when,
                      "independent" if independent else "original", [], in_corpus=not withheld, dateline=dateline)

    def _delay(self, parent: _Draft) -> datetime:
        """Minutes to hours mostly; a day or several now and then (a weekly, a late aggregator)."""
        r = self.rng.random()
        mean = 180 if r < 0.7 else (1440 if r < 0.95 else 4320)
        return parent.time + timedelta(minutes=5 + self.rng.expovariate(1 / mean))

    def _credit(self, parent: _Draft) -> str:
        name = parent.outlet.name
        return self.rng.choice([f"according to {name}", f"{name} reported", f"said {name}", f"reported {name}",
                                f"as reported by {name}", f"citing {name}"])

    def _rewrite(self, parent: _Draft, topic, place) -> _Draft:
        rng = self.rng
        outlet = self.outlet("agency")
        when = self._delay(parent)
        paras = []
        dateline = self._dateline(outlet, place, when)
        for p in parent.paras:
            text = p.text.removeprefix(parent.dateline)
            if p.quote:
                paras.append(self.trim_quote(_Para(self.swap_verbs(text), True)) if rng.random() < 0.3
                             else _Para(self.swap_verbs(text), True))
            elif rng.random() < 0.85:
                paras.append(_Para(self.paraphrase(text, rng.uniform(0.2, 0.6))))
        if not paras:  # a one-paragraph parent whose paragraph was dropped: keep it after all
            paras.append(_Para(self.reword(parent.paras[0].text.removeprefix(parent.dateline), 0.3)))
        if rng.random() < 0.6:
            k = rng.randrange(1, max(2, len(paras)))
            paras.insert(k, _Para(f"The {rng.choice(topic)} {self.verb()} the {rng.choice(topic)}, "
                                  f"{self._credit(parent)}."))
        paras[0] = _Para(dateline + paras[0].text)
        if rng.random() < 0.4:
            paras = paras[: max(3, int(len(paras) * rng.uniform(0.6, 0.9)))]
        if rng.random() < 0.25:
            paras.insert(rng.randrange(1, max(2, len(paras))), _Para(rng.choice(_BOILERPLATE)))
        return _Draft(self._new_id(), outlet, outlet, paras, when, "rewrite", [parent.id], dateline=dateline)

    def _syndicate(self, parent: _Draft) -> _Draft:
        rng = self.rng
        site = self.outlet("site" if rng.random() < 0.7 else "outlet")
        paras = [_Para(p.text, p.quote) for p in parent.paras]
        if rng.random() < 0.4:
            paras = paras[: max(2, int(len(paras) * rng.uniform(0.5, 0.9)))]
        if rng.random() < 0.5:
            paras.insert(rng.randrange(1, max(2, len(paras))), _Para(rng.choice(_BOILERPLATE)))
        if rng.random() < 0.3:
            paras.append(_Para(f"Copyright {parent.time.year} {parent.outlet.name}. All rights reserved."))
        return _Draft(self._new_id(), site, parent.agency or parent.outlet, paras, self._delay(parent),
                      "syndicated", [parent.id])

    def _takes(self, original: _Draft, topic, place) -> list[_Draft]:
        """A wire story sent in takes: the first paragraphs, then their continuation (which
        repeats nothing), then an updated full version built from both."""
        rng = self.rng
        paras = original.paras
        cut = max(2, len(paras) // 2)
        first = _Draft(original.id, original.outlet, original.agency, paras[:cut], original.time, "take", [],
                       dateline=original.dateline)
        more = [_Para(" ".join(self.sentence(topic, place) for _ in range(rng.randint(1, 2))))
                for _ in range(rng.randint(0, 2))]
        second = _Draft(self._new_id(), original.outlet, original.agency, paras[cut:] + more,
                        original.time + timedelta(minutes=rng.randint(10, 120)), "take", [])
        merged = [_Para(self.swap_verbs(p.text), p.quote) if rng.random() < 0.2 else p
                  for p in first.paras + second.paras if rng.random() < 0.9]
        if rng.random() < 0.5:
            merged.insert(1, _Para(" ".join(self.sentence(topic, place) for _ in range(rng.randint(1, 2)))))
        update = _Draft(self._new_id(), original.outlet, original.agency, merged,
                        second.time + timedelta(minutes=rng.randint(30, 240)), "update", [first.id, second.id],
                        dateline=original.dateline)
        return [first, second, update]

    def _paper(self, sources: list[_Draft], topic, place, light: bool = False,
               heard: Sequence[_Para] = ()) -> _Draft:
        """A newspaper's own article from wire takes: some sentences kept, most reworded,
        quotes kept or trimmed, its own material added, published later. A `light` one takes
        only a few sentences and quotes and is mostly its own reporting. `heard`: quotes its
        own reporter heard at the event, some of which it uses."""
        rng = self.rng
        outlet = self.outlet("outlet")
        paras: list[_Para] = [_Para(" ".join(self.sentence(topic, place) for _ in range(rng.randint(1, 2))))]
        # some papers take most of the wire copy, some a little
        keep_share = rng.uniform(0.03, 0.3) if light else rng.uniform(0.15, 0.9)
        keep_quote = 0.4 if light else 0.8
        verbatim_share = rng.uniform(0.0, 0.4)
        taken = 0
        for src in sources:
            for p in src.paras:
                text = p.text.removeprefix(src.dateline)
                if p.quote:
                    if rng.random() < keep_quote:
                        taken += 1
                        paras.append(self.trim_quote(_Para(self.swap_verbs(text), True)) if rng.random() < 0.3
                                     else _Para(self.swap_verbs(text), True))
                elif rng.random() < keep_share:
                    taken += 1
                    verbatim = rng.random() < verbatim_share
                    paras.append(_Para(text if verbatim else self.paraphrase(text, rng.uniform(0.3, 1.0))))
            for _ in range(rng.randint(1, 4) if light else rng.randint(0, 2)):
                paras.append(_Para(" ".join(self.sentence(topic, place) for _ in range(rng.randint(1, 3)))))
        paras += [p for p in heard if rng.random() < 0.35]
        if not taken:  # a paper from the wire takes something from it
            src = rng.choice(sources)
            p = rng.choice(src.paras)
            text = p.text.removeprefix(src.dateline)
            paras.insert(1, _Para(text if p.quote else self.paraphrase(text, 0.5), p.quote))
        if rng.random() < 0.4 and len(paras) > 1:
            k = rng.randrange(1, max(2, len(paras)))
            paras.insert(1, paras.pop(k))
        when = max(s.time for s in sources) + timedelta(hours=rng.uniform(6, 30))
        return _Draft(self._new_id(), outlet, None, paras, when, "paper", [s.id for s in sources])

    def _top(self, parent: _Draft, topic, place) -> _Draft:
        """A newspaper's short item from the top of a wire story: its first paragraphs,
        condensed and retold, with no credit, published hours later."""
        rng = self.rng
        outlet = self.outlet("outlet")
        body = [_Para(p.text.removeprefix(parent.dateline), p.quote) for p in parent.paras]
        keep = body[: rng.randint(1, min(len(body), 4))]
        strength = rng.uniform(0.0, 0.8)
        paras = [p if p.quote else _Para(self.paraphrase(p.text, strength)) for p in keep]
        if rng.random() < 0.3:
            paras.append(_Para(self.sentence(topic, place)))
        when = parent.time + timedelta(hours=rng.uniform(2, 30))
        return _Draft(self._new_id(), outlet, None, paras, when, "top", [parent.id])

    def _brief(self, parent: _Draft, topic, place) -> _Draft:
        """A site retelling a story in its own words: one or two paragraphs or quotes taken
        over, the rest rewritten or its own, and the source credited by name."""
        rng = self.rng
        site = self.outlet("site" if rng.random() < 0.7 else "outlet")
        paras: list[_Para] = [_Para(" ".join(self.sentence(topic, place) for _ in range(rng.randint(1, 2))))]
        body = [_Para(p.text.removeprefix(parent.dateline), p.quote) for p in parent.paras]
        taken = rng.sample(body, min(len(body), rng.randint(1, 2)))
        for p in body:
            if p in taken:
                paras.append(p)
            elif rng.random() < 0.5:
                paras.append(_Para(self.paraphrase(p.text, rng.uniform(0.6, 1.0))) if not p.quote else p)
        credit = self._credit(parent)
        k = rng.randrange(len(paras))
        paras[k] = _Para(paras[k].text.rstrip(".") + f", {credit}.", paras[k].quote) if not paras[k].quote \
            else paras[k]
        if credit not in " ".join(p.text for p in paras):
            paras.append(_Para(f"[{parent.outlet.name}]"))
        paras.append(_Para(" ".join(self.sentence(topic, place) for _ in range(rng.randint(1, 3)))))
        if rng.random() < 0.5:
            paras.append(_Para(rng.choice(_BOILERPLATE)))
        return _Draft(self._new_id(), site, None, paras, self._delay(parent), "brief", [parent.id])

    def _combined(self, main: _Draft, other: _Draft, topic, place) -> _Draft:
        """A newspaper's story from two agencies' reports: its own lead, most of one agency's
        copy (much of it word for word, some reworded), a paragraph or quote of the other's, each
        agency credited in the text most of the time ("AFP reported", "according to Reuters",
        "The remarks were reported by AFP"), published hours later."""
        rng = self.rng
        outlet = self.outlet("outlet")
        lead = main.paras[0].text.removeprefix(main.dateline)
        paras = [_Para(self.paraphrase(lead, rng.uniform(0.2, 0.7)))]
        for src, share in ((main, rng.uniform(0.5, 0.9)), (other, 0.0)):
            body = [_Para(p.text.removeprefix(src.dateline), p.quote) for p in src.paras[1:]] or \
                   [_Para(src.paras[0].text.removeprefix(src.dateline))]
            keep = [p for p in body if rng.random() < share] or rng.sample(body, min(len(body), rng.randint(1, 2)))
            credited = rng.random() < 0.7
            plain = [k for k, p in enumerate(keep) if not p.quote]
            at = rng.choice(plain) if plain else rng.randrange(len(keep))
            for k, p in enumerate(keep):
                text = p.text if p.quote or rng.random() < 0.6 else self.reword(p.text, rng.uniform(0.1, 0.3))
                para = _Para(self.swap_verbs(text) if rng.random() < 0.3 else text, p.quote)
                if p.quote and rng.random() < 0.25:
                    para = self.trim_quote(para)
                if credited and k == at:
                    name = src.outlet.name
                    if para.quote:
                        para = _Para(para.text + f" The remarks were reported by {name}.", True)
                    else:
                        cue = rng.choice([f"{name} reported", f"according to {name}", f"{name} said"])
                        para = _Para(para.text.rstrip(".") + f", {cue}.")
                paras.append(para)
        for _ in range(rng.randint(0, 2)):
            paras.append(_Para(" ".join(self.sentence(topic, place) for _ in range(rng.randint(1, 2)))))
        if rng.random() < 0.3:
            paras.append(_Para(rng.choice(_BOILERPLATE)))
        when = max(main.time, other.time) + timedelta(hours=rng.uniform(1, 12))
        return _Draft(self._new_id(), outlet, None, paras, when, "combined", [main.id, other.id])

    def _aggregate(self, parent: _Draft, second: _Draft | None, topic, place) -> _Draft:
        rng = self.rng
        site = self.outlet("site" if rng.random() < 0.75 else "outlet")
        when = self._delay(parent if second is None or parent.time > second.time else second)
        paras: list[_Para] = []
        if rng.random() < 0.7:  # an intro of its own, most of the time
            paras.append(_Para(" ".join(self.sentence(topic, place) for _ in range(rng.randint(1, 2)))))
        sources = [parent] + ([second] if second else [])
        for src in sources:
            body = [_Para(p.text.removeprefix(src.dateline), p.quote) for p in src.paras]
            keep = [p for p in body if rng.random() < rng.uniform(0.5, 0.95)]
            if not keep:
                keep = body[:2]
            if rng.random() < 0.4:
                k = rng.randrange(len(keep))
                keep.insert(0, keep.pop(k))  # reorder
            for p in keep:
                text = self.swap_verbs(p.text) if rng.random() < 0.3 else p.text
                if rng.random() < 0.15 and not p.quote:
                    text = self.reword(text, 0.15)
                para = _Para(text, p.quote)
                paras.append(self.trim_quote(para) if p.quote and rng.random() < 0.25 else para)
            if rng.random() < 0.7:
                style = rng.random()
                if style < 0.4:
                    paras.append(_Para(f"The {rng.choice(topic)} was {self.verb()}, {self._credit(src)}."))
                elif style < 0.7:
                    paras[rng.randrange(len(paras))].text += f" ({src.outlet.name})"
                else:
                    paras.append(_Para(f"[{src.outlet.name}]"))
        paras.append(_Para(" ".join(self.sentence(topic, place) for _ in range(rng.randint(1, 2)))))
        if rng.random() < 0.5:
            paras.append(_Para(rng.choice(_BOILERPLATE)))
        if rng.random() < 0.3:
            paras = paras[: max(3, len(paras) - rng.randint(1, 3))]
        return _Draft(self._new_id(), site, None, paras, when, "aggregate", [s.id for s in sources])

    # --- output ----------------------------------------------------------------------------

    def documents(self) -> Iterator[SynthDoc]:
        cfg, rng = self.cfg, self.rng
        for number in range(cfg.stories):
            drafts = self.story(number)
            by_id = {d.id: d for d in drafts}
            for d in drafts:
                d.head = self.heading(d, by_id[d.parents[0]] if d.parents else None, *self._story_words)
            for d in drafts:
                if not d.in_corpus:
                    continue
                parents = [p for p in d.parents if by_id[p].in_corpus]
                external = [by_id[p].outlet.name for p in d.parents if not by_id[p].in_corpus]
                mode = cfg.timestamps if cfg.timestamps != "mixed" else rng.choice(["clean", "noisy", "absent"])
                published = None
                if mode == "clean":
                    published = d.time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                elif mode == "noisy":  # half only a date (in some time zone), half a time off by hours
                    if rng.random() < 0.5:
                        published = (d.time + timedelta(hours=rng.gauss(0, 8))).date().isoformat()
                    else:
                        published = (d.time + timedelta(hours=rng.gauss(0, 3))).strftime("%Y-%m-%dT%H:%M:%SZ")
                outlet_known = cfg.outlets == "known" or (cfg.outlets == "mixed" and rng.random() < 0.7)
                url = f"https://{d.outlet.domain}/news/{d.id}" if outlet_known and rng.random() < 0.5 else None
                yield SynthDoc(
                    id=d.id, text="\n\n".join([*d.head, *(p.text for p in d.paras)]) + "\n",
                    outlet=d.outlet.name if outlet_known else None,
                    agency=None, url=url, published=published, kind=d.kind,
                    parents=parents, external_parents=external, story=number, true_outlet=d.outlet.name,
                )


def generate(cfg: SynthConfig) -> Iterator[SynthDoc]:
    """The documents of a synthetic corpus with their true sources, in a fixed order."""
    return _Gen(cfg).documents()


def write_corpus(cfg: SynthConfig, out: Path, shard_size: int = 50_000) -> dict[str, int]:
    """Write the corpus as `corpus/NNNN.jsonl` shards, and beside it `truth.jsonl` (id, kind,
    outlet, parents, external parents, story) and `settings.json`, into `out`; `provenance scan
    OUT/corpus` reads it. Returns counts."""
    (out / "corpus").mkdir(parents=True, exist_ok=True)
    counts = {"documents": 0, "derived": 0, "external": 0}
    with contextlib.ExitStack() as stack:
        truth = stack.enter_context(open(out / "truth.jsonl", "w", encoding="utf-8", newline="\n"))
        shards = contextlib.ExitStack()
        stack.enter_context(shards)
        shard = None
        for n, d in enumerate(generate(cfg)):
            if n % shard_size == 0:
                shards.close()
                shard = shards.enter_context(
                    open(out / "corpus" / f"{n // shard_size:04d}.jsonl", "w", encoding="utf-8", newline="\n"))
            assert shard is not None
            record = {"id": d.id, "text": d.text}
            for key in ("outlet", "url", "published"):
                if getattr(d, key):
                    record[key] = getattr(d, key)
            shard.write(json.dumps(record, ensure_ascii=False) + "\n")
            truth.write(json.dumps({"id": d.id, "kind": d.kind, "outlet": d.true_outlet, "parents": d.parents,
                                    "external_parents": d.external_parents, "story": d.story}) + "\n")
            counts["documents"] += 1
            counts["derived"] += bool(d.parents or d.external_parents)
            counts["external"] += bool(d.external_parents)
    (out / "settings.json").write_text(json.dumps(asdict(cfg), indent=2) + "\n", encoding="utf-8")
    return counts


def read_truth(folder: Path) -> dict[str, dict]:
    with open(folder / "truth.jsonl", encoding="utf-8") as fh:
        return {r["id"]: r for r in map(json.loads, fh)}
