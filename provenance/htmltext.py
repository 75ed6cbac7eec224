"""The article inside an HTML page: its main text (not menus or footers) and metadata.

trafilatura finds the main text; the publication time is read from the page's own
metadata (`article:published_time`, JSON-LD `datePublished`, also inside a `@graph`, `<time
datetime>`) when it is more precise than the day trafilatura returns. Where the text is the
page's JSON-LD `articleBody` (pages that draw their article with a script), its paragraphs are
kept, which trafilatura runs together. Paragraphs are separated by blank
lines so that the text reads like a `.txt` article.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from datetime import date

from .dates import parse_date

_PUBLISHED_META = (
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate",
    "publishdate", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date",
)


# What trafilatura may take for an author from a byline of dates: `Issued on: 11/03/2025`
_NOT_AUTHOR = re.compile(r"(?i)(?:(?:issued|published|updated|posted|modified|last|by|on|at|date|"
                         r"share|print|staff)\W*)+")
_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class Page:
    text: str
    meta: dict[str, str] = field(default_factory=dict)


def extract(html: str) -> Page | None:
    """Main text and metadata of an HTML page, or None when it holds no article text."""
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, include_links=False, deduplicate=False,
        )
    if result is None:
        return None
    raw = getattr(result, "text", None) or ""
    tree = _tree(html)
    items = _json_ld(tree) if tree is not None else []
    body = next((i["articleBody"] for i in items if isinstance(i.get("articleBody"), str)), None)
    if body and "\n" in body.strip() and _squash(body) == _squash(raw):
        raw = body  # the page's own JSON-LD copy of the text it was read from, with its paragraphs
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in raw.splitlines()]
    text = "\n\n".join(line for line in lines if line)
    if not text.strip():
        return None
    meta: dict[str, str] = {}
    for key, attr in (("title", "title"), ("author", "author"), ("url", "url"),
                      ("publisher", "sitename"), ("language", "language")):
        value = getattr(result, attr, None)
        if isinstance(value, str) and value.strip():
            meta[key] = value.strip()
    if _NOT_AUTHOR.fullmatch(meta.get("author", "")):
        del meta["author"]  # a byline's verb ("Issued on: 11/03/2025") read as a name
    lang = tree.get("lang") if tree is not None else None
    if "language" not in meta and lang and _LANG.fullmatch(lang.strip()):
        meta["language"] = lang.strip().split("-")[0].lower()
    precise = _published_time(tree, items) if tree is not None else None
    day = getattr(result, "date", None)
    if precise and (not day or _same_day(precise, day)):
        meta["published"] = precise
    elif isinstance(day, str) and parse_date(day):
        meta["published"] = day
    return Page(text=text, meta=meta)


def _same_day(iso: str, day: str) -> bool:
    """Whether a UTC time is on the page's day, or a day either side of it (the page gives
    its local day: 18:04 on the 22nd at UTC-6 is the 23rd in UTC)."""
    try:
        return abs((date.fromisoformat(iso[:10]) - date.fromisoformat(day[:10])).days) <= 1
    except ValueError:
        return False


def _tree(html: str):
    try:
        import lxml.html

        # bytes (a str with an XML encoding declaration is refused), read as the UTF-8 they are
        return lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8"))
    except Exception:  # lxml raises several unrelated types on hostile markup
        return None


def _json_ld(tree) -> list[dict]:
    """The objects of the page's JSON-LD blocks: one, a list, or a `@graph` of them (as SEO
    plugins write it)."""
    out: list[dict] = []
    for el in tree.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json" or not el.text:
            continue
        try:
            data = json.loads(el.text)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                out.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    out.extend(g for g in graph if isinstance(g, dict))
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _published_time(tree, items: list[dict]) -> str | None:
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key in _PUBLISHED_META:
            iso = parse_date(el.get("content") or "")
            if iso:
                return iso
    for item in items:
        if isinstance(item.get("datePublished"), str):
            iso = parse_date(item["datePublished"])
            if iso:
                return iso
    for el in tree.iter("time"):
        iso = parse_date(el.get("datetime") or "")
        if iso:
            return iso
    return None
