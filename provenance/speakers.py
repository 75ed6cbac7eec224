"""Who said it: attribute each quotation to a speaker where the text says who.

Patterns read around a quote: `"...," X said`, `"...," said X`, `X said: "..."` (also when
the colon ends the previous paragraph), `X told TASS "..."`, `X said that ... "..."`,
`according to X, "..."`, `X dismissed it as "..."`, `X intervened: "..."` (verbs that say
someone spoke only beside the quote), and a quote with no attribution that continues the
previous speaker or the sentence's. Speakers resolve within the article: titles and roles are
stripped ("Pentagon spokesman Eric Pahon" -> Eric Pahon), a surname alone resolves to the
full name given earlier ("Pahon" -> Eric Pahon), a pronoun to the previous person speaking,
the subject of a speech verb since ("X said the president was briefed. "...," she said") or
the person the sentence before opens with ("Lord Sutherland ruled ... He said:"), a role
("the Pentagon spokesman", "the judge") to the previous speaker with that role or the person
the article introduced so ("Judge Michael Burr"), an institution to its canonical name ("the
Russia Defense Ministry" -> Russian Defense Ministry). Asides, relative clauses, opening
clauses and hearsay in the passive name no one. Where the text does not say who, the speaker
stays unknown (None); nothing is guessed. `python -m benchmarks speakers` measures it.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from itertools import pairwise
from typing import Literal

from .analysis import Analyzed
from .outlets import OutletMatch, OutletRegistry
from .quotes import Quote

SpeakerKind = Literal["person", "organization", "role"]


def _letter_class(upper: bool) -> str:
    """The body of a regex character class: the capital (or small) letters of the Latin,
    Greek and Cyrillic scripts, so that "Özil", "Łukasz Nowak" and "Дмитрий Песков" are names."""
    points = [c for lo, hi in ((0x41, 0x7B), (0xC0, 0x250), (0x370, 0x530), (0x1E00, 0x1F00))
              for c in range(lo, hi) if (chr(c).isupper() if upper else chr(c).islower())]
    runs: list[list[int]] = []
    for c in points:
        if runs and c == runs[-1][1] + 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs)


_UP = _letter_class(True)
_LOW = _letter_class(False)


def _letters(pattern: str) -> str:
    """`pattern` with its `[A-Z]` and `[a-z]` standing for any capital and small letter."""
    return pattern.replace("[A-Z]", f"[{_UP}]").replace("[a-z]", f"[{_LOW}]")


def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(_letters(pattern), flags)

SPEECH_VERBS = (
    "said", "says", "say", "told", "tells", "added", "adds", "stressed", "stresses", "noted", "notes",
    "explained", "insisted", "claimed", "stated", "states", "declared", "announced", "warned", "argued",
    "wrote", "writes", "asked", "replied", "responded", "continued", "concluded", "confirmed", "denied",
    "admitted", "acknowledged", "suggested", "remarked", "commented", "observed", "emphasized",
    "emphasised", "reiterated", "recalled", "tweeted", "posted", "dismissed", "called", "described",
    "branded", "insists", "claims", "maintained", "maintains", "urged", "vowed", "pledged", "predicted",
    "went on to say", "went on", "was quoted as saying", "were quoted as saying",
    # Russian, as TASS and RIA Novosti write it ("Дмитрий Песков заявил: «...»")
    "заявил", "заявила", "заявили", "сказал", "сказала", "сообщил", "сообщила", "сообщили", "отметил", "отметила",
    "подчеркнул", "подчеркнула", "добавил", "добавила", "пояснил", "пояснила", "говорит", "признал", "признала",
)
# Verbs that say someone spoke only beside the quote ("Mr Carman intervened: '...'", "'...,' she
# joked"), not in a sentence before it ("Frank Dobson, who intervened in the case, should ...").
INTRO_VERBS = (
    "intervened", "interrupted", "carried on", "shouted", "exclaimed", "whispered", "joked", "quipped",
    "testified", "pleaded", "protested", "retorted", "snapped", "boasted", "complained", "conceded",
    "countered", "cried", "screamed", "yelled", "sobbed", "recounted",
)


def _alternation(verbs) -> str:
    return "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in sorted(verbs, key=len, reverse=True))


_VERB = _alternation(SPEECH_VERBS)
_ANY_VERB = _alternation(SPEECH_VERBS + INTRO_VERBS)
_QUOTED_BY = r"(?:was|were)\s+quoted\s+(?:by\s+[^,.;]{1,60}?\s+)?as\s+saying"

TITLE_WORDS = frozenset(
    ["sheriff", "commissioner", "councillor", "councilor", "councilman", "councilwoman", "assemblyman",
     "assemblywoman", "treasurer", "comptroller", "speaker", "premier", "rabbi", "imam", "sheikh", "cardinal", "ayatollah",
     "emir", "brigadier", "corporal", "private", "marshal", "trooper", "insp", "supt", "det", "agent", "coroner", "magistrate", "solicitor",
     "barrister", "counsel", "consul", "delegate", "supervisor", "warden", "trustee", "nurse", "doctor", "pastor",
     "executive", "operating", "managing", "financial", "economist", "strategist", "analyst", "editor", "founder",
     "co-founder", "republican", "republicans", "democrat", "democrats", "democratic", "labour", "tory", "conservative",
     "liberal", "iraqi", "afghan", "saudi", "egyptian", "indian", "japanese", "korean", "pakistani", "palestinian",
     "lebanese", "jordanian", "qatari", "emirati", "canadian", "australian", "mexican", "brazilian", "italian", "spanish",
     "polish", "dutch", "belgian", "swedish", "norwegian", "danish", "finnish", "greek", "irish", "scottish", "welsh",
     "kurdish", "yemeni", "libyan", "nigerian", "kenyan", "european", "venezuelan", "colombian", "argentine", "cuban",
     "hungarian", "czech", "austrian", "swiss", "serbian", "belarusian", "armenian", "taiwanese", "vietnamese", "thai",
     "filipino", "indonesian", "malaysian", "ethiopian", "sudanese", "somali", "algerian", "moroccan", "tunisian",
     "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "president", "vice", "prime", "minister", "secretary", "press", "spokesman", "spokeswoman", "spokesperson", "colonel", "col", "lieutenant", "lt", "general", "gen", "major", "maj", "captain", "capt", "capitan", "sergeant", "sgt", "admiral", "adm", "commander", "cmdr", "navy", "army", "air", "force", "marine", "marines", "senator", "sen", "representative", "rep", "congressman", "congresswoman", "governor", "gov", "mayor", "judge", "justice", "chancellor", "king", "queen", "prince", "princess", "pope", "father", "rev", "reverend", "bishop", "archbishop", "chief", "deputy", "acting", "foreign", "defense", "defence", "interior", "finance", "health", "state", "attorney", "white", "house", "pentagon", "kremlin", "department", "ministry", "officer", "director", "chairman", "chairwoman", "chair", "ceo", "ambassador", "envoy", "detective", "inspector", "superintendent", "constable", "pc", "dc", "di", "dci", "qc", "mp", "dad", "mum", "mother", "brother", "sister", "coach", "manager", "leader", "official", "head", "u.s.", "us", "uk", "eu", "un", "nato", "russian", "american", "british", "syrian", "french", "german", "chinese", "turkish", "iranian", "israeli", "ukrainian", "of", "the", "for", "and", "spokes", "pentagon's", "white", "house's"]
)
_HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof", "professor"])
# Words of `TITLE_WORDS` that are surnames after an honorific ("Mr White", "Mrs King")
_SURNAME_TITLES = frozenset(["white", "king", "major", "prince", "bishop", "marshal", "chancellor", "judge", "sheriff",
                             "speaker", "warden", "constable", "house", "pope", "chambers", "coach", "nurse", "mayor"])
_PARTICLES = frozenset(["al", "al-", "bin", "ibn", "de", "del", "della", "der", "di", "van", "von", "la", "le", "da", "dos", "du"])
PRONOUNS = {"he": "person", "she": "person", "they": "any", "it": "organization", "we": "any", "i": "person"}
_PRONOUN_WORDS = frozenset([*PRONOUNS, "you", "his", "her", "its", "their", "our", "my", "this", "that"])
ORG_HEADS = frozenset(
    ["ministry", "department", "office", "agency", "government", "military", "army", "navy", "police", "court", "council", "commission", "committee", "company", "coalition", "embassy", "administration", "service", "forces", "command", "headquarters", "authority", "authorities", "pentagon", "kremlin", "house", "parliament", "party", "union", "organisation", "organization", "group", "force", "staff"]
)
# Head nouns of an institution's proper name ("Central Bank", "Supreme Court", "Scotland Yard").
_INSTITUTION_HEADS = ORG_HEADS | frozenset(
    ["bank", "fund", "university", "institute", "foundation", "association", "federation", "league", "corporation",
     "assembly", "senate", "congress", "cabinet", "presidency", "bureau", "board", "secretariat", "consulate",
     "brigade", "battalion", "guard", "guards", "yard", "hospital", "college", "society", "trust", "charity",
     "airlines", "airways", "network", "inc", "ltd", "plc"])
_NAME_CONNECTORS = frozenset(["of", "for", "and", "on"])
_NAME_OF = re.compile(r"(.+?)\s+(?:of|at|from)\s+\S")
# Words opening an aside between a speaker and the verb ("speaking in Brussels", "in a statement").
_ASIDE_WORDS = frozenset(["speaking", "writing", "adding", "citing", "referring", "responding", "asked", "in", "at",
                          "on", "during", "after", "before", "according", "from", "with", "without", "by", "to", "via",
                          "through", "today", "yesterday", "sitting", "of"])
ROLE_HEADS = frozenset(
    ["spokesman", "spokeswoman", "spokesperson", "minister", "secretary", "president", "official", "officials", "officer", "source", "sources", "chief", "director", "judge", "prosecutor", "lawyer", "adviser", "advisor", "analyst", "expert", "diplomat", "commander", "general", "colonel", "captain", "ambassador", "envoy", "leader", "head", "chairman", "chairwoman", "governor", "mayor", "senator", "witness", "resident", "residents", "police"]
)
_ACRONYM = _rx(r"[A-Z]{2,6}")
# What may stand before a sentence's first word (a wire's rule of dashes, METER's \x19 marks)
_SENTENCE_LEAD = r"[\s\-–—=_<>\x19*]*"
# After a name, an apposition or a verb in the active voice ("Smith, 45,", "Smith today ruled",
# not "Smith was jailed")
_ACTIVE_AFTER = r"(?=\s*,|\s+(?!(?:was|were|is|are|had\s+been|has\s+been)\s)(?:\w+ly\s+)?[a-z])"
# A sentence opening with a name (after an opening clause, perhaps), then one of those
_OPENING_NAME = _rx(_SENTENCE_LEAD + r"(?:(?:After|Before|When|While|As|Asked|Later|Earlier|Outside|In)\b"
                    r"[^,.;:“”\"]{0,60},\s+)?(?P<np>(?:[A-Z][\w’'\-]*\.?\s+){0,4}[A-Z][\w’'\-]*)" + _ACTIVE_AFTER)
# A sentence opening with a description, then a name ("Lockerbie trial judge Lord Sutherland today
# ruled", "Liverpool goalkeeper Bruce Grobbelaar told"), the description's last word checked apart
_DESCRIBED_OPENING = _rx(_SENTENCE_LEAD + r"(?!(?:The|A|An)\s)[A-Z][\w’'\-]*\s+(?:[a-z][\w\-]*\s+){0,2}"
                         r"(?P<what>[a-z][\w\-]*)\s+(?P<np>(?:[A-Z][\w’'\-]*\.?\s+){1,4}[A-Z][\w’'\-]*)" + _ACTIVE_AFTER)
_OPENING_PRONOUN = re.compile(_SENTENCE_LEAD + r"(?:he|she|they|it|we)\b", re.IGNORECASE)
_RELATIVE = re.compile(r",\s+(?:who|whose|which)\s")
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|whose|which)\s[^,]*,\s*(?=\S)")  # one that closes before the verb
_DEFINITE = re.compile(r"\s*the\s", re.IGNORECASE)
_CAPITALISED_RUN = _rx(r"[A-Z][\w’'\-]*\.?(?:\s+[A-Z][\w’'\-]*\.?)*")
_RUN_WORDS = 6  # the last words of a run of capitalised ones that may be a name and its titles
# Last words of the names of places, not people ("Gatwick Airport", "Downing Street")
_PLACE_HEADS = frozenset(["airport", "station", "hotel", "stadium", "prison", "hall", "centre", "center", "school",
                          "church", "street", "road", "avenue", "square", "lane", "park", "bridge", "court", "house"])
_DESCRIPTION_WORDS = 4  # words before a name that may describe the person ("Liverpool goalkeeper")
# Words of a description that say nothing of whom it describes
_DESCRIPTION_STOP = frozenset(["the", "a", "an", "of", "for", "and", "or", "his", "her", "their", "its", "to", "in", "at",
                               "on", "by", "with", "mr", "mrs", "ms", "miss", "dr"])
# An opening participle clause ("Quizzed by", "Re-examined by his own counsel", "Sentencing Coleman")
_PARTICIPLE = _rx(r"(?:[A-Z][a-z]*-)?[A-Z][a-z]{2,}(?:ed|ing)")
_MAX_NP = 120
_REPORTED_WINDOW = 700  # characters before a quote in which a pronoun's speaker is looked for
# Participles opening a clause before the subject ("Sentencing Coleman, Mr Justice Moreland said")
_OPENING_CLAUSE = frozenset(["sentencing", "delivering", "giving", "passing", "summing", "jailing", "addressing",
                             "opening", "closing", "describing", "explaining", "ruling", "adjourning", "welcoming",
                             "announcing", "outlining", "launching", "reacting", "praising", "criticising",
                             "criticizing", "defending", "introducing", "unveiling", "commenting", "discussing"])
_SUBJECT_WORDS = 10  # words before a sentence's speech verb beyond which they are more than its subject
_INVERTED_WORDS = 6  # a sentence's first clause longer than this before ", said X" is what X said
# Words that say a person is a man or a woman, where they stand before or beside the name
_GENDER_WORDS = {
    **dict.fromkeys(["mr", "mister", "sir", "lord", "king", "prince", "father", "husband", "son", "brother", "uncle",
                     "grandfather", "boyfriend", "spokesman", "chairman", "businessman", "policeman", "man", "boy",
                     "congressman", "actor", "duke", "baron"], "m"),
    **dict.fromkeys(["mrs", "ms", "miss", "madam", "lady", "dame", "queen", "princess", "mother", "wife", "daughter",
                     "sister", "aunt", "grandmother", "girlfriend", "spokeswoman", "chairwoman", "businesswoman",
                     "policewoman", "woman", "girl", "congresswoman", "actress", "duchess", "baroness", "mum",
                     "mother-of-two", "mother-of-three"], "f"),
}
_GENDER_TITLES = frozenset(["mr", "mister", "sir", "lord", "king", "prince", "duke", "baron", "mrs", "ms", "miss",
                            "madam", "lady", "dame", "queen", "princess", "duchess", "baroness"])
_PRONOUN_GENDER = {"he": "m", "she": "f"}
_QUOTE_MARK = re.compile(r"[\"“”«»„`]|''")
_NOT_NAMES = frozenset(["when", "where", "while", "after", "before", "as", "if", "then", "asked", "according", "following", "however", "meanwhile", "but", "and", "also", "separately", "earlier", "later", "responding", "speaking"])
# Words that start a sentence capitalised before a name ("Yesterday Amor said", "But Roberts
# said"): never a first name.
_LEADING_WORDS = frozenset(["yesterday", "today", "tonight", "tomorrow", "now", "then", "so", "still", "there", "here",
                            "this", "that", "these", "those", "his", "her", "their", "its", "our", "my", "in", "on", "at",
                            "by", "from", "with", "for", "to", "or", "if", "even", "only", "just", "last", "next",
                            "outside", "inside", "yet"]) | _NOT_NAMES
_POSSESSIVE = re.compile(r"['’]s?$")
_NAME_TOKEN = _rx(r"(?:[A-Z][\w’'\-]*\.?|[A-Z]\.|[ae]l-[A-Z][\w\-]*\.?)")
# After a name: honours, offices and generations ("Alun Jones QC", "Martin Luther King Jr.").
_POST_NOMINALS = frozenset(["qc", "kc", "mp", "mep", "msp", "obe", "mbe", "cbe", "kbe", "dbe", "phd", "jr", "sr", "ii", "iii"])
# The shape of a word for an occupation or a description ("Prosecutor", "Neurosurgeon",
# "Headmaster", "Eyewitness", "Economist", "DJs"), tried on a word opening a sentence before
# two name words; few first names have it (not "-an": Brian, Juan; "-ed": Ahmed; "-il": Sunil;
# "-ee": Lee).
_OCCUPATION = _rx(r"(?:[a-z](?:er|or|ist|eer|ess|eon|ant|woman|sman|eman)|[A-Z]s)$")
# A hyphenated description before a name ("Tense-looking", "Scottish-born", "Ex-minister").
_DESCRIPTION = _rx(r"[A-Z][a-z]+-[a-z][\w\-]*")


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved speaker: a canonical name and its kind."""

    name: str
    kind: SpeakerKind
    roles: frozenset[str] = frozenset()


@dataclass
class _DocSpeakers:
    """What the article has said about people and institutions, as the resolver reads on."""

    history: list[Speaker] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)  # where each of `history` was named


def _words(s: str) -> list[str]:
    return re.findall(r"[\w’'.\-]+", s)


def person_name(np: str) -> str | None:
    """The person named at the end of a noun phrase, titles and roles stripped, or None.

    The name is the run of capitalised words ending the phrase, after its last title ("Master
    of the Rolls Lord Woolf" -> Woolf) and without post-nominals ("Alun Jones QC" -> Alun
    Jones); a possessive ends the run ("Russia's Vladimir Putin"). Up to three name words
    ("Recep Tayyip Erdoğan", "Kim Jong Un"): the first of three is dropped where the phrase
    shows it is not a name (in capitals, "NATO John Smith"; a hyphenated description,
    "Tense-looking Neil Hamilton"), and so is the first of the last three of a longer run.
    `SpeakerResolver` drops more such words from what the article says elsewhere."""
    tokens = _words(np)
    while tokens and tokens[-1].lower().rstrip(".") in _POST_NOMINALS:
        tokens = tokens[:-1]
    run: list[str] = []
    for tok in reversed(tokens):
        if _POSSESSIVE.search(tok) or tok.lower() in _PRONOUN_WORDS:
            break
        if _NAME_TOKEN.fullmatch(tok) or (run and tok.lower() in _PARTICLES):
            run.append(tok)
        else:
            break
    run.reverse()
    if run and all(t.lower().rstrip(".") in TITLE_WORDS for t in run):
        if len(run) > 1 and run[-2].lower().rstrip(".") in _HONORIFICS and run[-1].lower() in _SURNAME_TITLES:
            return run[-1]  # "Mr White", "Mr Major"
        return None
    # the name starts after the run's last title (or last word ending a sentence: "Cutler. Noel")
    cut = max((k + 1 for k, t in enumerate(run[:-1]) if _not_name(t)), default=0)
    longer = len(run) - cut > 3
    run = run[cut:][-3:]
    while run and run[0].lower() in _PARTICLES:
        run = run[1:]
    if len(run) == 3 and not (len(run[1].rstrip(".")) == 1 or run[1].lower() in _PARTICLES) and (
            longer or (run[0].isupper() and not run[1].isupper()) or _DESCRIPTION.fullmatch(run[0])):
        run = run[1:]
    if not run:
        return None
    if len(run[-1]) > 2 and run[-1].endswith(".") and run[-1].lower() not in _POST_NOMINALS:
        run[-1] = run[-1][:-1]  # the sentence's full stop after a short surname ("said Tim Cook.")
    name = " ".join(run)
    if name.isupper() and len(name) > 4:
        name = name.title()
    return name


def _not_name(token: str) -> bool:
    """A title ("Secretary-General" too), or a word ending a sentence (not an initial, not "St.");
    not a particle of a name ("Di María"; "DI Smith" is a detective inspector)."""
    if token.lower() in _PARTICLES and not token.isupper():
        return False
    return (all(t in TITLE_WORDS for t in token.lower().rstrip(".").split("-"))
            or (token.endswith(".") and len(token) > 3))


def _person_in(parts: list[str]) -> str | None:
    """The person an appositive phrase names: a part that is only a name ("Sally Greengross,
    director general of Age Concern England"), else the name ending the last part that has
    one ("a spokesman for the coalition, Colonel John Dorrian"). A full name before "of" or
    "at" is the person, not what follows ("Greg McBride of Bankrate")."""
    for p in parts:
        name = person_name(p)
        if name and name.lower() not in _NOT_NAMES and _only_name(p):
            return name
        m = _NAME_OF.match(p)
        name = person_name(m.group(1)) if m and _only_name(m.group(1)) else None
        if name and len(name.split()) >= 2 and not any(w.lower() in TITLE_WORDS | ROLE_HEADS for w in name.split()):
            return name
    for p in reversed(parts):
        name = person_name(p)
        if name and name.lower() not in _NOT_NAMES:
            return name
    return None


def _institution_name(part: str) -> str | None:
    """The institution a phrase ends by naming, or None: a run of capitalised words ending in
    an institution's head noun ("Norland Central Bank", "Black Police Association") or
    holding one followed by "of" ("Bank of England", "Royal College of Nursing")."""
    tokens = _words(part)
    run: list[str] = []
    for tok in reversed(tokens):
        if tok[:1].isupper() or (run and tok.lower() in _NAME_CONNECTORS):
            run.append(tok)
        else:
            break
    run.reverse()
    while run and run[0].lower() in _NAME_CONNECTORS:
        run = run[1:]
    low = [t.lower().rstrip(".,") for t in run]
    if low and (low[-1] in _INSTITUTION_HEADS or any(w in _INSTITUTION_HEADS and nxt == "of" for w, nxt in pairwise(low))):
        return " ".join(run).rstrip(".,")
    return None


def _only_name(part: str) -> bool:
    tokens = _words(part)
    return bool(tokens) and all(_NAME_TOKEN.fullmatch(t) or t.lower() in _PARTICLES for t in tokens)


def _role_words(np: str) -> frozenset[str]:
    return frozenset(w.lower().strip(".,") for w in _words(np) if w.lower().strip(".,") in ROLE_HEADS | ORG_HEADS)


def _clean_np(np: str) -> str:
    np = re.sub(r"\s*\([^()]{0,40}\)", "", np)  # "Elizabeth Warren (D-Mass.)", "John Smith (pictured)"
    np = np.strip(" \t\r\n,;:–—-<>\x19")
    np = re.sub(r"^(?:the|a|an|and|but|as|while|then|meanwhile)\s+", "", np, flags=re.IGNORECASE)
    return np.strip()


class SpeakerResolver:
    """Resolves the speaker phrases of one article, in reading order."""

    def __init__(self, an: Analyzed, registry: OutletRegistry) -> None:
        self.an = an
        self.registry = registry
        self.state = _DocSpeakers()
        self._lower: dict[str, bool] = {}  # see `_written_lower`
        self._by_surname: dict[str, list[tuple[int, str, frozenset[str]]]] = {}  # see `_mentions`
        self.quote_open: int | None = None  # the opening mark of the quote being attributed
        self._looking_back = False  # see `_pronoun`
        self._gender: dict[str, str] = {}  # person -> "m", "f" (a title or noun says: "Mrs", "mother") or "?"
        self.floor = -1  # where the previous quote closed: a pronoun looks back no further

    def _written_lower(self, word: str) -> bool:
        """Whether the article writes `word` in lower case somewhere."""
        low = word.casefold()
        if low not in self._lower:
            self._lower[low] = re.search(rf"(?<![\w’'\-]){re.escape(low)}(?![\w’'\-])", self.an.doc.text) is not None
        return self._lower[low]

    def _trim(self, name: str, at: int) -> str:
        """`name`, found at or after offset `at`, without the leading words that are not names:
        `_LEADING_WORDS`; a word the article writes in lower case elsewhere where it opens a
        sentence ("Thrilled Noel"), is in capitals (a slug: "(HHH) COURTS Hamilton") or opens
        three name words ("Billionaire Elon Musk ... the billionaire"); the first of three
        words whose last two the article writes without it ("Prosecutor Paul Sloan ... Paul
        Sloan, prosecuting") or that open a sentence with a word shaped like an occupation
        ("Neurosurgeon Brian Simpson said"; "Kim Jong Un said" keeps Kim). A first name in
        capitals, as tabloids start their stories ("DAVID Irving"), comes in title case."""
        tokens = name.split()
        text = self.an.doc.text
        start = text.find(tokens[0], at)
        k = start - 1
        while k >= 0 and (text[k] in " \t" or (text[k] < " " and text[k] not in "\r\n")):  # METER's \x19
            k -= 1
        opens = start >= 0 and (k < 0 or text[k] in ".!?:\"“”'‘’\r\n<>([—–")  # it starts a sentence, a line or an aside
        while len(tokens) > 1 and len(tokens[1].rstrip(".")) > 1 and (tokens[0].casefold() in _LEADING_WORDS or
                                   ((opens or tokens[0].isupper() or len(tokens) > 2) and self._written_lower(tokens[0]))):
            tokens = tokens[1:]
            opens = False
        if len(tokens) == 3 and tokens[1].lower() not in _PARTICLES and len(tokens[1].rstrip(".")) > 1 and (
                (opens and _OCCUPATION.search(tokens[0])) or self._named_without(tokens[0], " ".join(tokens[1:]))):
            tokens = tokens[1:]
        if len(tokens) > 1 and tokens[0].isupper() and len(tokens[0]) > 3 and not tokens[1].isupper():
            tokens[0] = tokens[0].title()
        return " ".join(tokens)

    def _named_without(self, first: str, rest: str) -> bool:
        """Whether the article names `rest` somewhere without `first` before it ("Prosecutor
        Paul Sloan" where it also says "Paul Sloan, prosecuting"): then `first` is no name."""
        for m in re.finditer(rf"(?<![\w’'\-]){re.escape(rest)}(?![\w’'\-])", self.an.doc.text):
            if not re.search(rf"(?<![\w’'\-]){re.escape(first)}\s+$", self.an.doc.text[max(0, m.start() - 40):m.start()]):
                return True
        return False

    def _mentions(self, surname: str) -> list[tuple[int, str, frozenset[str]]]:
        """The full names (two or more name words) in the article that end in `surname`:
        (offset, name, roles before it), outside boilerplate; looked for once per surname, when
        one first needs its full name (most articles' statements never do)."""
        key = surname.casefold()
        if key not in self._by_surname:
            text = self.an.doc.text
            out = []
            for start, end in self._ending_in(key):
                group = text[start:end]
                w = self.an.words.index_at(end - 1)
                if w < len(self.an.boiler) and self.an.boiler[w]:
                    continue  # page furniture: a wire's slug line ("Page 2 (HHH) COURTS Hamilton")
                if group.isupper() and any(self._written_lower(t) for t in group.split()[:-1]):
                    continue  # a headline in capitals ("NURSING COSTS, SAYS RCN"), not "NEIL HAMILTON"
                name = person_name(group)
                name = self._trim(name, start) if name else None
                if name and len(name.split()) >= 2 and name.split()[-1].casefold() == key:
                    before = text[max(0, start - 60):start]
                    out.append((start, name, _role_words(before.split(",")[-1] + " " + group)))
            self._by_surname[key] = out
        return self._by_surname[key]

    @cached_property
    def _capitalised(self) -> list[list[tuple[int, int]]]:
        """The runs of capitalised words in the article, as each word's (start, end)."""
        return [[(m.start() + w.start(), m.start() + w.end()) for w in re.finditer(r"\S+", m.group())]
                for m in _CAPITALISED_RUN.finditer(self.an.doc.text)]

    def _ending_in(self, key: str) -> list[tuple[int, int]]:
        """Spans of one to five capitalised words and then the word `key` (in any case): where
        a surname may end a name ("Mr Neil Hamilton" in "Mr Neil Hamilton QC")."""
        text = self.an.doc.text
        out = []
        for run in self._capitalised:
            for k in range(1, len(run)):
                s, e = run[k]
                core = text[s:e - 1] if text[e - 1] == "." else text[s:e]
                if core.casefold() == key:
                    out.append((run[max(0, k - 5)][0], s + len(core)))
        return out

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.an.sentences]

    @cached_property
    def _institutions(self) -> list[OutletMatch]:
        """The primary sources (ministries, agencies of state) the article names, in order."""
        return [m for m in self.registry.find_all(self.an.doc.text, self.an.doc.content_start)
                if m.outlet.kind == "primary"]

    def known_surname(self, word: str) -> bool:
        """Whether the article names someone in full whose surname `word` is."""
        return bool(self._mentions(word))

    def _full_name(self, surname: str, at: int) -> tuple[str, frozenset[str]] | None:
        best = None
        for offset, name, roles in self._mentions(surname):
            if offset < at or best is None:
                best = (name, roles)
        return best

    def resolve(self, np: str, at: int) -> Speaker | None:
        """The speaker a noun phrase found at offset `at` refers to."""
        low = _pronoun_subject(np)
        if low is not None:
            # "he said"; "Asked about the hotel in Paris, he said": a clause, then the pronoun that speaks
            s = self._pronoun(PRONOUNS[low], at, _PRONOUN_GENDER.get(low))
            # whom it refers to is now the last one speaking
            return self._remember(s, at) if s is not None and not self._looking_back else s
        if _RELATIVE.search(np):
            # "Jonathan Sumption, who defended the decision, said"; "Patsy and Liam, who were at the
            # premiere, would ask her ... Liz replied"; else the name before a long relative clause
            found = self.resolve(_RELATIVE.split(_RELATIVE_CLAUSE.sub(", ", np), maxsplit=1)[0], at)
            return found if found is not None else self.resolve(_RELATIVE.split(np, maxsplit=1)[0], at)
        definite = {_clean_np(x) for x in np.split(",") if _DEFINITE.match(x)}  # "the goalkeeper"
        np = _clean_np(np)
        while len(np) > _MAX_NP and "," in np:
            np = _clean_np(np.split(",", 1)[1])  # keep the part nearest the verb
        if not np or len(np) > _MAX_NP:
            return None
        parts = [p for p in (_clean_np(x) for x in np.split(",")) if p]
        # an aside names no speaker: "Antony Blinken, speaking in Brussels, said"
        # "Neil, 24, from Runcorn, Cheshire, said": the aside and the county after it
        kept = parts[:1]
        for k, (prev, p) in enumerate(pairwise(parts)):
            place = (k > 0 and prev.split(None, 1)[0] in _ASIDE_WORDS and _only_name(p) and len(p.split()) <= 3
                     and not any(w.lower().rstrip(".") in TITLE_WORDS for w in p.split()))
            if p.split(None, 1)[0] not in _ASIDE_WORDS and not place:
                kept.append(p)
        parts = kept
        if len(parts) > 1 and _opens_with_participle(parts[0]):
            # "Sentencing Coleman, Mr Justice Moreland said": who sentenced is the speaker;
            # "Quizzed by Mr Fayed's QC, George Carman, Mr Dodd denied": the last name is
            parts = parts[1:][::-1] if parts[0].split()[1].lower() == "by" else parts[1:]
        # An outlet named as the speaker ("said Reuters") is a citation, not who spoke.
        for p in parts:
            known = self.registry.resolve(p, allow_ambiguous=False)
            if known is not None and not known.is_media:
                return self._remember(Speaker(known.name, "organization"), at)
        for p in parts:
            for m in self.registry.find_all(p):
                if m.outlet.kind == "primary" and m.end - m.start >= 0.6 * len(p):
                    return self._remember(Speaker(m.outlet.name, "organization"), at)
        # "the Norland Central Bank", "a spokesman for the Bank of England": an institution,
        # unless another part names a person ("John Smith, a spokesman for the Met Police")
        named = [(p, _institution_name(p)) for p in parts]
        institutions = [name for _, name in named if name]
        person = _person_in([p for p, name in named if not name])
        if person is None and institutions:
            known = self.registry.resolve(institutions[0], allow_ambiguous=False)
            if known is not None and known.is_media:
                return None
            return self._remember(Speaker(known.name if known else institutions[0], "organization"), at)
        roles = _role_words(np)
        if person is not None:
            name = self._trim(person, at)
            initials = _ACRONYM.fullmatch(name) is not None
            if len(name.split()) == 1 and not initials:
                full = self._full_name(name, at)
                if full is not None:
                    name, more = full
                    roles |= more
            known = self.registry.resolve(name, allow_ambiguous=False)
            if known is not None and known.is_media:
                return None
            if initials:  # "the RCN claims": an institution by its initials
                return self._remember(Speaker(name, "organization", roles), at)
            gender = _gender_of(np, person) or _given_name_gender(name)
            if gender is not None:
                self._gender[name] = gender if self._gender.get(name, gender) == gender else "?"
            return self._remember(Speaker(name, "person", roles), at)
        # the description: "Visibly angry, the goalkeeper replied"
        role = next((p for p in reversed(parts) if p in definite or _head(p) in ROLE_HEADS | ORG_HEADS), parts[0])
        head = _head(role)
        described = (self._described(role, at)
                     if (role in definite or head in ROLE_HEADS) and head not in ORG_HEADS else None)
        if head in ROLE_HEADS or head in ORG_HEADS:
            for s in reversed(self.state.history):
                if head in s.roles or head in s.name.lower().split():
                    return self._remember(s, at)
            if described is not None:
                return self._remember(described, at)
            # "the ministry": the institution of that kind the article names, before or else after.
            mentions = [m for m in self._institutions if head in m.outlet.name.lower().split()]
            earlier = [m for m in mentions if m.start < at]
            chosen = earlier[-1] if earlier else (mentions[0] if mentions else None)
            if chosen is not None:
                return self._remember(Speaker(chosen.outlet.name, "organization"), at)
            kind: SpeakerKind = "organization" if head in ORG_HEADS else "role"
            return self._remember(Speaker(role, kind, roles | {head}), at)
        if described is not None:  # "the goalkeeper replied", after "Liverpool goalkeeper Bruce Grobbelaar"
            return self._remember(described, at)
        return None

    @cached_property
    def _people(self) -> list[tuple[int, str, frozenset[str]]]:
        """The people the article names with two name words or more, in order: (offset, name,
        the words in lower case that describe them before the name, in its part of the
        sentence and the part before: "Liverpool goalkeeper Bruce Grobbelaar", "the Solicitor
        General for Scotland, Mr Colin Boyd QC")."""
        text = self.an.doc.text
        out = []
        for run in self._capitalised:
            if len(run) < 2 or run[0][0] < self.an.doc.content_start:
                continue
            start, end = run[max(0, len(run) - _RUN_WORDS)][0], run[-1][1]
            w = self.an.words.index_at(end - 1)
            if w < len(self.an.boiler) and self.an.boiler[w]:
                continue
            name = person_name(text[start:end])
            name = self._trim(name, start) if name else None
            if not name or len(name.split()) < 2 or _institution_name(name) or _head(name) in _PLACE_HEADS:
                continue
            # the words just before the name, and before a title standing alone in an apposition
            parts = re.split(r"[.;:!?]\s", text[max(0, start - 100):start])[-1].split(",")
            words = [t.lower().strip(".,") for t in _words(parts[-1])][-_DESCRIPTION_WORDS:]
            if len(parts) > 1 and set(words) <= _DESCRIPTION_STOP:
                words += [t.lower().strip(".,") for t in _words(parts[-2])][-_DESCRIPTION_WORDS:]
            words += [t.lower().strip(".,") for t in text[start:end].split()]
            out.append((start, name, frozenset(words) - {t.lower() for t in name.split()} - _DESCRIPTION_STOP))
        return out

    def _described(self, phrase: str, at: int) -> Speaker | None:
        """The person last named before `at` with every word of a description (`phrase`, "the
        Solicitor General", "the goalkeeper") before their name, or None."""
        want = {t.lower().strip(".,") for t in _words(phrase)} - _DESCRIPTION_STOP
        named = _words(phrase)[-1][:1].isupper() if want else False  # its last word capitalised
        if not want or (named and not want <= TITLE_WORDS | ROLE_HEADS):
            return None  # "the Sun": a name, not a description
        found = [(offset, name) for offset, name, words in self._people if offset < at and want <= words]
        return Speaker(found[-1][1], "person", frozenset(want & ROLE_HEADS)) if found else None

    def resolve_named(self, np: str, at: int) -> Speaker | None:
        """`resolve`, where the phrase names a person or an institution; a role it would guess
        from any noun phrase is neither returned nor remembered."""
        known = len(self.state.history)
        s = self.resolve(np, at)
        if s is not None and s.kind == "role":
            del self.state.history[known:], self.state.offsets[known:]
            return None
        return s

    def _remember(self, s: Speaker, at: int) -> Speaker:
        self.state.history.append(s)
        self.state.offsets.append(at)
        return s

    def _pronoun(self, want: str, at: int, gender: str | None = None) -> Speaker | None:
        """Whom a pronoun speaking at `at` refers to: the last speaker of the kind wanted, or,
        where a sentence since (before the quote, after the previous one, in the two sentences
        before it) opens with someone said, told, added..., that someone ("Mr Hulett said that
        the notes told of how he felt. He said: ``...''"), or where the sentence before (or the
        one before sentences opening with a pronoun) opens with a person doing anything ("Lord
        Sutherland today ruled that ... He said: ``...''"). "he" is no one the article calls
        Mrs, mother or spokeswoman, "she" no one it calls Mr, father or spokesman, nor, where
        it gives no such word, anyone whose given name says otherwise ("Jane Smith")."""
        def fits(s: Speaker) -> bool:
            if gender is not None and self._gender.get(s.name, gender) not in (gender, "?"):
                return False
            return want == "any" or s.kind == want or (want == "person" and s.kind == "role")

        last = next((k for k in range(len(self.state.history) - 1, -1, -1) if fits(self.state.history[k])), None)
        if not self._looking_back:
            self._looking_back = True  # a pronoun in such a sentence resolves by the history alone
            known = len(self.state.history)
            hi = self.quote_open if self.quote_open is not None and self.quote_open < at else at
            lo = max(self.state.offsets[last] + 1 if last is not None else 0, self.floor + 1, hi - _REPORTED_WINDOW)
            reported = None
            last_sentence = bisect_left(self._sentence_starts, hi)  # the sentences starting before hi
            through = True  # only pronouns open the sentences between: a person opening one is who
            try:
                for s, e in reversed(self.an.sentences[max(0, last_sentence - 2):last_sentence]):
                    if e <= lo:
                        break
                    reported = _opening_subject(self, max(s, lo), min(e, hi), person=through)
                    if reported is not None:
                        reported = reported if fits(reported) else None
                        break
                    through = through and _OPENING_PRONOUN.match(self.an.doc.text, max(s, lo), e) is not None
            finally:
                del self.state.history[known:], self.state.offsets[known:]
                self._looking_back = False
            if reported is not None:
                return reported
        return self.state.history[last] if last is not None else None


def _gender_of(np: str, person: str) -> str | None:
    """Whether a phrase naming `person` calls them a man or a woman: the nearest gendered word
    of the three before the name in its part of the phrase ("Mrs Holst", "his mother Sharon"),
    else the first in an apposition after it ("Ian Greer, a spokesman for")."""
    parts = [[t.lower().rstrip(".") for t in _words(p)] for p in np.split(",")]
    first = person.split()[0].lower()
    k = max((k for k, p in enumerate(parts) if first in p), default=None)
    if k is None:
        return None
    own = parts[k][:len(parts[k]) - parts[k][::-1].index(first) - 1]  # the words before the name in its part
    for t in reversed(own[-3:]):
        if t.endswith(("'s", "’s")):
            break  # "Mrs Brobbey's solicitor, Judith Gledhill": another person's title
        if t in _GENDER_WORDS:
            return _GENDER_WORDS[t]
    # in an apposition only a noun for the person ("a spokeswoman for"), not another's title
    # ("representing Mrs Coughlan", "head teacher of Sir Henry Floyd Grammar School")
    return next((_GENDER_WORDS[t] for p in parts[k + 1:] for t in p if t in _GENDER_WORDS and t not in _GENDER_TITLES),
                None)


@cache
def _given_names() -> dict[str, str]:
    """Given names that almost always name a man ("m") or a woman ("f"): data/given_names.toml."""
    data = tomllib.loads(resources.files("provenance").joinpath("data/given_names.toml").read_text(encoding="utf-8"))
    return {**dict.fromkeys(data["men"], "m"), **dict.fromkeys(data["women"], "f")}


def _given_name_gender(name: str) -> str | None:
    """Whether a full name's given name says a man or a woman ("Jane Smith"), or None."""
    words = name.split()
    return _given_names().get(words[0].casefold()) if len(words) > 1 else None


def _pronoun_subject(np: str) -> str | None:
    """The pronoun a subject ends in ("he", "Asked about it, she"), in lower case, or None."""
    low = _clean_np(np.rsplit(",", 1)[-1]).lower()
    return low if low in PRONOUNS else None


def _head(phrase: str) -> str:
    """The last word of a phrase, in lower case."""
    words = _words(phrase)
    return words[-1].lower().strip(".,") if words else ""


def _opening_person(resolver: SpeakerResolver, s: int, e: int) -> Speaker | None:
    """The person a sentence (`text[s:e]`) opens with as the subject of whatever they did
    ("Lord Sutherland today ruled that ...", "Jonathan Sumption QC, acting for the Home
    Secretary, rejected ...", "Lockerbie trial judge Lord Sutherland ruled"), not one something
    was done to ("Smith was jailed")."""
    text = resolver.an.doc.text
    m = _DESCRIBED_OPENING.match(text, s, e)
    what = m.group("what") if m else ""
    if what in _DESCRIPTION_STOP or not (what in ROLE_HEADS or what in TITLE_WORDS or _OCCUPATION.search(what)):
        m = _OPENING_NAME.match(text, s, e)  # not "Magistrates heard Mr Smith say"
    if m is None:
        return None
    words = m.group("np").split()
    if words[0].lower() in _LEADING_WORDS | {"the", "a", "an"} or _opens_with_participle(m.group("np") + " x"):
        return None  # "The Oasis star said", "After the case Miss Hunter", "Sentencing Coleman, ..."
    if len(words) == 1 and not resolver.known_surname(words[0]):
        return None  # "Magistrates heard", "Although he had": a word, not a name the article gives
    found = resolver.resolve_named(m.group("np"), s)
    return found if found is not None and found.kind == "person" else None


def _opens_with_participle(part: str) -> bool:
    """Whether a phrase is an opening clause: a participle and a word in lower case
    ("Quizzed by", "Sentencing Coleman")."""
    words = part.split()
    return len(words) > 1 and (words[0].lower() in _OPENING_CLAUSE or (
        _PARTICIPLE.fullmatch(words[0]) is not None and words[1][:1].islower()))


def _names_no_one(subject: str) -> bool:
    """A subject with no word, or a word that is no one ("However", "Meanwhile")."""
    return not re.search(r"\w", subject) or subject.strip().lower() in _NOT_NAMES


def _opening_subject(resolver: SpeakerResolver, s: int, e: int, person: bool = False) -> Speaker | None:
    """The speaker a sentence (`text[s:e]`) opens with, when its first verb is a speech verb
    ("Lady Kennedy said that ...", "In her statement, Mrs Holst described how ..."); None when
    it opens otherwise or holds a quote before that verb. `person`: else the person it opens
    with (`_opening_person`)."""
    text = resolver.an.doc.text
    verb = _BEFORE_VERB.search(text, s, e)
    if verb is None:
        return _opening_person(resolver, s, e) if person else None
    subject = _RELATIVE.split(_RELATIVE_CLAUSE.sub(", ", text[s:verb.start()]), maxsplit=1)[0]
    if _QUOTE_MARK.search(subject) or _PASSIVE.search(subject.rstrip()):
        return None
    if subject.rstrip().endswith(",") and len(subject.split(",", 1)[0].split()) > _INVERTED_WORDS:
        # a clause, then who said it: "... was exposed by The Sun, said the newspaper's QC, George Carman."
        after = re.split(r"[.;:!?]\s|[.;:!?]$", text[verb.end():e], maxsplit=1)[0]
        if _QUOTE_MARK.search(after) or _NOT_INVERTED.match(after):
            return None  # "..., a woman of 20, complained that he had raped her": no one after the verb
        return resolver.resolve(after, verb.end())
    if _pronoun_subject(subject) is not None:
        return resolver.resolve(subject, s)  # "Tagg had calmed down, he said": the pronoun is who
    if person and len(subject.split()) > _SUBJECT_WORDS and not _only_name(_clean_np(subject.rsplit(",", 1)[-1])):
        # more than a subject before the verb: "Mr Hampton, for the defendants, was making his
        # closing submission in Mr Irving's action against Deborah Lipstadt over claims ..."
        found = _opening_person(resolver, s, e)
        if found is not None:
            return found
    # "Jonathan Sumption QC, acting for the Home Secretary, rejected ... and insisted that"
    found = None if _names_no_one(subject) else resolver.resolve(subject, s)
    return found or (_opening_person(resolver, s, e) if person else None)


# --- attribution patterns ------------------------------------------------------------------

# A noun-phrase character, or an abbreviation with its dot (Col. John Dorrian, U.S. officials).
_NP_CHAR = _letters(r"(?:(?:\b[A-Z][a-z]{0,3}|\b[A-Z]\.[A-Z])\.\s*|[^,.;:“”\"«»])")
_AFTER_VERB_NP = re.compile(rf"^[\s,.;]*(?:{_ANY_VERB})\s+(?P<np>{_NP_CHAR}{{1,80}}?)\s*(?:[,.;:]|$|\s(?:on|in|at|during|after|before|to|that|who|when|while)\b)")
# An adverb between a speaker and the verb: "Peskov also said", "Churchill famously said" (a
# list, not any word ending in -ly: "Kelly's family said" is the family's words)
_ADVERBS = ("also", "later", "earlier", "then", "again", "once", "already", "often", "further", "previously",
            "recently", "subsequently", "initially", "finally", "repeatedly", "frequently", "reportedly", "allegedly",
            "apparently", "famously", "publicly", "privately", "openly", "separately", "additionally", "officially",
            "formally", "personally", "directly", "immediately", "firmly", "flatly", "bluntly", "angrily", "calmly",
            "quietly", "softly", "simply", "briefly", "candidly", "jokingly", "defiantly", "tearfully", "emotionally")
_ADVERB = rf"(?:{_alternation(_ADVERBS)})\s+"
_AFTER_NP_VERB = re.compile(rf"^[\s,]*(?P<np>[^;:“”\"«»]{{1,120}}?)\s+(?:{_QUOTED_BY}|(?:had\s+|has\s+|{_ADVERB})?(?:{_ANY_VERB}))\b")
# A dash after a quote: its speaker follows (`"..." — John Smith, mayor`, `«...», — заявил ...`).
_DASH_AFTER = re.compile(r"^[\s,]*(?:—|–|--)[ \t]*")
_DASH_NP = re.compile(r"^(?P<np>[^,.;:“”\"«»\n]{2,80}?)\s*(?:[,.;:\n]|$)")
# After the verb of an inverted sentence, a word in lower case that does not open a noun phrase
_NOT_INVERTED = _rx(r"\s*(?!(?:the|a|an|his|her|their|its)\b)[a-z]")
# `"...' entries in a book, where Mr Hamilton is said to have`: hearsay in the passive, no speaker.
_PASSIVE = re.compile(r"\b(?:is|was|are|were|be|been|being)$", re.IGNORECASE)
# `X dismissed it as ...`: the verb has an object of its own, so the quote before it is not X's words.
_OBJECT_AFTER = re.compile(r"\s+(?:it|this|that|them|these|those|the\s+claims?|the\s+reports?)\b")
_ACCORDING = re.compile(r"according\s+to\s+(?P<np>[^,.;:“”\"«»]{1,80}?)\s*(?:,|$)", re.IGNORECASE)
# After a quote: `"...," according to Greg McBride of Bankrate.`
_ACCORDING_AFTER = re.compile(r"^[\s,]*according\s+to\s+(?P<np>[^,.;:“”\"«»]{1,80}?)\s*(?:[,.;:]|$)", re.IGNORECASE)
_BEFORE_VERB = re.compile(rf"\b(?:{_QUOTED_BY}|(?:{_ADVERB}|had\s+|has\s+)?(?:{_VERB})|(?:{_alternation(INTRO_VERBS)})(?=[\s,:]*$))\b")
_SUBJECT_START = re.compile(r"(?:^|[.;:!?][”\"’'`]*\s+|,\s+(?:and|but|while)\s+|\b(?:and|but|as|while|after|when|however|meanwhile)\s+)", re.IGNORECASE)


def _sentence_start(an: Analyzed, offset: int) -> int:
    for s, e in an.sentences:
        if s <= offset < e:
            return s
    for s, e in an.paragraphs:
        if s <= offset < e:
            return s
    return an.doc.content_start


def _sentence_end(an: Analyzed, offset: int) -> int:
    for s, e in an.sentences:
        if s <= offset < e:
            return e
        if s > offset:
            return s
    return len(an.doc.text)


def attribute(an: Analyzed, quotes: list[Quote], registry: OutletRegistry) -> list[Speaker | None]:
    """The speaker of each quote (None when the text does not say)."""
    text = an.doc.text
    resolver = SpeakerResolver(an, registry)
    out: list[Speaker | None] = []
    prev_para = -2
    prev_speaker: Speaker | None = None
    for k, q in enumerate(quotes):
        para = an.paragraph_at(q.open_mark)
        ps, pe = an.paragraphs[para] if para >= 0 else (q.open_mark, q.end)
        next_open = quotes[k + 1].open_mark if k + 1 < len(quotes) and quotes[k + 1].open_mark < pe else pe
        after_start = (q.close_mark + 1) if q.close_mark is not None else q.end
        if q.close_mark is not None and text.startswith("''", q.close_mark):
            after_start += 1  # TeX's two-character closing mark
        after = text[after_start:min(next_open, _sentence_end(an, after_start), after_start + 160)]
        sent = max(_sentence_start(an, q.open_mark), ps)
        interrupted = k > 0 and quotes[k - 1].close_mark is not None and quotes[k - 1].close_mark >= sent
        if interrupted:
            sent = quotes[k - 1].close_mark + 1  # the words since the previous quote
        before = text[sent:q.open_mark]
        speaker = None
        resolver.quote_open = q.open_mark
        if k:
            prev = quotes[k - 1]
            resolver.floor = prev.close_mark if prev.close_mark is not None else prev.end
        embedded = bool(re.search(r"\w", before))
        if embedded:
            speaker = _from_before(resolver, text, before, q.open_mark - len(before))
            if speaker is None and interrupted and before.rstrip().endswith(","):
                # `'And since when,' retorted Mr Carman, 'did ...'`: one quote, its speaker between
                speaker, _ = _verb_after(resolver, before, q.open_mark - len(before))
            if speaker is None and interrupted and _BEFORE_VERB.search(before) is None:
                # "Mr White said he ``very rarely drank'' and might have a glass ``from time to time''"
                speaker = out[-1]
        said_after = False
        if speaker is None:
            speaker, said_after = _from_after(resolver, after, after_start)
        if speaker is None and not embedded and para > 0:
            # `X said:` closing the previous paragraph introduces this one.
            prev_s, prev_e = an.paragraphs[para - 1]
            prev_text = text[prev_s:prev_e].rstrip()
            if prev_text.endswith(":") and not re.search(r"[“”\"«»]", prev_text[-3:]):
                start = _sentence_start(an, prev_e - 1)
                speaker = _from_before(resolver, text, text[start:prev_e].rstrip()[:-1], start)
        if speaker is None and prev_speaker is not None and para - prev_para <= 1 and not embedded and not said_after:
            speaker = prev_speaker  # a quote continuing the previous speaker (not one another speaker is said to say)
        if speaker is None and not embedded and not said_after and para > 0 and not text[ps:q.open_mark].strip() \
                and (k == 0 or quotes[k - 1].open_mark < an.paragraphs[para - 1][0]):
            # a paragraph opening with a quote no one is said to say, after one without quotes
            # reporting what someone said: "Mr Smith said the company would appeal." / "``We
            # did nothing wrong.''"
            speaker = _reported_before(resolver, an, para - 1)
        out.append(speaker)
        if speaker is not None:
            prev_speaker, prev_para = speaker, para
        elif para != prev_para:
            prev_speaker = None
    return out


# A sentence that opens by reporting what someone said: "Mr Smith said the company ...", "John
# Farmer, prosecuting, said ...", "She insisted that ..." (its subject, then the verb)
_REPORTING_VERBS = ("said", "says", "told", "added", "insisted", "claimed", "explained", "argued", "warned",
                    "denied", "admitted", "stressed", "maintained", "confirmed", "stated", "declared", "announced")
_REPORTS = re.compile(rf"[\s\x19<]*(?P<np>[^;:“”\"«»,]{{1,60}}?(?:,[^;:“”\"«»,]{{1,40}},)?)\s+(?:{_ADVERB})?"
                      rf"(?:{_alternation(_REPORTING_VERBS)})\b")
# An opening quotation mark: quoted words in a paragraph, found or not (an unclosed one is dropped)
_OPENING_MARK = re.compile(r"(?:^|[\s(\x19<])(?:[“\"«„‘`]|'(?=\w))")


def _reported_before(resolver: SpeakerResolver, an: Analyzed, para: int) -> Speaker | None:
    """Whom the last sentence of paragraph `para` opens by reporting as saying something ("Mr
    Smith said the company had acted lawfully."), if the paragraph quotes no one."""
    text = an.doc.text
    ps, pe = an.paragraphs[para]
    if _OPENING_MARK.search(text, max(0, ps - 1), pe):  # from the character before: a mark opening it
        return None
    start = max(ps, _sentence_start(an, pe - 1))
    m = _REPORTS.match(text, start, pe)
    if m is None or _names_no_one(m.group("np")):
        return None
    return resolver.resolve(m.group("np"), m.start("np"))


def _from_after(resolver: SpeakerResolver, after: str, offset: int) -> tuple[Speaker | None, bool]:
    """The speaker the words after a quote name, and whether they say someone said it (`"...,"
    the air force said`), resolved or not: such a quote does not continue the previous
    speaker's words."""
    dash = _DASH_AFTER.match(after)
    if dash:  # `"..." — John Smith, mayor` or `"..." — the ministry said`
        after, offset = after[dash.end():], offset + dash.end()
    s, said = _verb_after(resolver, after, offset)
    if s is None and dash:
        m = _DASH_NP.match(after)
        if m:  # a name, not "— a view shared by many officials"
            s = resolver.resolve_named(m.group("np"), offset + m.start("np"))
    return s, said


def _verb_after(resolver: SpeakerResolver, after: str, offset: int) -> tuple[Speaker | None, bool]:
    """`"...," according to X`, `"...," said X` or `"...," X said`: the speaker, and whether
    one of them is there."""
    m = _ACCORDING_AFTER.match(after)
    if m:
        return resolver.resolve(m.group("np"), offset + m.start("np")), True
    said = False
    m = _AFTER_VERB_NP.match(after)
    if m:
        said = True
        s = resolver.resolve(m.group("np"), offset + m.start("np"))
        if s is not None:
            return s, True
    m = _AFTER_NP_VERB.match(after)
    if m and not _OBJECT_AFTER.match(after, m.end()) and not _PASSIVE.search(m.group("np")):
        return resolver.resolve(m.group("np"), offset + m.start("np")), True
    return None, said


def _from_before(resolver: SpeakerResolver, text: str, before: str, offset: int) -> Speaker | None:
    """Speaker of a quote embedded in a sentence: `according to X, ... "..."`, or the subject
    of the last speech verb before it (`X said that such claims were "..."`)."""
    according = list(_ACCORDING.finditer(before))
    if according:
        m = according[-1]
        s = resolver.resolve(m.group("np"), offset + m.start("np"))
        if s is not None:
            return s
    for verb in reversed(list(_BEFORE_VERB.finditer(before))):
        np = before[:verb.start()]
        # The subject starts after the last clause boundary before the verb.
        cut = 0
        for b in _SUBJECT_START.finditer(np):
            if b.end() < len(np):
                cut = b.end()
        subject = np[cut:]
        if _names_no_one(subject):
            continue
        s = resolver.resolve(subject, offset + cut)
        if s is not None or _pronoun_subject(subject) is not None:
            return s  # a pronoun no one is known for: not the subject of a verb before it
    return None
