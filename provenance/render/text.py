"""Plain-text summaries for the terminal."""

from __future__ import annotations

import textwrap
import unicodedata

from ..model import Report
from ..text import words

_ELLIPSIS = "…"
_MAX_QUOTE_SHOWN = 1200


def terminal_safe(s: str | None, width: int | None = None) -> str:
    """One line of `s` with control and format characters (ANSI escapes, bidi overrides)
    shown as U+FFFD, so article text cannot move the cursor or recolour the terminal."""
    if s is None:
        return "-"
    out = []
    for ch in s:
        if ch in "\r\n\t":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            out.append("\ufffd")
        else:
            out.append(ch)
    line = " ".join("".join(out).split())
    if width is not None and len(line) > width:
        line = line[: max(0, width - 1)] + _ELLIPSIS
    return line


def shared_fraction(report: Report) -> dict[str, float]:
    """Share (0-1) of each document's characters after its metadata that lie in a shared passage."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for p in report.passages:
        for s in p.spans:
            spans.setdefault(s.doc, []).append((s.start, s.end))
    out = {}
    for d in report.documents:
        total = max(1, len(d.text) - d.content_start)
        covered = 0
        last = -1
        for s, e in sorted(spans.get(d.id, [])):
            s = max(s, last)
            if e > s:
                covered += e - s
                last = e
        out[d.id] = min(1.0, covered / total)
    return out


def _when(published: str | None) -> str | None:
    """A publication time as shown: the day, and the time of day (UTC) where it is known."""
    if not published:
        return None
    return f"{published[:10]} {published[11:16]}" if len(published) > 10 and published[10] == "T" else published[:10]


def _representative(passage, docs):
    """The span to show for a passage: the earliest published document's (its source, most
    likely), the longest among equals."""
    return min(passage.spans, key=lambda s: (docs[s.doc].published or "9999", -(s.end - s.start), s.doc))


def _table(rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:  # type: ignore[assignment]
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    lines = []
    for r in rows:
        cells = [r[c].rjust(widths[c]) if c in right else r[c].ljust(widths[c]) for c in range(len(r))]
        lines.append("  ".join(cells).rstrip())
    return lines


#: Documents listed in the table and under "Who took from whom"; the rest are in the report.
_LISTED = 50


def summary(report: Report, top: int = 10) -> str:
    docs = {d.id: d for d in report.documents}
    frac = shared_fraction(report)
    lines = [
        f"Scanned {len(report.documents)} document(s): {len(report.passages)} shared passage(s)"
        + (f", {len(report.skipped)} file(s) skipped" if report.skipped else ""),
        "",
    ]
    rows = [["DOCUMENT", "OUTLET", "AGENCY", "PUBLISHED (UTC)", "SHARED", "TITLE"]]
    for d in report.documents[:_LISTED]:
        rows.append([
            terminal_safe(d.id, 40), terminal_safe(d.outlet, 24), terminal_safe(d.agency, 12),
            terminal_safe(_when(d.published)), f"{frac[d.id]:.0%}",
            terminal_safe(d.title, 50),
        ])
    lines += _table(rows, right={4})
    if len(report.documents) > _LISTED:
        lines.append(f"... and {len(report.documents) - _LISTED:,} more documents in report.json")
    if report.passages:
        lines += ["", f"Largest shared passages (of {len(report.passages)}; outlets in order of publication)"]
        biggest = sorted(report.passages, key=lambda p: (-p.words * len(p.docs), p.id))[:top]
        for p in sorted(biggest, key=lambda p: int(p.id[1:])):
            carriers = ", ".join(f"{terminal_safe(docs[s].outlet or s, 30)} ({terminal_safe(s, 24)})"
                                 for s in sorted(p.docs, key=lambda d: (docs[d].published or "9999", d)))
            lines.append(f"  {p.id}  {p.words} words, similarity {p.similarity:.2f}: {carriers}")
            lines.append(f"      \u201c{terminal_safe(_representative(p, docs).text, 110)}\u201d")
    if report.edges:
        lines += ["", "Who took from whom (each document's most likely direct source, and its probability)"]
        lines += _graph_lines(report)
    if report.skipped:
        lines += ["", f"Skipped {len(report.skipped)} file(s):"]
        lines += [f"  {terminal_safe(s.path)}: {terminal_safe(s.reason)}" for s in report.skipped]
    if report.warnings:
        lines += ["", f"{len(report.warnings)} warning(s):"]
        lines += [f"  {terminal_safe(w)}" for w in report.warnings[:20]]
        if len(report.warnings) > 20:
            lines.append(f"  ... and {len(report.warnings) - 20} more in report.json")
    return "\n".join(lines) + "\n"


def _graph_lines(report: Report) -> list[str]:
    """Per document: its most likely direct source (`<-`), the other sources that explain
    material the first does not, or `original`, with the primary sources it quotes first-hand."""
    docs = {d.id: d for d in report.documents}
    nodes = {n.id: n for n in report.nodes}

    def name(node_id: str) -> str:
        if node_id in docs:
            return f"{terminal_safe(docs[node_id].outlet or '-', 30)} ({terminal_safe(node_id, 24)})"
        n = nodes.get(node_id)
        label = terminal_safe(n.label if n else node_id, 40)
        return label if n is None or n.kind != "outlet" else f"{label} (outlet{'' if n.in_corpus else ', not in the corpus'})"

    incoming: dict[str, list] = {}
    for e in report.edges:
        incoming.setdefault(e.target, []).append(e)
    rows = []
    for d in report.documents[:_LISTED]:
        edges = incoming.get(d.id, [])
        parents = [e for e in edges if e.relation != "quoted"]
        quoted = [e for e in edges if e.relation == "quoted"]
        head = name(d.id)
        if parents:
            for k, e in enumerate(sorted(parents, key=lambda e: (not e.primary, -e.confidence, e.source))):
                share = f", {e.share:.0%} of its text" if e.share is not None else ""
                how = "" if e.relation == "derived" else f", {e.relation}"
                rows.append(f"  {head if k == 0 else ' ' * len(head)}  {'<-' if k == 0 else '+ '} "
                            f"{name(e.source)}  {e.confidence:.2f}{share}{how}")
        else:
            rows.append(f"  {head}  original")
        if quoted:
            rows.append(f"  {' ' * len(head)}  quotes first-hand: "
                        + ", ".join(name(e.source) for e in sorted(quoted, key=lambda e: e.source)))
    if len(report.documents) > _LISTED:
        rows.append(f"  ... and {len(report.documents) - _LISTED:,} more documents in report.json and graph.dot")
    return rows


def _inline_diff(fullest: str, occurrence: str) -> str:
    from ..quotegroups import diff_segments

    parts = []
    for tag, f, o in diff_segments(fullest, occurrence):
        if tag == "equal":
            parts.append(o)
        elif tag == "replace":
            parts.append(f"[-{f}-]{{+{o}+}}")
        elif tag == "delete":
            parts.append(f"[-{f}-]")
        else:
            parts.append(f"{{+{o}+}}")
    return " ".join(parts)


def quotes_table(report: Report, min_docs: int = 2, width: int = 100) -> str:
    """Shared quotes: speaker, each variant with its differences from the fullest version
    marked wdiff-style ([-dropped-] {+added+}), and the outlets carrying it in publication order."""
    docs = {d.id: d for d in report.documents}
    shown = [q for q in report.quotes if len(q.docs) >= min_docs]
    lines = [f"{len(shown)} quote(s) in {min_docs}+ documents (of {len(report.quotes)} quotes in "
             f"{len(report.documents)} documents)"]
    for q in shown:
        lines += ["", f"{q.id}  {terminal_safe(q.speaker or 'speaker unknown')}  ({len(q.docs)} documents)"]
        variants: dict[tuple[str, ...], list] = {}
        for o in q.occurrences:
            variants.setdefault(tuple(words(o.text).norms), []).append(o)
        fullest_key = tuple(words(q.text).norms)

        def when(o) -> str:
            return docs[o.doc].published or "9999"

        order = sorted(variants, key=lambda k: (k != fullest_key, min(when(o) for o in variants[k]), k))
        for key in order:
            occ = sorted(variants[key], key=lambda o: (when(o), o.doc))
            relation = occ[0].relation
            carriers = ", ".join(
                f"{terminal_safe(docs[o.doc].outlet or o.doc, 30)} {terminal_safe(_when(docs[o.doc].published)) if docs[o.doc].published else ''}".rstrip()
                + f" ({terminal_safe(o.doc, 40)})" for o in occ)
            text = occ[0].text if key == fullest_key else _inline_diff(q.text, occ[0].text)
            lines.append(f"    {relation:<12} {carriers}")
            lines += textwrap.wrap(f"\u201c{terminal_safe(text, _MAX_QUOTE_SHOWN)}\u201d", width=width,
                                   initial_indent=" " * 17, subsequent_indent=" " * 18)
    return "\n".join(lines) + "\n"
