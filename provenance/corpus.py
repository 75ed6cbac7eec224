"""Read a corpus: find article files, decode them, and take the metadata they carry.

Formats:
- `.txt` / `.md`: plain text, with optional `---` front matter (outlet, url, published,
  title, author, language, publisher, agency) or a seed-style first line `date 2017-01-24`.
- `.json` (one record or a list) and `.jsonl`: records with `text` (or `content`, `body`,
  `article`, `maintext`, ...: `BODY_KEYS`) and optional `id`, `outlet`, `url`, `published`
  (or `date`, `publishedAt`, `date_publish`, ...), `title`, `author` (or a list of `authors`),
  `language`, `publisher`, `agency`; `source` may be NewsAPI's `{"name": ...}`.
- `.html` / `.htm`: the article's main text and metadata, extracted with trafilatura.
- `sources.csv` in a folder (or `--metadata FILE`): columns `file,outlet,url,published`
  (and optionally title, author, language, publisher, agency) filling in what files do not say.

A file that cannot be read is reported by name with the reason and skipped; reading
goes on. This is one of the few modules that touch the file system.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from .dates import parse_date
from .encoding import DecodeError, decode
from .errors import ConfigError, CorpusError, InputFileError
from .model import Document, Origin, SkippedFile

ARTICLE_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".json": "json", ".jsonl": "jsonl",
                    ".ndjson": "jsonl", ".html": "html", ".htm": "html"}
METADATA_TABLE = "sources.csv"
META_FIELDS = ("outlet", "publisher", "agency", "published", "url", "title", "author", "language")
_FIELD_ALIASES = {"date": "published", "pubdate": "published", "published_at": "published",
                  "publication_date": "published", "publishedat": "published", "date_publish": "published",
                  "datepublished": "published", "date_published": "published", "published_date": "published",
                  "pub_date": "published", "lang": "language", "source": "outlet", "source_name": "outlet",
                  "site": "publisher", "source_domain": "publisher", "byline": "author", "authors": "author",
                  "headline": "title", "link": "url"}
#: Where a JSON record keeps the article's text: `text`, else the first of the others it has
#: (as news-please, NewsAPI and common scrapes write them).
BODY_KEYS = ("text", "content", "body", "article", "maintext", "full_text", "article_text")
_SEED_DATE_LINE = re.compile(r"\A[ \t\ufeff]*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]*")
_FRONT_MATTER_OPEN = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
_FRONT_MATTER_MAX = 16384


@dataclass
class ReadResult:
    documents: list[Document] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ignored: int = 0  # files with suffixes that are not articles


@dataclass(frozen=True)
class _Found:
    path: Path  # as the user can open it
    shown: str  # as reported (POSIX, relative to where the user pointed)
    stem_id: str  # document id before record numbers: relative path without suffix
    root: Path | None  # the scanned folder it came from, None for a file given directly


def read_corpus(paths: Sequence[str | os.PathLike[str]], *, max_file_bytes: int,
                metadata: str | os.PathLike[str] | None = None,
                root: str | os.PathLike[str] | None = None) -> ReadResult:
    """Read every article under `paths` (folders recursively, or files). With `root`, a file
    under it is named by its path relative to `root` (as if `root` had been scanned), so files
    named one by one get the ids the index gave them when their folder was indexed."""
    if not paths:
        raise CorpusError("no corpus given", hint="pass a folder or files, e.g. `provenance scan corpus/`")
    result = ReadResult()
    found: list[_Found] = []
    tables: list[tuple[Path, Path]] = []  # (table file, folder its paths are relative to)
    for p in paths:
        path = Path(p)
        if not path.exists() and not path.is_symlink():
            raise CorpusError(f"{p}: no such file or folder")
        if path.is_dir():
            _walk(path, found, tables, result)
        elif path.suffix.lower() in ARTICLE_SUFFIXES:
            found.append(_Found(path, path.as_posix(), path.stem, None))
        elif path.name == METADATA_TABLE:
            tables.append((path, path.parent))
        else:
            result.skipped.append(SkippedFile(path.as_posix(), f"unsupported file type {path.suffix or '(none)'}; "
                                                               f"articles are {', '.join(sorted(ARTICLE_SUFFIXES))}"))
    if root is not None:
        found = [_rooted(f, Path(root)) for f in found]
    table = _MetadataTable()
    # Shallow tables first, so a folder's own sources.csv overrides one further up.
    for table_path, base in sorted(tables, key=lambda t: (len(t[1].parts), t[0].as_posix())):
        try:
            table.load(table_path, base)
        except InputFileError as err:
            result.skipped.append(SkippedFile(table_path.as_posix(), err.reason))
    if metadata is not None:
        try:
            table.load(Path(metadata), None)
        except InputFileError as err:
            raise ConfigError(f"--metadata {err.path}: {err.reason}") from None

    for f in found:
        try:
            docs = _read_file(f, max_file_bytes, result.warnings)
        except InputFileError as err:
            result.skipped.append(SkippedFile(err.path, err.reason))
            continue
        for doc, skipped in docs:
            if skipped is not None:
                result.skipped.append(skipped)
            elif doc is not None:
                result.documents.append(table.apply(doc, f))
    result.warnings.extend(table.unused_rows())
    _make_ids_unique(result)
    if not result.documents:
        detail = ""
        if result.skipped:
            listed = "".join(f"\n  {s.path}: {s.reason}" for s in result.skipped[:10])
            more = f"\n  ... and {len(result.skipped) - 10} more" if len(result.skipped) > 10 else ""
            detail = f"; {len(result.skipped)} file(s) could not be read:{listed}{more}"
        raise CorpusError(f"no articles found in {', '.join(str(p) for p in paths)}{detail}",
                          hint=f"articles are {', '.join(sorted(ARTICLE_SUFFIXES))} files")
    return result


# --- finding files ------------------------------------------------------------------------

def _walk(root: Path, found: list[_Found], tables: list[tuple[Path, Path]], result: ReadResult) -> None:
    def visit(folder: Path, rel: PurePosixPath, ancestors: frozenset[tuple[int, int]]) -> None:
        try:
            st = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as err:
            result.skipped.append(SkippedFile(_shown(root, rel), f"cannot list folder: {err.strerror}"))
            return
        key = (st.st_dev, st.st_ino)
        if key in ancestors:
            result.skipped.append(SkippedFile(_shown(root, rel), "symbolic link loop: it leads back to a folder above it"))
            return
        ancestors = ancestors | {key}
        for entry in entries:
            if entry.name.startswith(".") or entry.name == "__pycache__":
                continue
            child = folder / entry.name
            child_rel = rel / entry.name
            shown = _shown(root, child_rel)
            try:
                is_dir = entry.is_dir()  # follows symlinks
                is_file = entry.is_file()
            except OSError as err:
                result.skipped.append(SkippedFile(shown, f"cannot inspect: {err.strerror}"))
                continue
            if entry.is_symlink() and not (is_dir or is_file):
                reason = "symbolic link loop" if _is_link_loop(child) else "broken symbolic link"
                result.skipped.append(SkippedFile(shown, reason))
                continue
            if is_dir:
                visit(child, child_rel, ancestors)
            elif entry.name == METADATA_TABLE:
                tables.append((child, folder))
            elif is_file and Path(entry.name).suffix.lower() in ARTICLE_SUFFIXES:
                stem = str(child_rel.with_suffix("")) if child_rel.suffix else str(child_rel)
                found.append(_Found(child, shown, stem, root))
            else:
                result.ignored += 1

    visit(root, PurePosixPath(), frozenset())


def _shown(root: Path, rel: PurePosixPath) -> str:
    return (PurePosixPath(root.as_posix()) / rel).as_posix() if str(rel) != "." else root.as_posix()


def _is_link_loop(path: Path) -> bool:
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return True
    except OSError as err:
        return err.errno == 40  # ELOOP
    return False


# --- reading one file ---------------------------------------------------------------------

def _read_bytes(f: _Found, max_file_bytes: int) -> bytes:
    try:
        size = f.path.stat().st_size
        if size > max_file_bytes:
            raise InputFileError(f.shown, f"{_mb(size)} is over the {_mb(max_file_bytes)} size limit "
                                          f"(raise it with --max-file-size)")
        with open(f.path, "rb") as fh:
            data = fh.read(max_file_bytes + 1)
    except PermissionError:
        raise InputFileError(f.shown, "permission denied") from None
    except IsADirectoryError:
        raise InputFileError(f.shown, "is a folder") from None
    except OSError as err:
        raise InputFileError(f.shown, f"cannot read: {err.strerror or err}") from None
    if len(data) > max_file_bytes:
        raise InputFileError(f.shown, f"over the {_mb(max_file_bytes)} size limit (raise it with --max-file-size)")
    return data


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB" if n >= 1024 * 1024 else f"{n} bytes"


def _read_file(f: _Found, max_file_bytes: int, warnings: list[str]) -> list[tuple[Document | None, SkippedFile | None]]:
    data = _read_bytes(f, max_file_bytes)
    try:
        text, codec = decode(data)
    except DecodeError as err:
        raise InputFileError(f.shown, str(err)) from None
    fmt = ARTICLE_SUFFIXES[f.path.suffix.lower()]
    if fmt in ("txt", "md"):
        return [(_plain_document(f, text, codec, fmt, warnings), None)]
    if fmt == "html":
        return [(_html_document(f, text, codec, warnings), None)]
    return list(_json_documents(f, text, codec, fmt, warnings))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _plain_document(f: _Found, text: str, codec: str, fmt: str, warnings: list[str]) -> Document:
    meta: dict[str, str] = {}
    origins: dict[str, Origin] = {}
    content_start = 0
    fm = _FRONT_MATTER_OPEN.match(text)
    if fm:
        close = _FRONT_MATTER_CLOSE.search(text, fm.end(), min(len(text), _FRONT_MATTER_MAX))
        if close is None:
            raise InputFileError(f.shown, "front matter opened with --- on line 1 is never closed with ---")
        for key, value in _parse_front_matter(f.shown, text[fm.end():close.start()]):
            _take(meta, origins, key, value, "front-matter", f.shown, warnings)
        content_start = close.end()
    else:
        dl = _SEED_DATE_LINE.match(text)
        if dl:
            iso = parse_date(dl.group(1))
            if iso:
                meta["published"] = iso
                origins["published"] = Origin("date-line", dl.start(1), dl.end(1))
                content_start = dl.end()
    if not text[content_start:].strip():
        raise InputFileError(f.shown, "no article text after the front matter")
    return Document(id=f.stem_id, path=f.shown, text=text, format=fmt, encoding=codec,
                    content_start=content_start, origins=origins, sha256=_sha(text), **meta)


def _parse_front_matter(shown: str, block: str) -> Iterator[tuple[str, str]]:
    for n, line in enumerate(block.splitlines(), start=2):
        if not line.strip() or line.lstrip().startswith("#") or line[:1] in (" ", "\t") or line.startswith("- "):
            continue
        key, sep, value = line.partition(":")
        if not sep or not re.fullmatch(r"[A-Za-z_][\w-]*", key.strip()):
            raise InputFileError(shown, f"front matter line {n} is not `key: value`: {line[:60]!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        yield key.strip().lower(), value


def _take(meta: dict[str, str], origins: dict[str, Origin], key: str, value: object,
          source: str, shown: str, warnings: list[str]) -> None:
    key = _FIELD_ALIASES.get(key, key)
    if key not in META_FIELDS or value is None:
        return
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        value = value["name"]  # NewsAPI's "source": {"id": ..., "name": "Reuters"}
    elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        value = ", ".join(v.strip() for v in value if v.strip())  # "authors": ["Jane Doe", "John Roe"]
    if not isinstance(value, str):
        if isinstance(value, (int, float)) and key != "published":
            value = str(value)
        else:
            warnings.append(f"{shown}: {key} should be text, got {type(value).__name__}; ignored")
            return
    value = value.strip()
    if not value:
        return
    if key == "published":
        iso = parse_date(value)
        if iso is None:
            warnings.append(f"{shown}: published {value!r} is not an unambiguous date (use YYYY-MM-DD); ignored")
            return
        value = iso
    if key == "url" and not re.match(r"https?://", value, re.IGNORECASE):
        warnings.append(f"{shown}: url {value[:80]!r} is not an http(s) URL; ignored")
        return
    meta[key] = value
    origins[key] = Origin(source)  # type: ignore[arg-type]


def _json_documents(f: _Found, text: str, codec: str, fmt: str,
                    warnings: list[str]) -> Iterator[tuple[Document | None, SkippedFile | None]]:
    records: list[tuple[int, object]] = []
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise InputFileError(f.shown, f"malformed JSON: {err.msg} at line {err.lineno} column {err.colno}") from None
        if isinstance(data, dict):
            records = [(0, data)]
        elif isinstance(data, list):
            records = list(enumerate(data, start=1))
        else:
            raise InputFileError(f.shown, "JSON must hold an article object or a list of them")
    else:
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((n, json.loads(line)))
            except json.JSONDecodeError as err:
                yield None, SkippedFile(f"{f.shown}:{n}", f"malformed JSON line: {err.msg} at column {err.colno}")
        if not records:
            raise InputFileError(f.shown, "no JSON records in the file")
    where = "line" if fmt == "jsonl" else "record"
    for n, rec in records:
        label = f"{f.shown}:{n}" if n else f.shown
        if not isinstance(rec, dict):
            yield None, SkippedFile(label, f"{where} {n} is not a JSON object")
            continue
        body_key = next((k for k in BODY_KEYS if isinstance(rec.get(k), str) and rec[k].strip()), None)
        if body_key is None:
            yield None, SkippedFile(label, f"{where} {n} has no \"text\" string" if n else "no \"text\" string")
            continue
        body = rec[body_key]
        meta: dict[str, str] = {}
        origins: dict[str, Origin] = {}
        for key, value in rec.items():
            if key not in BODY_KEYS and key != "id":
                _take(meta, origins, key.lower(), value, "record", label, warnings)
        rid = rec.get("id")
        if isinstance(rid, (str, int)) and not isinstance(rid, bool) and str(rid).strip():
            doc_id = str(rid).strip()
        else:
            doc_id = f"{f.stem_id}#{n}" if n else f.stem_id
        yield Document(id=doc_id, path=f.shown, text=body, format=fmt, encoding=codec, record=n or None,
                       origins=origins, sha256=_sha(body), **meta), None


def _html_document(f: _Found, html: str, codec: str, warnings: list[str]) -> Document:
    from .htmltext import extract

    page = extract(html)
    if page is None:
        raise InputFileError(f.shown, "no article text found in the HTML page")
    meta: dict[str, str] = {}
    origins: dict[str, Origin] = {}
    for key, value in page.meta.items():
        _take(meta, origins, key, value, "html-meta", f.shown, warnings)
    return Document(id=f.stem_id, path=f.shown, text=page.text, format="html", encoding=codec,
                    origins=origins, sha256=_sha(page.text), **meta)


# --- the metadata table ---------------------------------------------------------------------

class _MetadataTable:
    """Rows of sources.csv / --metadata, matched to documents by path, file name or id."""

    def __init__(self) -> None:
        self._rows: dict[str, tuple[str, int, dict[str, str]]] = {}
        self._used: set[str] = set()

    def load(self, path: Path, base: Path | None) -> None:
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise InputFileError(path.as_posix(), f"cannot read: {err.strerror}") from None
        try:
            text, _ = decode(raw)
        except DecodeError as err:
            raise InputFileError(path.as_posix(), str(err)) from None
        try:
            reader = csv.DictReader(io.StringIO(text, newline=""))
            header = [h.strip().lower() for h in (reader.fieldnames or [])]
        except csv.Error as err:
            raise InputFileError(path.as_posix(), f"malformed CSV: {err}") from None
        if "file" not in header and "id" not in header:
            raise InputFileError(path.as_posix(), "a metadata table needs a `file` (or `id`) column, "
                                                  "e.g. file,outlet,url,published")
        reader.fieldnames = header
        try:
            for n, row in enumerate(reader, start=2):
                key = (row.get("file") or row.get("id") or "").strip()
                if not key:
                    continue
                values = {k: (v or "").strip() for k, v in row.items() if k and k not in ("file", "id")}
                for k in _keys(key, base):
                    self._rows[k] = (f"{path.as_posix()}:{n}", n, values)
        except csv.Error as err:
            raise InputFileError(path.as_posix(), f"malformed CSV at line {reader.line_num}: {err}") from None

    def apply(self, doc: Document, f: _Found) -> Document:
        row = None
        for k in _doc_keys(doc, f):
            if k in self._rows:
                row = self._rows[k]
                break
        if row is None:
            return doc
        label, _, values = row
        self._used.add(label)
        meta = {k: getattr(doc, k) for k in META_FIELDS}
        origins = dict(doc.origins)
        warnings: list[str] = []
        filled: dict[str, str] = {}
        for key, value in values.items():
            key = _FIELD_ALIASES.get(key, key)
            if key in META_FIELDS and meta.get(key) is None and value:
                _take(filled, origins, key, value, "metadata-table", label, warnings)
        return replace(doc, origins=origins, **filled)

    def unused_rows(self) -> list[str]:
        labels = {label for label, _, _ in self._rows.values()}
        return [f"{label}: no article in the corpus matches this row" for label in sorted(labels - self._used,
                                                                                         key=_label_order)]


def _label_order(label: str) -> tuple[str, int]:
    path, _, n = label.rpartition(":")
    return path, int(n) if n.isdigit() else 0


def _keys(key: str, base: Path | None) -> list[str]:
    key = key.replace("\\", "/")
    out = [key]
    if base is not None:
        out.append((PurePosixPath(base.as_posix()) / key).as_posix())
    return out


def _doc_keys(doc: Document, f: _Found) -> Iterable[str]:
    yield doc.id
    yield f.shown
    yield f.path.as_posix()
    if f.root is not None:
        yield f.path.relative_to(f.root).as_posix()
    yield f.path.name
    yield f.stem_id


def _rooted(f: _Found, root: Path) -> _Found:
    try:
        rel = f.path.absolute().relative_to(root.absolute())
    except ValueError:
        return f
    return _Found(f.path, f.shown, rel.with_suffix("").as_posix() if rel.suffix else rel.as_posix(), f.root)


def _make_ids_unique(result: ReadResult) -> None:
    seen: dict[str, int] = {}
    docs = []
    for d in result.documents:
        if d.id in seen:
            seen[d.id] += 1
            new_id = f"{d.id}~{seen[d.id]}"
            while new_id in seen:
                seen[d.id] += 1
                new_id = f"{d.id}~{seen[d.id]}"
            result.warnings.append(f"{d.path}: document id {d.id!r} is already taken; this one is {new_id!r}")
            seen[new_id] = 1
            d = replace(d, id=new_id)
        else:
            seen[d.id] = 1
        docs.append(d)
    result.documents = docs
