"""A check's results for the places CI results are read: text, JSON, GitHub Actions
annotations, SARIF 2.1.0 and JUnit XML.

Article text is untrusted: every format escapes it its own way (workflow-command escapes
for annotations, JSON strings, XML escaping with the characters XML 1.0 cannot hold
removed), and the text format strips terminal control sequences.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

from .. import __version__
from ..check import RULES, ArticleCheck, CheckResult, Finding
from .text import terminal_safe

FORMATS = ("text", "json", "github", "sarif", "junit")
_EXCERPT = 160


def _excerpt(text: str, width: int = _EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _status(a: ArticleCheck) -> str:
    return "FAIL" if a.failed else "pass"


# --- text ---------------------------------------------------------------------------------

def render_text(result: CheckResult) -> str:
    lines = [f"Checked {len(result.articles)} article(s) against {terminal_safe(result.against)}"]
    for a in result.articles:
        d = a.doc
        lines.append("")
        lines.append(f"{_status(a)}  {terminal_safe(d.path)}  ({terminal_safe(d.outlet or 'outlet unknown')}, "
                     f"{terminal_safe(d.published or 'date unknown')}; compared with {a.candidates} stored article(s))")
        if not a.reuses and not a.quotes:
            lines.append("      shares nothing with the stored articles")
        for f in a.findings:
            mark = "x" if f.failed else "!"
            lines.append(f"  {mark} {f.rule}: {terminal_safe(f.message)}")
            for s in f.reuse.spans[:5]:
                where = f"line {s.line}" + (f"-{s.end_line}" if s.end_line != s.line else "") if s.line else f"@{s.start}"
                lines.append(f"      {where}: {terminal_safe(_excerpt(s.text, 100))}")
        minor = [r for r in a.reuses if r.source not in {f.reuse.source for f in a.findings}]
        for r in minor[:5]:
            lines.append(f"  - shares {r.share:.0%} with {terminal_safe(r.outlet or '?')} ({terminal_safe(r.source)})")
        for q in a.quotes[:10]:
            who = terminal_safe(q.speaker or "unknown speaker")
            lines.append(f"  “{terminal_safe(_excerpt(q.text, 80))}” ({who}) also in {terminal_safe(', '.join(q.outlets))}")
        if a.parents:
            lines.append("  likely sources: " + ", ".join(f"{terminal_safe(s)} ({p:.2f})" for s, p in a.parents[:3]))
    for s in result.skipped:
        lines.append(f"skipped {terminal_safe(s.path)}: {terminal_safe(s.reason)}")
    failed = sum(a.failed for a in result.articles)
    lines.append("")
    lines.append(f"{failed} of {len(result.articles)} article(s) failed the policy "
                 f"(--fail-on {','.join(sorted(result.policy.fail_on)) or 'nothing'})"
                 + (f"; {len(result.skipped)} file(s) could not be read" if result.skipped else ""))
    return "\n".join(lines) + "\n"


# --- JSON ---------------------------------------------------------------------------------

def _span(s) -> dict[str, Any]:
    return {"start": s.start, "end": s.end, "line": s.line, "end_line": s.end_line, "text": s.text}


def to_dict(result: CheckResult) -> dict[str, Any]:
    p = result.policy
    return {
        "tool": f"provenance {__version__}",
        "against": result.against,
        "policy": {"fail_on": sorted(p.fail_on), "min_share": p.min_share, "duplicate_share": p.duplicate_share},
        "failed": result.failed,
        "articles": [{
            "id": a.doc.id, "path": a.doc.path, "outlet": a.doc.outlet, "published": a.doc.published,
            "failed": a.failed, "candidates": a.candidates,
            "findings": [{"rule": f.rule, "failed": f.failed, "source": f.reuse.source, "message": f.message}
                         for f in a.findings],
            "reuses": [{
                "source": r.source, "outlet": r.outlet, "path": r.path, "share": r.share, "similarity": r.similarity,
                "credited": r.credited, "own_outlet": r.own_outlet, "explained_by": r.explained_by,
                "via_agency": r.agency, "confidence": r.confidence,
                "credits": [{"kind": c.kind, "cites": c.cites, "start": c.start, "end": c.end, "text": c.text}
                            for c in r.credits],
                "spans": [_span(s) for s in r.spans],
            } for r in a.reuses],
            "quotes": [{"text": q.text, "speaker": q.speaker, "start": q.start, "end": q.end, "line": q.line,
                        "outlets": list(q.outlets)} for q in a.quotes],
            "parents": [{"source": s, "confidence": c} for s, c in a.parents],
        } for a in result.articles],
        "skipped": [{"path": s.path, "reason": s.reason} for s in result.skipped],
    }


def render_json(result: CheckResult) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=2) + "\n"


# --- GitHub Actions workflow commands ------------------------------------------------------

def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def _level(f: Finding) -> str:
    return "error" if f.failed else ("warning" if f.rule != "reuse" else "notice")


def render_github(result: CheckResult) -> str:
    """`::error file=...,line=...::message` lines: GitHub shows each on the file's line."""
    out = []
    for a in result.articles:
        for f in a.findings:
            spans = [s for s in f.reuse.spans if s.line] or [None]
            for s in spans:
                props = [f"file={_gh_property(a.doc.path)}"]
                if s is not None:
                    props += [f"line={s.line}", f"endLine={s.end_line}"]
                props.append(f"title={_gh_property('provenance ' + f.rule)}")
                excerpt = f" “{_excerpt(s.text, 100)}”" if s is not None else ""
                out.append(f"::{_level(f)} {','.join(props)}::{_gh_data(f.message + excerpt)}")
    for s in result.skipped:
        out.append(f"::error file={_gh_property(s.path)},title=provenance unreadable file::{_gh_data(s.reason)}")
    return "\n".join(out) + ("\n" if out else "")


# --- SARIF 2.1.0 ---------------------------------------------------------------------------

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def to_sarif(result: CheckResult) -> dict[str, Any]:
    rules = [{"id": rid, "name": rid.title().replace("-", ""), "shortDescription": {"text": text},
              "defaultConfiguration": {"level": "warning" if rid != "reuse" else "note"}}
             for rid, text in RULES.items()]
    results = []
    for a in result.articles:
        for f in a.findings:
            locations = []
            for s in f.reuse.spans[:20]:
                region: dict[str, Any] = {"charOffset": s.start, "charLength": s.end - s.start,
                                          "snippet": {"text": s.text}}
                if s.line:
                    region.update(startLine=s.line, endLine=s.end_line)
                locations.append({"physicalLocation": {"artifactLocation": {"uri": a.doc.path}, "region": region}})
            if not locations:
                locations.append({"physicalLocation": {"artifactLocation": {"uri": a.doc.path}}})
            results.append({
                "ruleId": f.rule, "ruleIndex": list(RULES).index(f.rule),
                "level": "error" if f.failed else ("warning" if f.rule != "reuse" else "note"),
                "message": {"text": f.message},
                "locations": locations,
                "partialFingerprints": {"provenanceReuse/v1": f"{a.doc.id}:{f.reuse.source}:{f.rule}"},
                "properties": {"source": f.reuse.source, "outlet": f.reuse.outlet, "share": f.reuse.share,
                               "credited": f.reuse.credited},
            })
    notifications = [{"level": "error", "message": {"text": f"{s.path}: {s.reason}"},
                      "locations": [{"physicalLocation": {"artifactLocation": {"uri": s.path}}}]}
                     for s in result.skipped]
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "provenance", "version": __version__, "rules": rules,
                            "informationUri": "https://github.com/provenance-news/provenance"}},
        "results": results,
        "invocations": [{"executionSuccessful": not result.skipped,
                         "toolExecutionNotifications": notifications}],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render_sarif(result: CheckResult) -> str:
    return json.dumps(to_sarif(result), ensure_ascii=False, indent=2) + "\n"


# --- JUnit XML -----------------------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(s: str) -> str:
    """Text XML 1.0 can hold (ElementTree escapes markup; it cannot escape these)."""
    return _XML_INVALID.sub("\ufffd", s)


def render_junit(result: CheckResult) -> str:
    """One test case per article; a failed policy is a <failure>, an unreadable file an <error>."""
    suites = ET.Element("testsuites", name="provenance check")
    failures = sum(a.failed for a in result.articles)
    suite = ET.SubElement(suites, "testsuite", name="provenance check",
                          tests=str(len(result.articles) + len(result.skipped)),
                          failures=str(failures), errors=str(len(result.skipped)), skipped="0")
    for a in result.articles:
        case = ET.SubElement(suite, "testcase", classname="provenance.check", name=_xml(a.doc.path))
        failed = [f for f in a.findings if f.failed]
        if failed:
            node = ET.SubElement(case, "failure", type=failed[0].rule, message=_xml(failed[0].message))
            node.text = _xml("\n".join(
                f"{f.rule}: {f.message}" + "".join(f"\n  line {s.line}: {_excerpt(s.text, 100)}" for s in f.reuse.spans[:5])
                for f in failed))
        others = [f for f in a.findings if not f.failed]
        if others:
            ET.SubElement(case, "system-out").text = _xml("\n".join(f"{f.rule}: {f.message}" for f in others))
    for s in result.skipped:
        case = ET.SubElement(suite, "testcase", classname="provenance.check", name=_xml(s.path))
        ET.SubElement(case, "error", type="unreadable", message=_xml(s.reason))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


RENDERERS = {"text": render_text, "json": render_json, "github": render_github,
             "sarif": render_sarif, "junit": render_junit}
