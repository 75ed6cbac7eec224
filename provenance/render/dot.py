"""The source graph as GraphViz DOT.

Node ids in the DOT text are generated (`n0`, `n1`, ...), never taken from the input, and
every label is a quoted string with backslashes, quotes and control characters escaped,
so the DOT is valid whatever the articles contain (quotes, braces, backslashes, newlines,
any script). Documents are boxes labelled with outlet and date; outlets not in the
corpus are dashed ellipses; primary sources are grey hexagons. Edge labels give the
confidence and, where known, the share of the target's text from the source.
"""

from __future__ import annotations

import subprocess
import unicodedata
from collections.abc import Sequence

from ..errors import ProvenanceError
from ..model import Edge, Node

_MAX_LABEL = 60


def quote(text: str) -> str:
    """A DOT quoted string that shows `text` literally."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch in "\r\n\t":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            continue
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _label(*lines: str) -> str:
    """Several lines, each escaped, joined with DOT's centred line break."""
    parts = []
    for line in lines:
        line = " ".join(line.split())
        if len(line) > _MAX_LABEL:
            line = line[: _MAX_LABEL - 1] + "…"
        parts.append(quote(line)[1:-1])
    return '"' + "\\n".join(parts) + '"'


def render_dot(nodes: Sequence[Node], edges: Sequence[Edge], title: str = "provenance") -> str:
    ids = {n.id: f"n{k}" for k, n in enumerate(nodes)}
    lines = [
        "digraph provenance {",
        f"  label={quote(title)};",
        '  labelloc="t";',
        "  rankdir=LR;",
        '  graph [fontname="Helvetica", fontsize=12];',
        '  node [fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for n in nodes:
        if n.kind == "document":
            first, _, second = n.label.partition(" · ")
            attrs = f'shape=box, style="rounded,filled", fillcolor="#e8f0fe", label={_label(first, second, n.id) if second else _label(first, n.id)}'
        elif n.kind == "outlet":
            style = "solid" if n.in_corpus else "dashed"
            attrs = f'shape=ellipse, style="{style}", label={_label(n.label, "outlet" + ("" if n.in_corpus else ", not in corpus"))}'
        else:
            attrs = f'shape=hexagon, style="filled", fillcolor="#eeeeee", label={_label(n.label, "primary source")}'
        lines.append(f"  {ids[n.id]} [{attrs}, tooltip={quote(n.id)}];")
    for e in edges:
        if e.source not in ids or e.target not in ids:
            continue
        text = f"{e.confidence:.2f}" + (f" · {e.share:.0%}" if e.share is not None else "")
        style = {"derived": "solid", "syndicated": "solid", "credited": "dashed", "quoted": "dotted"}[e.relation]
        width = "2.2" if e.primary else "1.0"
        lines.append(f"  {ids[e.source]} -> {ids[e.target]} [label={quote(text)}, style={style}, penwidth={width}, "
                     f"tooltip={quote(f'{e.relation}: {e.source} -> {e.target}')}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_with_graphviz(dot: str, fmt: str) -> bytes:
    """SVG or PNG from the GraphViz `dot` program."""
    try:
        done = subprocess.run(["dot", f"-T{fmt}"], input=dot.encode("utf-8"), capture_output=True, timeout=120, check=False)
    except FileNotFoundError:
        raise ProvenanceError("GraphViz's `dot` program is not installed, so there is no SVG or PNG",
                              hint="install graphviz (`apt-get install graphviz`; `make scan` does it), "
                                   "or use --format dot") from None
    if done.returncode != 0:
        raise ProvenanceError(f"GraphViz failed: {done.stderr.decode('utf-8', 'replace').strip()[:300]}")
    return done.stdout
