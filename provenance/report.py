"""The report as versioned JSON: writing it (atomically), reading it back, its schema.

The JSON format is documented by `schema/report.schema.json` (JSON Schema 2020-12) and
in docs/report-format.md. Minor versions only add fields; a reader accepts any report
whose major version it knows. Output is deterministic: keys in a fixed order, floats
rounded to 4 decimals, no timestamps, so the same input gives byte-identical files.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ReportError
from .model import (
    Citation,
    Document,
    Edge,
    EdgeEvidence,
    Node,
    Origin,
    Passage,
    PassageLink,
    QuoteGroup,
    QuoteOccurrence,
    Region,
    Report,
    SkippedFile,
    Span,
    WordEdit,
)

SCHEMA_VERSION = "1.2"
_MAJOR = SCHEMA_VERSION.split(".")[0]


def _r(x: float) -> float:
    return round(float(x), 4)


def document_to_dict(d: Document) -> dict[str, Any]:
    return {
        "id": d.id,
        "path": d.path,
        "record": d.record,
        "format": d.format,
        "encoding": d.encoding,
        "outlet": d.outlet,
        "publisher": d.publisher,
        "agency": d.agency,
        "published": d.published,
        "url": d.url,
        "title": d.title,
        "author": d.author,
        "language": d.language,
        "origins": {
            k: {"source": o.source, "start": o.start, "end": o.end} for k, o in sorted(d.origins.items())
        },
        "content_start": d.content_start,
        "length": len(d.text),
        "sha256": d.sha256,
        "boilerplate": [{"start": r.start, "end": r.end, "kind": r.kind} for r in d.boilerplate],
        "text": d.text,
    }


def passage_to_dict(p: Passage) -> dict[str, Any]:
    return {
        "id": p.id,
        "similarity": _r(p.similarity),
        "words": p.words,
        "docs": list(p.docs),
        "spans": [{"doc": s.doc, "start": s.start, "end": s.end, "text": s.text} for s in p.spans],
        "links": [{"a": k.a, "b": k.b, "similarity": _r(k.similarity)} for k in p.links],
    }


def quote_to_dict(q: QuoteGroup) -> dict[str, Any]:
    return {
        "id": q.id,
        "speaker": q.speaker,
        "text": q.text,
        "docs": list(q.docs),
        "occurrences": [
            {
                "doc": o.doc, "start": o.start, "end": o.end, "text": o.text, "speaker": o.speaker,
                "relation": o.relation, "similarity": _r(o.similarity), "covers": list(o.covers),
                "quote": list(o.quote),
                "diff": [{"op": e.op, "fullest": e.fullest, "occurrence": e.occurrence} for e in o.diff],
            }
            for o in q.occurrences
        ],
    }


def citation_to_dict(c: Citation) -> dict[str, Any]:
    return {"doc": c.doc, "kind": c.kind, "cites": c.cites, "start": c.start, "end": c.end, "text": c.text}


def node_to_dict(n: Node) -> dict[str, Any]:
    return {"id": n.id, "kind": n.kind, "label": n.label, "outlet": n.outlet, "in_corpus": n.in_corpus}


def edge_to_dict(e: Edge) -> dict[str, Any]:
    return {
        "source": e.source, "target": e.target, "confidence": _r(e.confidence),
        "share": None if e.share is None else _r(e.share), "relation": e.relation, "primary": e.primary,
        "evidence": [{"kind": x.kind, "ref": x.ref, "detail": x.detail} for x in e.evidence],
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "schema_version": report.schema_version,
        "tool": {"name": "provenance", "version": report.tool_version},
        "settings": dict(report.settings),
        "summary": {
            "documents": len(report.documents),
            "passages": len(report.passages),
            "quotes": len(report.quotes),
            "shared_quotes": sum(1 for q in report.quotes if len(q.docs) > 1),
            "citations": len(report.citations),
            "nodes": len(report.nodes),
            "edges": len(report.edges),
            "skipped": len(report.skipped),
            "warnings": len(report.warnings),
        },
        "documents": [document_to_dict(d) for d in report.documents],
        "passages": [passage_to_dict(p) for p in report.passages],
        "quotes": [quote_to_dict(q) for q in report.quotes],
        "citations": [citation_to_dict(c) for c in report.citations],
        "nodes": [node_to_dict(n) for n in report.nodes],
        "edges": [edge_to_dict(e) for e in report.edges],
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
        "warnings": list(report.warnings),
    }


def dumps(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"


def write_atomic(path: Path, content: str) -> None:
    """Write a text file so that readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def schema() -> dict[str, Any]:
    text = resources.files("provenance").joinpath("schema/report.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


# --- reading a saved report -------------------------------------------------------------------

def load_report(path: str | os.PathLike[str]) -> Report:
    """Read a report.json written by `provenance scan`."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except OSError as err:
        raise ReportError(f"cannot read report {p}: {err.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ReportError(f"{p} is not a JSON report: {err}") from None
    return report_from_dict(data, str(p))


def report_from_dict(data: Any, where: str = "report") -> Report:
    if not isinstance(data, dict) or "schema_version" not in data:
        raise ReportError(f"{where} is not a provenance report (no schema_version)")
    version = str(data["schema_version"])
    if version.split(".")[0] != _MAJOR:
        raise ReportError(f"{where} has schema version {version}; this provenance reads {_MAJOR}.x",
                          hint="re-run `provenance scan` with this version")
    try:
        documents = tuple(document_from_dict(d) for d in data["documents"])
        passages = tuple(_passage(p) for p in data.get("passages", []))
        quotes = tuple(_quote(q) for q in data.get("quotes", []))
        citations = tuple(Citation(c["doc"], c["kind"], c["cites"], c["start"], c["end"], c["text"])
                          for c in data.get("citations", []))
        nodes = tuple(Node(n["id"], n["kind"], n["label"], n.get("outlet"), bool(n["in_corpus"]))
                      for n in data.get("nodes", []))
        edges = tuple(Edge(e["source"], e["target"], float(e["confidence"]),
                           None if e.get("share") is None else float(e["share"]), e.get("relation", "derived"),
                           bool(e.get("primary", False)),
                           tuple(EdgeEvidence(x["kind"], x.get("ref"), x.get("detail", "")) for x in e.get("evidence", [])))
                      for e in data.get("edges", []))
        skipped = tuple(SkippedFile(s["path"], s["reason"]) for s in data.get("skipped", []))
        return Report(
            schema_version=version,
            tool_version=str(data.get("tool", {}).get("version", "")),
            settings=dict(data.get("settings", {})),
            documents=documents,
            passages=passages,
            quotes=quotes,
            citations=citations,
            nodes=nodes,
            edges=edges,
            skipped=skipped,
            warnings=tuple(data.get("warnings", [])),
        )
    except (KeyError, TypeError, ValueError) as err:
        raise ReportError(f"{where} is malformed: {type(err).__name__} {err}") from None


def document_from_dict(d: dict[str, Any]) -> Document:
    return Document(
        id=d["id"], path=d["path"], text=d["text"], format=d["format"], encoding=d.get("encoding"),
        record=d.get("record"), content_start=d.get("content_start", 0),
        outlet=d.get("outlet"), publisher=d.get("publisher"), agency=d.get("agency"),
        published=d.get("published"), url=d.get("url"), title=d.get("title"), author=d.get("author"),
        language=d.get("language"),
        origins={k: Origin(v["source"], v.get("start"), v.get("end")) for k, v in d.get("origins", {}).items()},
        boilerplate=tuple(Region(r["start"], r["end"], r["kind"]) for r in d.get("boilerplate", [])),
        sha256=d.get("sha256", ""),
    )


def _passage(p: dict[str, Any]) -> Passage:
    return Passage(
        id=p["id"], similarity=float(p["similarity"]), words=int(p.get("words", 0)),
        spans=tuple(Span(s["doc"], s["start"], s["end"], s["text"]) for s in p["spans"]),
        links=tuple(PassageLink(k["a"], k["b"], float(k["similarity"])) for k in p.get("links", [])),
    )


def _quote(q: dict[str, Any]) -> QuoteGroup:
    return QuoteGroup(
        id=q["id"], speaker=q.get("speaker"), text=q["text"],
        occurrences=tuple(
            QuoteOccurrence(
                doc=o["doc"], start=o["start"], end=o["end"], text=o["text"], speaker=o.get("speaker"),
                relation=o["relation"], similarity=float(o.get("similarity", 1.0)),
                covers=tuple(o.get("covers", (0, 0))), quote=tuple(o.get("quote", (o["start"], o["end"]))),
                diff=tuple(WordEdit(e["op"], e["fullest"], e["occurrence"]) for e in o.get("diff", [])),
            )
            for o in q["occurrences"]
        ),
    )
