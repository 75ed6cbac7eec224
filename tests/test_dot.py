"""GraphViz export: valid DOT whatever the text holds; SVG and PNG through `dot`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from conftest import CORPUS
from typer.testing import CliRunner

from provenance.cli import app
from provenance.model import Edge, EdgeEvidence, Node
from provenance.render.dot import quote, render_dot

runner = CliRunner()
HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="GraphViz `dot` is not installed (make test installs it)")

HOSTILE = [
    'He said "hi"; } digraph x { a -> b',
    "back\\slash\\",
    "new\nline\r\nand\ttab",
    "trailing backslash \\",
    "<b>html</b> & entities &amp;",
    "Минобороны России · 国防部 · وزارة الدفاع",
    "\u202eright-to-left override\u200b and zero width",
    "\x00\x07 control",
    "label=\"x\"]; n0 -> n1 [color=red",
    "{braces} [brackets] <angles> |pipes|",
]


def _hostile_graph():
    nodes = [Node(id=f"doc/{k}{text}", kind="document", label=f"{text} · 2017-01-24", outlet=text, in_corpus=True)
             for k, text in enumerate(HOSTILE)]
    nodes.append(Node(id="outlet:" + HOSTILE[0], kind="outlet", label=HOSTILE[0], outlet=HOSTILE[0], in_corpus=False))
    nodes.append(Node(id="primary:" + HOSTILE[1], kind="primary", label=HOSTILE[1], outlet=None, in_corpus=False))
    ids = [n.id for n in nodes]
    edges = [Edge(ids[k], ids[k + 1], 0.5, 0.25, "derived", True, (EdgeEvidence("text", None, HOSTILE[k % len(HOSTILE)]),))
             for k in range(len(ids) - 1)]
    return nodes, edges


def test_quote_escapes_what_dot_would_read():
    assert quote('a"b') == '"a\\"b"'
    assert quote("a\\") == '"a\\\\"'
    assert quote("a\nb") == '"a b"'
    assert "\x00" not in quote("a\x00b")


def test_hostile_labels_give_one_node_per_node_and_no_injected_statement():
    nodes, edges = _hostile_graph()
    dot = render_dot(nodes, edges, title=HOSTILE[0])
    lines = dot.splitlines()
    assert lines[0] == "digraph provenance {" and lines[-1] == "}"
    node_lines = [line for line in lines if re.match(r"  n\d+ \[", line)]
    edge_lines = [line for line in lines if re.match(r"  n\d+ -> n\d+ \[", line)]
    assert len(node_lines) == len(nodes) and len(edge_lines) == len(edges)
    assert len(lines) == 7 + len(nodes) + len(edges) + 1  # header, statements, closing brace
    for line in node_lines + edge_lines:
        # every quoted string closes before the statement ends: no quote left open by a label
        assert line.endswith('"];')
        assert len(re.findall(r'(?<!\\)(?:\\\\)*"', line)) % 2 == 0
    assert dot.count("\n") == len(dot.splitlines())  # no raw newline from a label


@needs_dot
def test_graphviz_reads_hostile_dot_as_exactly_our_graph():
    nodes, edges = _hostile_graph()
    dot = render_dot(nodes, edges, title=HOSTILE[2])
    done = subprocess.run(["dot", "-Tjson"], input=dot.encode("utf-8"), capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert b"Warning" not in done.stderr and b"Error" not in done.stderr
    parsed = json.loads(done.stdout)
    assert len(parsed["objects"]) == len(nodes)
    assert len(parsed["edges"]) == len(edges)
    labels = " ".join(o["label"] for o in parsed["objects"])
    assert "Минобороны России" in labels and "国防部" in labels and "digraph x { a -> b" in labels
    assert " ".join(parsed["label"].split()) == "new line and tab"


def test_scan_writes_graph_dot(tmp_path):
    result = runner.invoke(app, ["scan", str(CORPUS), "--out", str(tmp_path), "--quiet"])
    assert result.exit_code == 0
    dot = (tmp_path / "graph.dot").read_text(encoding="utf-8")
    assert dot.startswith("digraph provenance {") and dot.rstrip().endswith("}")
    assert "TASS" in dot and "RT" in dot and "not in corpus" in dot and "primary source" in dot


def test_graph_command_reads_a_saved_report_at_both_levels(tmp_path):
    runner.invoke(app, ["scan", str(CORPUS), "--out", str(tmp_path), "--quiet"])
    doc = runner.invoke(app, ["graph", str(tmp_path / "report.json")])
    assert doc.exit_code == 0, doc.output
    assert doc.output == (tmp_path / "graph.dot").read_text(encoding="utf-8")
    outlet = runner.invoke(app, ["graph", str(tmp_path / "report.json"), "--level", "outlet"])
    assert outlet.exit_code == 0
    assert "000_352b0f2477f577fd" in doc.output and "000_352b0f2477f577fd" not in outlet.output
    assert "source graph by outlet" in outlet.output


def test_graph_command_scans_a_corpus_too():
    result = runner.invoke(app, ["graph", str(CORPUS), "--level", "outlet"])
    assert result.exit_code == 0
    assert result.output.startswith("digraph provenance {")


@needs_dot
def test_svg_and_png_come_from_graphviz(tmp_path):
    runner.invoke(app, ["scan", str(CORPUS), "--out", str(tmp_path), "--quiet"])
    svg = runner.invoke(app, ["graph", str(tmp_path / "report.json"), "--format", "svg"])
    assert svg.exit_code == 0 and "<svg" in svg.output and "TASS" in svg.output
    png = tmp_path / "g.png"
    result = runner.invoke(app, ["graph", str(tmp_path / "report.json"), "--format", "png", "--out", str(png)])
    assert result.exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_missing_graphviz_is_a_clear_error(tmp_path, monkeypatch):
    runner.invoke(app, ["scan", str(CORPUS), "--out", str(tmp_path), "--quiet"])
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    result = runner.invoke(app, ["graph", str(tmp_path / "report.json"), "--format", "svg"])
    assert result.exit_code == 2
    assert "GraphViz" in result.output and "--format dot" in result.output


def test_bad_graph_options_exit_2(tmp_path):
    assert runner.invoke(app, ["graph", str(CORPUS), "--format", "gif"]).exit_code == 2
    assert runner.invoke(app, ["graph", str(CORPUS), "--level", "planet"]).exit_code == 2
    assert runner.invoke(app, ["graph", str(CORPUS), "--format", "png"]).exit_code == 2
