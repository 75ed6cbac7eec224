"""The `provenance` command: parse options, call one library function, render.

Logic lives in the library; this module only turns options into calls and results into
output. Errors the user can fix (`ProvenanceError`) become a message and exit code 2 in
one place (`_user_errors`); anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import typer

from . import __version__
from .config import ScanConfig
from .errors import ConfigError, ProvenanceError

app = typer.Typer(
    name="provenance",
    help="Find the passages and quotes news articles share, and who took what from whom.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

#: Exit codes of `provenance scan`.
EXIT_OK = 0
EXIT_SKIPPED = 1  # the report was written, but some inputs could not be read
EXIT_USAGE = 2  # bad options, missing corpus, nothing readable
#: Documents from which `scan` renders report.html in a process of its own (forking costs tens
#: of milliseconds; the page of 20,000 articles, 10 s).
BACKGROUND_PAGE = 1000


@contextlib.contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except ProvenanceError as err:
        typer.echo(f"error: {err.message}", err=True)
        if err.hint:
            typer.echo(f"hint: {err.hint}", err=True)
        raise typer.Exit(EXIT_USAGE) from None


def _parse_size(text: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*", text, re.IGNORECASE)
    if not m:
        raise ConfigError(f"cannot read size {text!r}", hint="use e.g. 500K, 32M or 1G")
    scale = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}[m.group(2).lower()]
    value = int(float(m.group(1)) * scale)
    if value < 1:
        raise ConfigError("size must be positive")
    return value


class _Progress:
    """A progress display on stderr, only when it is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._bar = None
        self._tasks: dict[str, int] = {}

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._bar = Progress(TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(),
                                 console=Console(stderr=True), transient=True)
            self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self._bar is None:
            return
        if stage not in self._tasks:
            self._tasks[stage] = self._bar.add_task(stage, total=max(total, 1))
        self._bar.update(self._tasks[stage], completed=done, total=max(total, 1))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"provenance {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Find the passages and quotes news articles share, and who took what from whom."""


_METADATA_OPTION = typer.Option(None, "--metadata", help="CSV table file,outlet,url,published.")


@app.command()
def scan(
    paths: list[Path] = typer.Argument(..., help="Folders (read recursively) and article files.", show_default=False),
    out: Path = typer.Option(Path("provenance-report"), "--out", "-o", help="Folder to write report.json into."),
    format: str = typer.Option("text", "--format", "-f", help="What to print: text (a summary) or json (the report)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no summary (a report asked for with --format json is still printed)."),
    metadata: Path | None = typer.Option(None, "--metadata", help="CSV table file,outlet,url,published filling in what files do not say."),
    aliases: Path | None = typer.Option(None, "--aliases", help="TOML file of extra outlet names (format of data/outlets.toml)."),
    max_file_size: str = typer.Option("32M", "--max-file-size", help="Skip files larger than this (e.g. 500K, 32M, 1G)."),
    top: int = typer.Option(10, "--top", min=0, help="Shared passages listed in the summary."),
    model: Path | None = typer.Option(None, "--model", help="Edge model file from `provenance train` (default: built in)."),
    workers: int = typer.Option(0, "--workers", "-j", min=0, help="Processes to use; 0: one per available core. The report is the same either way."),
) -> None:
    """Scan a corpus: documents, their outlets and dates, shared passages, quotes, citations and
    the source graph. Writes report.json, graph.dot and report.html.

    Exit codes: 0 every file was read; 1 the report was written but some files were
    skipped (listed with the reason); 2 usage error or nothing to scan.
    """
    from .parallel import Background, resolve_workers
    from .pipeline import scan as run_scan
    from .pipeline import scan_tuning
    from .render.dot import render_dot
    from .render.html import render_html
    from .render.text import summary
    from .report import dumps, write_atomic

    with _user_errors(), scan_tuning():
        if format not in ("text", "json"):
            raise ConfigError(f"unknown --format {format!r}", hint="use text or json")
        cfg = ScanConfig(max_file_bytes=_parse_size(max_file_size))
        with _Progress(not quiet) as progress:
            report = run_scan(paths, config=cfg, metadata=str(metadata) if metadata else None,
                              aliases=str(aliases) if aliases else None, progress=progress,
                              model=str(model) if model else None, workers=workers)
        # The HTML page (the slowest to render: a tenth of a second per hundred articles) is
        # written in a process of its own while this one writes the JSON and the DOT.
        page = Background(lambda: write_atomic(out / "report.html", render_html(report)),
                          enabled=resolve_workers(workers) > 1 and len(report.documents) >= BACKGROUND_PAGE)
        try:
            payload = dumps(report)
            write_atomic(out / "report.json", payload)
            write_atomic(out / "graph.dot", render_dot(report.nodes, report.edges, title=_title(report, "document")))
            page.result()
        except OSError as err:
            raise ConfigError(f"cannot write into {out}: {err.strerror}") from None
        finally:
            page.cancel()
    if format == "json":  # asked for: printed even when quiet (`scan ... -f json -q | jq`)
        typer.echo(payload, nl=False)
    elif not quiet:
        typer.echo(summary(report, top=top), nl=False)
        typer.echo(f"Report written to {out / 'report.json'} and {out / 'report.html'}, "
                   f"source graph to {out / 'graph.dot'}")
    raise typer.Exit(EXIT_SKIPPED if report.skipped else EXIT_OK)


def _report_or_scan(paths: list[Path], metadata: Path | None, aliases: Path | None, max_file_size: str,
                    passages: bool = True):
    """A saved report.json when one is given, else a scan of the paths."""
    from .pipeline import scan as run_scan
    from .report import load_report

    if len(paths) == 1 and paths[0].suffix == ".json" and paths[0].is_file():
        import json

        try:
            head = json.loads(paths[0].read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            head = None
        if isinstance(head, dict) and "schema_version" in head:
            return load_report(paths[0])
    cfg = ScanConfig(max_file_bytes=_parse_size(max_file_size))
    return run_scan(paths, config=cfg, metadata=str(metadata) if metadata else None,
                    aliases=str(aliases) if aliases else None, passages=passages)


@app.command()
def quotes(
    paths: list[Path] = typer.Argument(..., help="A report.json, or folders and article files to scan.", show_default=False),
    min_docs: int = typer.Option(2, "--min-docs", min=1, help="Show quotes carried by at least this many documents (1: all)."),
    format: str = typer.Option("text", "--format", "-f", help="text (a table) or json (the quote groups)."),
    metadata: Path | None = _METADATA_OPTION,
    aliases: Path | None = typer.Option(None, "--aliases", help="TOML file of extra outlet names."),
    max_file_size: str = typer.Option("32M", "--max-file-size", help="Skip files larger than this."),
) -> None:
    """Print the quotes documents share: speaker, variants with their differences marked, outlets."""
    import json

    from .render.text import quotes_table
    from .report import quote_to_dict

    with _user_errors():
        if format not in ("text", "json"):
            raise ConfigError(f"unknown --format {format!r}", hint="use text or json")
        report = _report_or_scan(paths, metadata, aliases, max_file_size, passages=False)
    if format == "json":
        shown = [quote_to_dict(q) for q in report.quotes if len(q.docs) >= min_docs]
        typer.echo(json.dumps(shown, ensure_ascii=False, indent=2))
    else:
        typer.echo(quotes_table(report, min_docs=min_docs), nl=False)


@app.command()
def report(
    saved: Path = typer.Argument(..., help="A report.json written by `provenance scan`.", show_default=False),
    html: Path = typer.Option(..., "--html", help="The HTML page to write (one self-contained file)."),
) -> None:
    """Make the HTML page of a saved report: graph, evidence side by side, quotes, documents."""
    from .render.html import render_html
    from .report import load_report, write_atomic

    with _user_errors():
        loaded = load_report(saved)
        try:
            write_atomic(html, render_html(loaded))
        except OSError as err:
            raise ConfigError(f"cannot write {html}: {err.strerror}") from None
    typer.echo(f"HTML report written to {html}")


def _title(report, level: str) -> str:
    return f"provenance: {len(report.documents)} documents, source graph by {level}"


@app.command()
def graph(
    paths: list[Path] = typer.Argument(..., help="A report.json, or folders and article files to scan.", show_default=False),
    format: str = typer.Option("dot", "--format", "-f", help="dot, svg or png (svg and png need GraphViz)."),
    level: str = typer.Option("document", "--level", help="document, or outlet (documents of one outlet merged)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="File to write; default: standard output (dot, svg)."),
    metadata: Path | None = _METADATA_OPTION,
    aliases: Path | None = typer.Option(None, "--aliases", help="TOML file of extra outlet names."),
    max_file_size: str = typer.Option("32M", "--max-file-size", help="Skip files larger than this."),
) -> None:
    """Export the source graph: who took what from whom, with each edge's confidence."""
    from .graph import rollup
    from .render.dot import render_dot, render_with_graphviz

    with _user_errors():
        if format not in ("dot", "svg", "png"):
            raise ConfigError(f"unknown --format {format!r}", hint="use dot, svg or png")
        if level not in ("document", "outlet"):
            raise ConfigError(f"unknown --level {level!r}", hint="use document or outlet")
        if format == "png" and out is None:
            raise ConfigError("a PNG needs a file to go to", hint="add --out graph.png")
        report = _report_or_scan(paths, metadata, aliases, max_file_size)
        nodes, edges = list(report.nodes), list(report.edges)
        if level == "outlet":
            nodes, edges = rollup(nodes, edges)
        dot = render_dot(nodes, edges, title=_title(report, level))
        data = dot.encode("utf-8") if format == "dot" else render_with_graphviz(dot, format)
        if out is not None:
            try:
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(data)
            except OSError as err:
                raise ConfigError(f"cannot write {out}: {err.strerror}") from None
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@app.command()
def explain(
    a: str = typer.Argument(..., help="A document: its id or file path."),
    b: str = typer.Argument(..., help="Another document."),
    corpus: list[Path] = typer.Option(None, "--corpus", "-c", help="The corpus they belong to (default: the folders of A and B)."),
    metadata: Path | None = _METADATA_OPTION,
    aliases: Path | None = typer.Option(None, "--aliases", help="TOML file of extra outlet names."),
    model: Path | None = typer.Option(None, "--model", help="Edge model file from `provenance train` (default: built in)."),
) -> None:
    """Show why there is, or is not, an edge between two documents."""
    from .corpus import ARTICLE_SUFFIXES
    from .edgemodel import load_model
    from .explain import explain as run_explain
    from .explain import render
    from .outlets import default_registry, load_registry
    from .pipeline import analyse, load_corpus

    with _user_errors():
        roots = list(corpus or [])
        if not roots:
            for key in (a, b):
                p = Path(key)
                if not (p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES):
                    raise ConfigError(f"{key!r} is not an article file", hint="give --corpus FOLDER to name documents by id")
                if p.parent not in roots:
                    roots.append(p.parent)
        cfg = ScanConfig()
        registry = load_registry(str(aliases)) if aliases else default_registry()
        loaded = load_corpus(roots, cfg, metadata=str(metadata) if metadata else None, registry=registry)
        state = analyse(loaded.analyzed, cfg, registry, model=load_model(str(model)) if model else None)
        text = render(run_explain(state, a, b))
    typer.echo(text, nl=False)


@app.command()
def synth(
    out: Path = typer.Argument(..., help="Folder to write into: corpus/ (JSONL shards), truth.jsonl, settings.json."),
    stories: int = typer.Option(20, "--stories", min=1, help="Stories; each has several documents."),
    min_docs: int = typer.Option(4, "--min-docs", min=2, help="Documents per story, at least."),
    max_docs: int = typer.Option(12, "--max-docs", min=2, help="Documents per story, at most."),
    seed: int = typer.Option(1, "--seed", help="Random seed: the same seed gives the same corpus."),
    timestamps: str = typer.Option("mixed", "--timestamps", help="clean, noisy, absent or mixed."),
    outlets: str = typer.Option("mixed", "--outlets", help="known, unknown or mixed outlet names."),
    external: float = typer.Option(0.15, "--external", min=0.0, max=1.0, help="Share of originals left out of the corpus."),
) -> None:
    """Write a synthetic derivation corpus with its true source graph (truth.jsonl)."""
    from .synth import SynthConfig, write_corpus

    with _user_errors():
        if timestamps not in ("clean", "noisy", "absent", "mixed"):
            raise ConfigError(f"unknown --timestamps {timestamps!r}", hint="use clean, noisy, absent or mixed")
        if outlets not in ("known", "unknown", "mixed"):
            raise ConfigError(f"unknown --outlets {outlets!r}", hint="use known, unknown or mixed")
        if max_docs < min_docs:
            raise ConfigError("--max-docs is below --min-docs")
        cfg = SynthConfig(stories=stories, min_docs=min_docs, max_docs=max_docs, seed=seed,
                          timestamps=timestamps, outlets=outlets, external_share=external)  # type: ignore[arg-type]
        counts = write_corpus(cfg, out)
    typer.echo(f"{counts['documents']} documents ({counts['derived']} derived, {counts['external']} with a source "
               f"outside the corpus) written to {out / 'corpus'}; their true sources to {out / 'truth.jsonl'}")


@app.command()
def train(
    out: Path = typer.Option(Path("edge_model.json"), "--out", "-o", help="Where to write the model (JSON)."),
    seeds: str = typer.Option(None, "--seeds", help="Synthetic corpus seeds to train on, e.g. 1-320 (default: the built-in model's).", show_default=False),
) -> None:
    """Train the edge model on synthetic corpora and write it as JSON (`scan --model FILE` uses it).

    The built-in model (provenance/data/edge_model.json) was made with the defaults:
    `provenance train --out provenance/data/edge_model.json`.
    """
    from .train import TRAIN_SEEDS
    from .train import train as run_train

    with _user_errors():
        chosen = TRAIN_SEEDS
        if seeds is not None:
            m = re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", seeds)
            if not m or int(m.group(1)) > int(m.group(2)):
                raise ConfigError(f"cannot read --seeds {seeds!r}", hint="use FIRST-LAST, e.g. 1-320")
            chosen = range(int(m.group(1)), int(m.group(2)) + 1)
        with _Progress(True) as progress:
            data = run_train(chosen, out=out, progress=progress)
    typer.echo(f"Edge model written to {out} ({data['pair']['rows']} pairs, {data['root']['rows']} documents)")


# --- the index and the CI check -------------------------------------------------------------

index_app = typer.Typer(help="Keep a persistent index of articles for `provenance check`.", no_args_is_help=True,
                        rich_markup_mode=None)
app.add_typer(index_app, name="index")

_INDEX_OPTION = typer.Option(Path(".provenance/index.db"), "--index", "-i", help="The index file (SQLite).")


_ROOT_OPTION = typer.Option(None, "--root", help="Name files by their path relative to this folder (as `index build FOLDER` does).")


def _add_to_index(paths: list[Path], index: Path, metadata: Path | None, jobs: int, fresh: bool,
                  root: Path | None = None) -> None:
    import os
    import time

    from .corpus import read_corpus
    from .index import Index

    with _user_errors():
        cfg = ScanConfig()
        read = read_corpus(paths, max_file_bytes=cfg.max_file_bytes, metadata=str(metadata) if metadata else None,
                           root=root)
        for s in read.skipped:
            typer.echo(f"skipped {s.path}: {s.reason}", err=True)
        if not read.documents and not read.skipped:
            raise ConfigError("no articles found", hint="pass folders or article files")
        target = index
        if fresh:  # build beside the old index, then replace it in one step
            target = index.with_name(f".{index.name}.building-{os.getpid()}")
            target.unlink(missing_ok=True)
        t0 = time.perf_counter()
        try:
            with _Progress(True) as progress, Index(target, cfg, create=True) as ix:
                result = ix.add(read.documents, jobs=jobs, bulk=fresh,
                                progress=lambda done, total: progress("index", done, total))
                if fresh:
                    ix.conn.execute("PRAGMA journal_mode = DELETE")
        except BaseException:
            if fresh:  # a failed or interrupted build leaves the old index as it was, and no debris
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(f"{target}{suffix}").unlink(missing_ok=True)
            raise
        if fresh:
            for suffix in ("-wal", "-shm"):
                Path(f"{index}{suffix}").unlink(missing_ok=True)
            os.replace(target, index)
        elapsed = time.perf_counter() - t0
    typer.echo(f"{index}: {len(result.added)} added, {len(result.replaced)} replaced, "
               f"{len(result.unchanged)} unchanged ({len(read.documents)} articles in {elapsed:.1f}s)")
    raise typer.Exit(EXIT_SKIPPED if read.skipped else EXIT_OK)


@index_app.command("build")
def index_build(
    paths: list[Path] = typer.Argument(..., help="Folders (read recursively) and article files.", show_default=False),
    index: Path = _INDEX_OPTION,
    metadata: Path | None = _METADATA_OPTION,
    jobs: int = typer.Option(2, "--jobs", "-j", min=1, help="Worker processes preparing articles."),
) -> None:
    """Build an index from scratch (replacing the file at --index when the build completes).

    Exit codes: 0 built; 1 built, but some files were skipped; 2 usage or input error."""
    _add_to_index(paths, index, metadata, jobs, fresh=True)


@index_app.command("add")
def index_add(
    paths: list[Path] = typer.Argument(..., help="Article files or folders to add.", show_default=False),
    index: Path = _INDEX_OPTION,
    metadata: Path | None = _METADATA_OPTION,
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes preparing articles."),
    root: Path | None = _ROOT_OPTION,
) -> None:
    """Add articles (the same content again changes nothing; a changed article replaces its old version).
    Creates the index when it does not exist."""
    _add_to_index(paths, index, metadata, jobs, fresh=False, root=root)


@index_app.command("remove")
def index_remove(
    ids: list[str] = typer.Argument(..., help="Document ids to drop (as `index info --ids` lists them).", show_default=False),
    index: Path = _INDEX_OPTION,
) -> None:
    """Drop documents from the index. Exit code 1 when some ids were not there."""
    from .index import Index

    with _user_errors(), Index(index) as ix:
        gone = ix.remove(ids)
    missing = [i for i in ids if i not in gone]
    typer.echo(f"{index}: {len(gone)} removed" + (f"; not in the index: {', '.join(missing)}" if missing else ""))
    raise typer.Exit(EXIT_SKIPPED if missing else EXIT_OK)


@index_app.command("upgrade")
def index_upgrade(index: Path = _INDEX_OPTION) -> None:
    """Recompute the index's lookup keys from the articles it stores, after an upgrade of
    provenance or datasketch changed how keys are made (no corpus needed)."""
    import time

    from .index import Index

    t0 = time.perf_counter()
    with _user_errors(), _Progress(True) as progress, Index(index, stale_keys=True) as ix:
        n = ix.rekey(progress=lambda done, total: progress("upgrade", done, total))
    typer.echo(f"{index}: keys of {n} articles recomputed ({time.perf_counter() - t0:.1f}s)")


@index_app.command("info")
def index_info(
    index: Path = _INDEX_OPTION,
    format: str = typer.Option("text", "--format", "-f", help="text or json."),
    ids: bool = typer.Option(False, "--ids", help="Also list the document ids."),
) -> None:
    """Show the index's size, documents, settings and versions."""
    import json

    from .index import Index
    from .render.text import terminal_safe

    with _user_errors():
        if format not in ("text", "json"):
            raise ConfigError(f"unknown --format {format!r}", hint="use text or json")
        with Index(index) as ix:
            info = ix.info()
            if ids:
                info["ids"] = ix.ids()
    if format == "json":
        typer.echo(json.dumps(info, indent=2, ensure_ascii=False))
        return
    typer.echo(f"{terminal_safe(str(info['path']))}: {info['documents']} documents from {info['outlets']} outlets, "
               f"{info['postings']} lookup keys, {int(info['bytes']) / 1e6:.1f} MB")
    typer.echo(f"format {info['format_version']}, made by {info['created_by']} with datasketch {info['datasketch']}")
    typer.echo("settings: " + ", ".join(f"{k}={v}" for k, v in sorted(info["settings"].items())))
    for doc_id in info.get("ids", []):
        typer.echo(f"  {terminal_safe(doc_id)}")


#: Exit codes of `provenance check`.
CHECK_PASSED = 0
CHECK_FAILED = 1  # the policy failed on at least one article
CHECK_ERROR = 2  # usage error, no index, or a file could not be read (the rest is still checked)


@app.command()
def check(
    paths: list[Path] = typer.Argument(..., help="The new article files (or folders) to check.", show_default=False),
    index: Path = typer.Option(None, "--index", "-i", help="Check against this index [default: .provenance/index.db].", show_default=False),
    against: list[Path] = typer.Option(None, "--against", help="Check against this corpus instead of an index (repeatable)."),
    fail_on: list[str] = typer.Option(["duplicate,uncredited-reuse"], "--fail-on", help="What fails: duplicate, uncredited-reuse, any-reuse, none (comma-separated or repeated)."),
    min_share: float = typer.Option(0.2, "--min-share", min=0.0, max=1.0, help="Share of an article's words from one stored article that counts as reuse."),
    duplicate_share: float = typer.Option(0.8, "--duplicate-share", min=0.0, max=1.0, help="Share that makes it a near duplicate."),
    format: str = typer.Option("text", "--format", "-f", help="text, json, github (annotations), sarif or junit."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the result to this file instead of printing it."),
    update: bool = typer.Option(False, "--update", help="Add the articles that passed to the index."),
    metadata: Path | None = typer.Option(None, "--metadata", help="CSV table file,outlet,url,published for the new articles."),
    root: Path | None = _ROOT_OPTION,
) -> None:
    """Check new articles against everything indexed before: near duplicates, shared passages
    and quotes, likely sources, and whether reused outlets are credited.

    Exit codes: 0 every article passed; 1 the policy failed on at least one; 2 usage or
    input error (no index, a file that cannot be read: the others are still checked).
    """
    from .check import FAIL_ON, Policy
    from .check import check as run_check
    from .render.check import FORMATS, RENDERERS
    from .report import write_atomic

    with _user_errors():
        if format not in FORMATS:
            raise ConfigError(f"unknown --format {format!r}", hint="use " + ", ".join(FORMATS))
        rules = {r.strip() for item in fail_on for r in item.split(",") if r.strip()}
        unknown = rules - set(FAIL_ON) - {"none"}
        if unknown:
            raise ConfigError(f"unknown --fail-on {', '.join(sorted(unknown))}", hint="use " + ", ".join(FAIL_ON) + " or none")
        if index is not None and against:
            raise ConfigError("give --index or --against, not both")
        policy = Policy(frozenset(rules - {"none"}), min_share=min_share, duplicate_share=duplicate_share)
        result = run_check(paths, index=index, against=against or None, policy=policy, update=update,
                           metadata=str(metadata) if metadata else None, root=root)
        text = RENDERERS[format](result)
        if output is not None:
            try:
                write_atomic(output, text)
            except OSError as err:
                raise ConfigError(f"cannot write {output}: {err.strerror}") from None
        else:
            typer.echo(text, nl=False)
    raise typer.Exit(CHECK_ERROR if result.skipped else (CHECK_FAILED if result.failed else CHECK_PASSED))


def main(argv: list[str] | None = None) -> int:
    """Run the command line with `argv` (default: sys.argv[1:]) and return the exit code."""
    try:
        app(args=argv, prog_name="provenance", standalone_mode=True)
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
