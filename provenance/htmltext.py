"""The article inside an HTML page: its main text (not menus or footers) and metadata.

trafilatura finds the main text; the publication time is read from the page's own
metadata (`article:published_time`, JSON-LD `datePublished`, `<time datetime>`) when it
is more precise than the day trafilatura returns. Paragraphs are separated by blank
lines so that the text reads like a `.txt` article.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field

from .dates import parse_date

_PUBLISHED_META = (
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate",
    "publishdate", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date",
)


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
    precise = _published_time(html)
    day = getattr(result, "date", None)
    if precise and (not day or precise.startswith(day)):
        meta["published"] = precise
    elif isinstance(day, str) and parse_date(day):
        meta["published"] = day
    return Page(text=text, meta=meta)


def _published_time(html: str) -> str | None:
    try:
        import lxml.html

        tree = lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"))
    except Exception:  # lxml raises several unrelated types on hostile markup
        return None
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key in _PUBLISHED_META:
            iso = parse_date(el.get("content") or "")
            if iso:
                return iso
    for el in tree.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json" or not el.text:
            continue
        try:
            data = json.loads(el.text)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                iso = parse_date(item["datePublished"])
                if iso:
                    return iso
    for el in tree.iter("time"):
        iso = parse_date(el.get("datetime") or "")
        if iso:
            return iso
    return None
