"""Match quotations across documents into quote groups, and describe each variant.

Two quotations are the same quote when, with brackets, ellipses, case, punctuation and
spacing set aside ("airstrikes" = "air strikes"):
- they are short (under `SHORT_QUOTE_WORDS` words) and exactly equal (scare quotes such as
  "rubbish" travel as they are, and must not match inside longer quotes);
- or the shorter lies inside the longer almost letter for letter (a trimmed or lightly
  edited copy: `fuzz.partial_ratio` at least 90, 95 for quotes under 8 words);
- or they share a run of 8 words (a quote put together from sentences of several);
- or at least 70% of the shorter one's words appear in order in the longer, three of them
  content words (two translations of one statement, an internal cut).
Where the text alone is not conclusive (under 8 words, or only the in-order overlap), the
speakers, where both are known, must not be two different people or institutions.
Different statements by one speaker share few words in order and stay apart.

Each occurrence is related to its group's fullest version (the longest): identical,
sub-span, super-span, internal-cut, edited or translation, with word-level differences.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein, MatchingBlock

from .model import QuoteGroup, QuoteOccurrence, QuoteRelation, WordEdit
from .speakers import Speaker
from .text import is_content, words

SHORT_QUOTE_WORDS = 4
_LONG_QUOTE_WORDS = 8
_SHARED_RUN_WORDS = 8
_SUBSPAN_RATIO = 90.0
_SHORT_SUBSPAN_RATIO = 95.0
_MIN_COVER = 0.7
_NEAR_COVER = 0.9
_MIN_COVER_CONTENT = 3
_BRACKETS = re.compile(r"\[[^\]]{0,80}\]")
_ELLIPSIS = re.compile(r"…|\.\s?\.\s?\.")
_NOT_ALNUM = re.compile(r"[\W_]+")
#: A content word held by more quote groups than this ("government", "people") is too common to
#: propose candidates: comparing each quote with every group that has it grows with the square
#: of the corpus. Quotes then meet through their rarer words (or their exact text).
_BLOCKING_GROUPS = 64


@dataclass(frozen=True)
class QuoteInstance:
    """A quotation ready for matching."""

    doc: str
    start: int
    end: int
    text: str
    speaker: Speaker | None
    published: str | None
    norms: tuple[str, ...]  # matching words, brackets and ellipses removed
    squeezed: str  # letters and digits only, case-folded
    has_cut: bool  # holds an ellipsis or a bracketed insertion
    surface: tuple[str, ...]  # all its words, brackets included (identity means these are equal)
    quote: tuple[int, int]  # the whole quotation this unit belongs to

    @classmethod
    def make(cls, doc: str, text: str, start: int, end: int, speaker: Speaker | None,
             published: str | None, quote: tuple[int, int] | None = None) -> QuoteInstance:
        body = text[start:end]
        cleaned = _ELLIPSIS.sub(" ", _BRACKETS.sub(" ", body))
        norms = tuple(words(cleaned).norms)
        squeezed = _NOT_ALNUM.sub("", " ".join(norms))
        return cls(doc, start, end, body, speaker, published, norms, squeezed,
                   bool(_BRACKETS.search(body) or _ELLIPSIS.search(body)), tuple(words(body).norms),
                   quote or (start, end))

    @property
    def size(self) -> int:
        return len(self.norms)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Its distinct matching words."""
        return frozenset(self.norms)

    @cached_property
    def content(self) -> tuple[str, ...]:
        """Its distinct content words, in a fixed order."""
        return tuple(sorted(w for w in self.vocabulary if is_content(w)))


def _speakers_conflict(a: Speaker | None, b: Speaker | None) -> bool:
    if a is None or b is None or a.kind == "role" or b.kind == "role":
        return False
    if a.name.casefold() == b.name.casefold():
        return False
    if a.kind == b.kind == "person":
        # "Pahon" and "Eric Pahon" are one person
        return a.name.split()[-1].casefold() != b.name.split()[-1].casefold()
    return True


def _blocks(a: Sequence[str], b: Sequence[str]) -> list[MatchingBlock]:
    """The runs of words `a` and `b` share in order (an Indel alignment), none empty."""
    return [blk for blk in Indel.opcodes(list(a), list(b)).as_matching_blocks() if blk.size]


def _in_order(short: tuple[str, ...], long: tuple[str, ...],
              blocks: list[MatchingBlock] | None = None) -> tuple[int, int]:
    """(words of `short` matched in order in `long`, how many of them are content words);
    `blocks`: their `_blocks`, when already worked out."""
    matched = content = 0
    for blk in _blocks(short, long) if blocks is None else blocks:
        matched += blk.size
        content += sum(1 for w in short[blk.a:blk.a + blk.size] if is_content(w))
    return matched, content


def same_quote(x: QuoteInstance, y: QuoteInstance) -> bool:
    """Whether two quotations are the same quote (see the module doc for the rule)."""
    if not x.squeezed or not y.squeezed:
        return False
    short, long = (x, y) if (x.size, x.squeezed) <= (y.size, y.squeezed) else (y, x)
    if short.size < SHORT_QUOTE_WORDS:
        return short.squeezed == long.squeezed and not _speakers_conflict(x.speaker, y.speaker)
    if short.size < _LONG_QUOTE_WORDS:
        if _speakers_conflict(x.speaker, y.speaker):
            return False
        core = _core(short.norms)  # "the only Englishman to be so honoured" -> "only ... honoured"
        if len(core) >= SHORT_QUOTE_WORDS - 1 and _partial_ratio(_squeeze(core), long.squeezed,
                                                                   _SHORT_SUBSPAN_RATIO):
            return True
        # every word, in order, with at most two words changed or dropped around them
        return _within_window(short.norms, long.norms, slack=2) and sum(map(is_content, short.norms)) >= 2
    # Eight or more words the same: the text decides, whoever each article says spoke.
    if _partial_ratio(short.squeezed, long.squeezed, _SUBSPAN_RATIO):
        return True
    # The rules below count words of `short` matched in order in `long`: at most those of
    # its words that `long` has at all, which rules most candidates out at once.
    present = sum(1 for w in short.norms if w in long.vocabulary)
    if present < _SHARED_RUN_WORDS and present < _MIN_COVER * short.size:
        return False
    blocks = _blocks(short.norms, long.norms)
    if max((b.size for b in blocks), default=0) >= _SHARED_RUN_WORDS:
        return True  # a sentence taken word for word into a quote put together from several
    matched, content = _in_order(short.norms, long.norms, blocks)
    if matched >= _NEAR_COVER * short.size:
        return True  # nearly every word, in order: an edited copy, however it is attributed
    if _speakers_conflict(x.speaker, y.speaker):
        return False
    return matched >= _MIN_COVER * short.size and content >= _MIN_COVER_CONTENT


def _partial_ratio(a: str, b: str, cutoff: float = 0.0) -> float:
    """`fuzz.partial_ratio`, 0 below `cutoff` (rapidfuzz then stops early); 100 at once when
    one string holds the other; 0 at once when too few of the shorter one's letter triples
    occur in the longer one for any part of it to reach `cutoff` (see `_out_of_reach`)."""
    if a and b and (a in b or b in a):
        return 100.0
    if cutoff > 0 and _out_of_reach(*((a, b) if len(a) <= len(b) else (b, a)), cutoff):
        return 0.0
    return fuzz.partial_ratio(a, b, score_cutoff=cutoff)


_Q = 3  # letters per q-gram in `_out_of_reach`


@lru_cache(maxsize=4096)  # quotes meet again and again: a group's fullest version, the quote being placed
def _qgrams(s: str) -> Counter[str]:
    return Counter(s[i:i + _Q] for i in range(len(s) - _Q + 1))


def _out_of_reach(needle: str, hay: str, cutoff: float) -> bool:
    """Whether no part of `hay` can score `cutoff` against `needle` in `fuzz.partial_ratio`,
    by the q-gram lemma: a part that does is at most d = (1 - cutoff/100) * 2 * len(needle)
    insertions and deletions away from the needle, each of which breaks at most q of the
    needle's q-grams, so at least len(needle) - q + 1 - q * d of them occur in `hay`. Most
    pairs of different quotes fail this count, which costs a fraction of the alignment."""
    d = (1.0 - cutoff / 100.0) * 2 * len(needle) + 1e-6
    need = len(needle) - _Q + 1 - _Q * d
    if need <= 0:
        return False
    grams = _qgrams(needle)
    return sum(map(grams.__getitem__, grams.keys() & _qgrams(hay).keys())) < need


def _core(norms: tuple[str, ...]) -> tuple[str, ...]:
    i, j = 0, len(norms)
    while i < j and not is_content(norms[i]):
        i += 1
    while j > i and not is_content(norms[j - 1]):
        j -= 1
    return norms[i:j]


def _squeeze(norms: tuple[str, ...]) -> str:
    return _NOT_ALNUM.sub("", "".join(norms))


def _within_window(short: tuple[str, ...], long: tuple[str, ...], slack: int) -> bool:
    """All words of `short` appear in order in `long` within a stretch at most `slack` words longer."""
    blocks = _blocks(short, long)
    if sum(b.size for b in blocks) < len(short) - (1 if len(short) >= 5 else 0):
        return False
    span = blocks[-1].b + blocks[-1].size - blocks[0].b
    return span <= len(short) + slack


def relation(x: QuoteInstance, full: QuoteInstance, edits: tuple[WordEdit, ...] | None = None) -> QuoteRelation:
    """How occurrence `x` relates to the fullest version `full` (`edits`: their `word_diff`,
    worked out here only when the wording differs in more than spacing and extent)."""
    if x.surface == full.surface:
        return "identical"
    if x.squeezed == full.squeezed:  # the same words but spacing or a bracketed insertion
        return "edited"
    if x.squeezed in full.squeezed:
        return "sub-span"
    if full.squeezed in x.squeezed:
        return "super-span"
    matched, _ = _in_order(x.norms, full.norms)
    if matched >= 0.9 * x.size and _has_inner_gap(x, full):
        return "internal-cut"
    if edits is None:
        edits = word_diff(full.text, x.text)
    if _substantive_changes(edits) >= max(2, 0.25 * sum(map(is_content, x.norms))):
        return "translation"  # other words for the same statement
    return "edited"


def relate(x: QuoteInstance, full: QuoteInstance) -> tuple[QuoteRelation, float, tuple[WordEdit, ...]]:
    """How occurrence `x` relates to the fullest version `full`: relation, similarity, edits."""
    if x.surface == full.surface:
        return "identical", 1.0, ()
    edits = word_diff(full.text, x.text)
    found = relation(x, full, edits)
    if found in ("sub-span", "super-span") or x.squeezed == full.squeezed:
        return found, 1.0, edits
    window = _aligned_window(x, full)
    similarity = fuzz.ratio(x.squeezed, _NOT_ALNUM.sub("", "".join(window))) / 100.0
    if found == "edited":
        similarity = max(similarity, _partial_ratio(x.squeezed, full.squeezed) / 100.0)
    return found, similarity, edits


def _substantive_changes(edits: tuple[WordEdit, ...]) -> int:
    """Content words replaced by different words (not respellings such as "air strikes")."""
    n = 0
    for e in edits:
        if e.op != "replace":
            continue
        a, b = _NOT_ALNUM.sub("", e.fullest.casefold()), _NOT_ALNUM.sub("", e.occurrence.casefold())
        if fuzz.ratio(a, b) < 80:
            n += sum(1 for w in words(e.occurrence).norms if is_content(w))
    return n


def covers(x: QuoteInstance, full: QuoteInstance) -> tuple[int, int]:
    """Character range of the fullest version's text that occurrence `x` corresponds to."""
    fw = words(full.text)
    if x is full or not fw.norms:
        return 0, len(full.text)
    blocks = _blocks(words(x.text).norms, fw.norms)
    if not blocks:
        return 0, len(full.text)
    return fw.starts[blocks[0].b], fw.ends[blocks[-1].b + blocks[-1].size - 1]


def shared_words(a: QuoteOccurrence, b: QuoteOccurrence) -> bool:
    """Whether two occurrences of one group carry overlapping words of its fullest version
    (two disjoint sentences of one long statement are not the same words)."""
    return min(a.covers[1], b.covers[1]) > max(a.covers[0], b.covers[0])


def _aligned_window(x: QuoteInstance, full: QuoteInstance) -> list[str]:
    blocks = _blocks(x.norms, full.norms)
    if not blocks:
        return list(full.norms)
    return list(full.norms[blocks[0].b:blocks[-1].b + blocks[-1].size])


def _has_inner_gap(x: QuoteInstance, full: QuoteInstance) -> bool:
    blocks = _blocks(x.norms, full.norms)
    return any(nxt.b - (cur.b + cur.size) >= 2 for cur, nxt in pairwise(blocks))


DiffSegment = tuple[str, str, str]  # (tag, fullest words, occurrence words); tag "equal" or an edit op


def diff_segments(fullest: str, occurrence: str) -> list[DiffSegment]:
    """The occurrence against the part of `fullest` it covers, as a run of equal and edited
    stretches quoted from both texts. Adjacent changes are one edit: "air strikes" ->
    "airstrikes" is a single replacement."""
    fw = words(fullest)
    ow = words(occurrence)
    f_norms, o_norms = list(fw.norms), list(ow.norms)
    lo, hi = 0, len(f_norms)
    blocks = _blocks(o_norms, f_norms)
    if blocks:
        # The covered part, widened by as many words as the occurrence has before its first
        # and after its last match: those are replacements, not a shorter quote.
        first, last = blocks[0], blocks[-1]
        lo = max(0, first.b - first.a)
        hi = min(len(f_norms), last.b + last.size + (len(o_norms) - last.a - last.size))

    def cut(text: str, w, i: int, j: int) -> str:
        if j <= i:
            return ""
        a, b = w.starts[i], w.ends[j - 1]
        if a > 0 and b < len(text) and text[a - 1] == "[" and text[b] == "]":
            a, b = a - 1, b + 1  # an editorial insertion keeps its brackets
        return text[a:b]

    out: list[DiffSegment] = []
    run: list[int] | None = None  # [f_start, f_end, o_start, o_end] of the current change

    def flush() -> None:
        f_text = cut(fullest, fw, lo + run[0], lo + run[1])
        o_text = cut(occurrence, ow, run[2], run[3])
        out.append(("replace" if f_text and o_text else ("delete" if f_text else "insert"), f_text, o_text))

    for op in Levenshtein.opcodes(f_norms[lo:hi], o_norms):
        if op.tag != "equal":
            if run is None:
                run = [op.src_start, op.src_end, op.dest_start, op.dest_end]
            else:
                run[1], run[3] = op.src_end, op.dest_end
            continue
        if run is not None:
            flush()
            run = None
        out.append(("equal", cut(fullest, fw, lo + op.src_start, lo + op.src_end),
                    cut(occurrence, ow, op.dest_start, op.dest_end)))
    if run is not None:
        flush()
    return out


def word_diff(fullest: str, occurrence: str) -> tuple[WordEdit, ...]:
    """The edits of `diff_segments` (a sub-span has none)."""
    return tuple(WordEdit(op=tag, fullest=f, occurrence=o)  # type: ignore[arg-type]
                 for tag, f, o in diff_segments(fullest, occurrence) if tag != "equal")


def group_quotes(instances: list[QuoteInstance]) -> list[QuoteGroup]:
    """Quote groups over all documents, most widely carried first, ids Q1, Q2, ..."""
    # The fullest version comes first: most words, then without editorial insertions, then earliest.
    order = sorted(range(len(instances)), key=lambda i: (
        -instances[i].size, instances[i].has_cut, instances[i].published or "9999", instances[i].doc,
        instances[i].start))
    groups: list[list[int]] = []
    by_word: dict[str, set[int]] = defaultdict(set)  # content word -> groups holding it
    by_squeezed: dict[str, set[int]] = defaultdict(set)
    for i in order:
        x = instances[i]
        candidates = set(by_squeezed.get(x.squeezed, ()))
        # groups holding two of its content words (one, for a one-word quote)
        once: set[int] = set()
        twice: set[int] = set()
        for w in x.content:
            held = by_word.get(w)
            if held is not None and len(held) <= _BLOCKING_GROUPS:  # a word in very many quotes nominates nothing
                twice |= once & held
                once |= held
        candidates |= twice if len(x.norms) >= 2 else once
        # Star clustering around each group's fullest version: a quote put together from
        # sentences of two statements joins one of them and does not chain the two together.
        chosen = None
        best = -1.0
        for g in sorted(candidates):
            rep = instances[groups[g][0]]
            if same_quote(x, rep):
                score = _partial_ratio(x.squeezed, rep.squeezed)
                if score > best:
                    chosen, best = g, score
        if chosen is None:
            chosen = len(groups)
            groups.append([])
        groups[chosen].append(i)
        by_squeezed[x.squeezed].add(chosen)
        for w in x.content:
            by_word[w].add(chosen)
    built = []
    for members in groups:
        full = instances[members[0]]
        occurrences = []
        for m in sorted(members, key=lambda m: (instances[m].doc, instances[m].start)):
            x = instances[m]
            relation, similarity, diff = relate(x, full)
            occurrences.append(QuoteOccurrence(
                doc=x.doc, start=x.start, end=x.end, text=x.text,
                speaker=x.speaker.name if x.speaker else None,
                relation=relation, similarity=round(similarity, 4), diff=diff, covers=covers(x, full),
                quote=x.quote,
            ))
        built.append((full, occurrences, _group_speaker([instances[m] for m in members], full)))
    _qgrams.cache_clear()
    built.sort(key=lambda g: (-len({o.doc for o in g[1]}), -g[0].size, g[1][0].doc, g[1][0].start))
    return [QuoteGroup(id=f"Q{k}", speaker=speaker, text=full.text, occurrences=tuple(occ))
            for k, (full, occ, speaker) in enumerate(built, start=1)]


def _group_speaker(members: list[QuoteInstance], full: QuoteInstance) -> str | None:
    rank = {"person": 0, "organization": 1, "role": 2}
    named = [m.speaker for m in members if m.speaker is not None]
    if not named:
        return None
    counts = Counter(s.name for s in named)
    best = min(named, key=lambda s: (rank[s.kind], -counts[s.name], -len(s.name), s.name))
    return best.name
