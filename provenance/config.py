"""One frozen settings object for a scan, with a fingerprint.

Anything persisted (the index, a report) records `ScanConfig.fingerprint()` of the
settings that shape signatures, so sketches made with different settings are never
mixed silently.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields, replace

from .errors import ConfigError

#: Bump when tokenisation or shingling changes the hash values computed for the same text.
SKETCH_FORMAT = 2

MIB = 1024 * 1024


@dataclass(frozen=True)
class ScanConfig:
    """Settings of a scan. Defaults suit news articles of a few hundred to a few thousand words."""

    # Reading
    max_file_bytes: int = 32 * MIB
    """Files larger than this are skipped with a message (bytes; `--max-file-size`)."""

    # Sketching: clause windows, MinHash over content words, banded LSH
    num_perm: int = 64
    """MinHash permutations per window; more is more precise and slower."""
    minhash_seed: int = 1
    lsh_threshold: float = 0.3
    """Window Jaccard (0.0-1.0) at which LSH balances misses against false candidates."""
    window_min_words: int = 6
    """Content words per window at least; shorter clauses are joined to the next."""
    window_max_words: int = 40
    """Content words per window at most; longer clauses are cut with overlap."""

    # Alignment
    seed_ngram: int = 3
    """Words per exact seed match between two documents."""
    sentence_dice: float = 0.4
    """Content-word overlap (Dice, 0.0-1.0) that makes two sentences a seed; 0 disables."""
    max_gap: int = 12
    """Words of divergence (either side) that a chain of exact matches may bridge."""
    merge_gap: int = 24
    """Words (either side) between pieces of one passage, in any order, that still make it one passage."""
    min_passage_words: int = 8
    """Matched words a shared passage must have."""
    min_passage_content_words: int = 4
    """Matched content words (not stopwords) a shared passage must have: "officials said the ... and
    the ... on Sunday" is a sentence shape, not a shared passage."""
    min_passage_similarity: float = 0.5
    """Word-level similarity (0.0-1.0) a shared passage must reach; 1.0 means verbatim."""
    min_shared_words: int = 5
    """Distinct content words a candidate pair's LSH-matched windows must share to be aligned:
    fewer is a sentence shape two unrelated articles have in common, not shared text."""
    min_rare_words: int = 3
    """Of those, distinct words not common in the corpus (see `common_word_share`) a pair sharing
    fewer than twice `min_shared_words` must share: weekdays, "ministry", "government" and
    "percent" make many unrelated articles meet on five words. 0 disables."""
    common_word_share: float = 0.1
    """A content word in more than this share (0.0-1.0) of a corpus's documents, and in more
    than `common_word_min_docs` of them, is common."""
    common_word_min_docs: int = 500
    """Documents a common word is in at least: below this many, pairing on a word costs little,
    and in a corpus of a few stories their own words are in most of its documents."""
    max_pairs_per_document: int = 200
    """Candidate partners aligned per document at most, best LSH evidence first."""
    exhaustive_pairs: int = 20_000
    """A corpus with at most this many document pairs (200 articles) has every pair aligned: a
    sketch can miss a short rewrite, and aligning them all costs under a second at this size.
    Larger corpora go through LSH; 0 always does."""

    # Boilerplate
    outlet_repeat_min_docs: int = 2
    """A short line in this many articles of one outlet is that outlet's boilerplate."""

    def __post_init__(self) -> None:
        if self.max_file_bytes < 1:
            raise ConfigError("max_file_bytes must be positive")
        if self.num_perm < 8:
            raise ConfigError(f"num_perm must be at least 8, got {self.num_perm}")
        if not 0.0 < self.lsh_threshold < 1.0:
            raise ConfigError(f"lsh_threshold must be between 0 and 1, got {self.lsh_threshold}")
        if not 0.0 <= self.min_passage_similarity <= 1.0:
            raise ConfigError("min_passage_similarity must be between 0 and 1")
        if self.max_gap < 0 or self.merge_gap < 0:
            raise ConfigError("max_gap and merge_gap must not be negative")
        if self.seed_ngram < 1 or self.min_passage_words < 1:
            raise ConfigError("seed_ngram and min_passage_words must be at least 1")
        if self.exhaustive_pairs < 0:
            raise ConfigError("exhaustive_pairs must not be negative")
        if self.min_shared_words < 1 or self.max_pairs_per_document < 1:
            raise ConfigError("min_shared_words and max_pairs_per_document must be at least 1")
        if not 0 <= self.min_rare_words <= self.min_shared_words:
            raise ConfigError("min_rare_words must be between 0 and min_shared_words")
        if not 0.0 < self.common_word_share <= 1.0:
            raise ConfigError(f"common_word_share must be above 0 and at most 1, got {self.common_word_share}")
        if self.common_word_min_docs < 0:
            raise ConfigError("common_word_min_docs must not be negative")
        if self.window_min_words < 1 or self.window_max_words < self.window_min_words:
            raise ConfigError("need 1 <= window_min_words <= window_max_words")

    def common_word_docs(self, n_docs: int) -> float:
        """Documents of a corpus of `n_docs` a content word must be in more than to be common."""
        return max(self.common_word_share * n_docs, self.common_word_min_docs)

    def with_(self, **changes: object) -> ScanConfig:
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(unknown)}", hint=f"known: {', '.join(sorted(known))}")
        return replace(self, **changes)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def sketch_settings(self) -> dict[str, object]:
        """The settings that shape signatures and LSH buckets, with the library versions that do."""
        import datasketch

        return {
            "sketch_format": SKETCH_FORMAT,
            "num_perm": self.num_perm,
            "minhash_seed": self.minhash_seed,
            "minhash_scheme": "affine32",
            "lsh_threshold": self.lsh_threshold,
            "window_min_words": self.window_min_words,
            "window_max_words": self.window_max_words,
            "datasketch": datasketch.__version__,
        }

    def fingerprint(self) -> str:
        """A short stable hash of `sketch_settings()`."""
        blob = json.dumps(self.sketch_settings(), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]
