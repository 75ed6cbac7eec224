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


@app.command()
def scan(
    paths: list[Path] = typer.Argument(..., help="Folders (read recursively) and article files.", show_default=False),
    out: Path = typer.Option(Path("provenance-report"), "--out", "-o", help="Folder to write report.json into."),
    format: str = typer.Option("text", "--format", "-f", help="What to print: text (a summary) or json (the report)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors; still write the report."),
    metadata: Path | None = typer.Option(None, "--metadata", help="CSV table file,outlet,url,published filling in what files do not say."),
    aliases: Path | None = typer.Option(None, "--aliases", help="TOML file of extra outlet names (format of data/outlets.toml)."),
    max_file_size: str = typer.Option("32M", "--max-file-size", help="Skip files larger than this (e.g. 500K, 32M, 1G)."),
    top: int = typer.Option(10, "--top", min=0, help="Shared passages listed in the summary."),
) -> None:
    """Scan a corpus and write report.json: documents, their outlets and dates, shared passages.

    Exit codes: 0 every file was read; 1 the report was written but some files were
    skipped (listed with the reason); 2 usage error or nothing to scan.
    """
    from .pipeline import scan as run_scan
    from .render.text import summary
    from .report import dumps, write_atomic

    with _user_errors():
        if format not in ("text", "json"):
            raise ConfigError(f"unknown --format {format!r}", hint="use text or json")
        cfg = ScanConfig(max_file_bytes=_parse_size(max_file_size))
        with _Progress(not quiet) as progress:
            report = run_scan(paths, config=cfg, metadata=str(metadata) if metadata else None,
                              aliases=str(aliases) if aliases else None, progress=progress)
        payload = dumps(report)
        try:
            write_atomic(out / "report.json", payload)
        except OSError as err:
            raise ConfigError(f"cannot write {out / 'report.json'}: {err.strerror}") from None
    if not quiet:
        if format == "json":
            typer.echo(payload, nl=False)
        else:
            typer.echo(summary(report, top=top), nl=False)
            typer.echo(f"Report written to {out / 'report.json'}")
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
    metadata: Path | None = typer.Option(None, "--metadata", help="CSV table file,outlet,url,published."),
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
