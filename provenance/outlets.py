"""Canonical outlets and primary sources, and the names and domains that refer to them.

The built-in list lives in `data/outlets.toml`; users extend it with a file of the same
format (`--aliases FILE`). Short acronyms that are ordinary abbreviations elsewhere ("AP",
"PA", "RT") match only with their exact capitalisation; names that are ordinary words
("Sun", "Mirror") are `ambiguous` and count only where the caller has an explicit credit
context.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from ._text import word_starts
from .errors import ConfigError

OutletKind = Literal["agency", "outlet", "primary"]
_KINDS = ("agency", "outlet", "primary")


@dataclass(frozen=True)
class Outlet:
    name: str
    kind: OutletKind
    aliases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()

    @property
    def is_media(self) -> bool:
        return self.kind in ("agency", "outlet")


@dataclass(frozen=True, slots=True)
class OutletMatch:
    """A mention of an outlet in a text: `text[start:end]` names `outlet`."""

    outlet: Outlet
    start: int
    end: int
    surface: str
    ambiguous: bool


def fold(name: str) -> str:
    """Case-, accent- and apostrophe-insensitive key for a name."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    name = name.replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", name).strip().casefold()


class OutletRegistry:
    """Lookup of outlets by name, by mention in a text, and by web domain."""

    def __init__(self, outlets: list[Outlet]) -> None:
        merged: dict[str, Outlet] = {}
        for o in outlets:
            key = fold(o.name)
            if key in merged:
                old = merged[key]
                o = Outlet(
                    name=old.name,
                    kind=o.kind,
                    aliases=_union(old.aliases, o.aliases),
                    exact=_union(old.exact, o.exact),
                    ambiguous=_union(old.ambiguous, o.ambiguous),
                    domains=_union(old.domains, o.domains),
                )
            merged[key] = o
        self.outlets: tuple[Outlet, ...] = tuple(merged.values())
        self._by_key: dict[str, tuple[Outlet, bool]] = {}
        self._exact: dict[str, Outlet] = {}
        for o in self.outlets:
            for name in (o.name, *o.aliases):
                if name in o.exact:
                    self._exact[name] = o
                else:
                    self._by_key.setdefault(fold(name), (o, name in o.ambiguous))
            for name in o.exact:
                self._exact[name] = o
        self._by_domain = {d.lower(): o for o in self.outlets for d in o.domains}
        # A domain written in a text names its outlet too ("originally appeared on Reuters.com").
        for d, o in self._by_domain.items():
            self._by_key.setdefault(fold(d), (o, False))

    # --- lookups -------------------------------------------------------------------

    def resolve(self, name: str, *, allow_ambiguous: bool = True) -> Outlet | None:
        """The outlet a name refers to, or None. `name` may carry a leading "the"."""
        name = name.strip().strip(".,;:[]()")
        if name in self._exact:
            return self._exact[name]
        hit = self._by_key.get(fold(name))
        if hit is None and name.lower().startswith("the "):
            hit = self._by_key.get(fold(name[4:]))
        if hit is None:
            return None
        outlet, ambiguous = hit
        if ambiguous and not allow_ambiguous:
            return None
        if ambiguous and not name[:1].isupper():
            return None
        return outlet

    def with_names(self, names: Iterable[tuple[str, OutletKind, bool]]) -> OutletRegistry:
        """This registry and the `(name, kind, ambiguous)` it does not know yet: the names a
        corpus's documents go by (an agency read from a dateline, an outlet from the metadata
        or a URL), so that another document's "according to Norwire" is a credit of that
        outlet; an ambiguous one (an ordinary word: "star") counts only capitalised in an
        explicit credit, as the built-in ambiguous names do. Names of fewer than 3 or more than
        60 characters, or not starting with a letter or digit, are left out."""
        extra: dict[str, Outlet] = {}
        for name, kind, ambiguous in names:
            name = " ".join(name.split())
            if 3 <= len(name) <= 60 and name[0].isalnum() and self.resolve(name) is None:
                extra.setdefault(fold(name), Outlet(name, kind, ambiguous=(name,) if ambiguous else ()))
        if not extra:
            return self
        return OutletRegistry([*self.outlets, *(extra[k] for k in sorted(extra))])

    def by_name(self, name: str) -> Outlet | None:
        """The outlet whose canonical name is `name` (case-insensitive)."""
        hit = self._by_key.get(fold(name))
        return hit[0] if hit and hit[0].name.casefold() == name.casefold() else None

    def from_url(self, url: str) -> tuple[Outlet | None, str | None]:
        """`(known outlet or None, host without www.)` for a URL."""
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            return None, None
        if not host:
            return None, None
        host = host.removeprefix("www.")
        parts = host.split(".")
        for i in range(len(parts) - 1):
            outlet = self._by_domain.get(".".join(parts[i:]))
            if outlet:
                return outlet, host
        return None, host

    def find_all(self, text: str, start: int = 0, end: int | None = None) -> Iterator[OutletMatch]:
        """Every mention of a known name in `text[start:end]`, longest names first, no overlaps.

        Only names beginning with the word found at a word start are tried there (one small
        pattern per first word): the same matches as one alternation of every name, without
        trying each of them at every word of every article."""
        end = len(text) if end is None else end
        after = start
        patterns = self._patterns
        for at, first in word_starts(text, start, end, self._first_words):  # what `WORD_START` finds
            if at < after:
                continue
            m = patterns[first].match(text, at, end)
            if m is None:
                continue
            after = m.end()
            surface = m.group(0)
            if surface in self._exact:
                yield OutletMatch(self._exact[surface], m.start(), m.end(), surface, False)
                continue
            hit = self._by_key.get(fold(surface))
            if hit is None:
                continue
            outlet, ambiguous = hit
            if ambiguous and not surface[:1].isupper():
                continue
            yield OutletMatch(outlet, m.start(), m.end(), surface, ambiguous)

    @cached_property
    def _first_words(self) -> set[str]:
        return set(self._patterns)

    @cached_property
    def _patterns(self) -> dict[str, re.Pattern[str]]:
        """First word of a name (lower case) -> a pattern of the names beginning with it,
        longest first; exact-case names keep their case."""
        names = set(self._exact)
        for o in self.outlets:
            names.update(n for n in (o.name, *o.aliases, *o.domains) if n not in o.exact)
        grouped: dict[str, list[str]] = {}
        for name in sorted(names, key=lambda n: (-len(n), n)):
            first = re.match(r"\w+", name)
            assert first is not None, name  # parse_outlets refuses names that do not start so
            grouped.setdefault(first.group().lower(), []).append(name_pattern(name, name in self._exact))
        return {key: re.compile(r"(?:" + "|".join(alts) + r")(?![\w@-]|\.\w)", re.IGNORECASE)
                for key, alts in grouped.items()}


def name_pattern(name: str, exact: bool) -> str:
    """The regular expression of one outlet name: any run of white space between its words,
    either apostrophe; case kept only for `exact` names."""
    body = re.sub(r"['’]", "['’]", re.escape(name).replace("\\ ", r"\s+"))
    return f"(?-i:{body})" if exact else body


#: Where a name may begin: a word not right after a word character, a full stop, `@` or `-`
#: (`_text.word_starts` finds these, compiled).
WORD_START = re.compile(r"(?<![\w.@-])\w+")


def _union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*a, *b)))


def parse_outlets(data: dict[str, object], where: str) -> list[Outlet]:
    entries = data.get("outlet", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{where}: expected [[outlet]] tables")
    out: list[Outlet] = []
    for i, e in enumerate(entries, 1):
        if not isinstance(e, dict) or not isinstance(e.get("name"), str) or not e["name"].strip():
            raise ConfigError(f"{where}: outlet #{i} needs a name", hint='e.g. name = "Example News"')
        kind = e.get("kind", "outlet")
        if kind not in _KINDS:
            raise ConfigError(f"{where}: outlet {e['name']!r} has kind {kind!r}", hint=f"use one of {', '.join(_KINDS)}")
        lists = {}
        for key in ("aliases", "exact", "ambiguous", "domains"):
            value = e.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise ConfigError(f"{where}: outlet {e['name']!r}: {key} must be a list of names")
            lists[key] = tuple(v.strip() for v in value)
        unknown = set(e) - {"name", "kind", "aliases", "exact", "ambiguous", "domains"}
        if unknown:
            raise ConfigError(f"{where}: outlet {e['name']!r} has unknown key(s) {', '.join(sorted(unknown))}")
        for n in (e["name"].strip(), *lists["aliases"], *lists["exact"]):
            if not re.match(r"\w", n):
                raise ConfigError(f"{where}: outlet name {n!r} must start with a letter or digit",
                                  hint="names are found in the text from the start of a word")
        out.append(Outlet(name=e["name"].strip(), kind=kind, **lists))
    return out


@lru_cache(maxsize=1)
def _builtin() -> tuple[Outlet, ...]:
    text = resources.files("provenance").joinpath("data/outlets.toml").read_text(encoding="utf-8")
    return tuple(parse_outlets(tomllib.loads(text), "built-in outlets.toml"))


def load_registry(extra: Path | str | None = None) -> OutletRegistry:
    """The built-in outlets, extended by a user file in the same TOML format."""
    outlets = list(_builtin())
    if extra is not None:
        path = Path(extra)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as err:
            raise ConfigError(f"cannot read alias file {path}: {err.strerror}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise ConfigError(f"alias file {path} is not valid TOML: {err}") from None
        outlets += parse_outlets(data, str(path))
    return OutletRegistry(outlets)


@lru_cache(maxsize=1)
def default_registry() -> OutletRegistry:
    return load_registry()
