from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest
from conftest import CORPUS, write

from provenance.corpus import read_corpus
from provenance.errors import ConfigError, CorpusError

MB = 1024 * 1024
BODY = "WASHINGTON (Reuters) - The Pentagon on Monday denied that it had coordinated air strikes with Russia.\n"


def read(*paths, limit=32 * MB, metadata=None):
    return read_corpus([str(p) for p in paths], max_file_bytes=limit, metadata=metadata)


def test_seed_ids_are_file_stems_and_text_is_the_file_as_read():
    result = read(CORPUS)
    ids = [d.id for d in result.documents]
    assert ids[0] == "000_352b0f2477f577fd"
    assert len(ids) == 5
    for d in result.documents:
        with open(d.path, encoding=d.encoding, newline="") as fh:
            assert fh.read() == d.text
    assert result.skipped == []


def test_seed_date_line_is_metadata_not_content():
    doc = read(CORPUS).documents[0]
    assert doc.published == "2017-01-24"
    assert doc.origins["published"].source == "date-line"
    assert doc.text[doc.origins["published"].start:doc.origins["published"].end] == "2017-01-24"
    assert doc.text[doc.content_start:].startswith("WASHINGTON, January 24. /TASS/.")


def test_sources_csv_fills_in_metadata(tmp_path):
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "sub" / "b.txt", BODY.replace("Reuters", "AP"))
    write(tmp_path / "sources.csv", "file,outlet,url,published\na.txt,Example News,https://example.com/a,2020-05-01\n"
                                    "sub/b.txt,Other,,2020-05-02\nmissing.txt,Nobody,,\n")
    result = read(tmp_path)
    a, b = result.documents
    assert (a.id, a.outlet, a.url, a.published) == ("a", "Example News", "https://example.com/a", "2020-05-01")
    assert a.origins["outlet"].source == "metadata-table"
    assert (b.id, b.outlet, b.published) == ("sub/b", "Other", "2020-05-02")
    assert any("missing.txt" in w or ":4" in w for w in result.warnings)


def test_front_matter_wins_over_the_table_and_offsets_count_it(tmp_path):
    text = "---\noutlet: Daily Example\npublished: 24 January 2017\ntitle: \"A: title\"\nextra: ignored\n---\n" + BODY
    write(tmp_path / "a.md", text)
    write(tmp_path / "sources.csv", "file,outlet,url,published\na.md,Table Outlet,https://t.example/a,2019-01-01\n")
    doc = read(tmp_path).documents[0]
    assert doc.outlet == "Daily Example"
    assert doc.origins["outlet"].source == "front-matter"
    assert doc.published == "2017-01-24"
    assert doc.title == "A: title"
    assert doc.url == "https://t.example/a"  # the file is silent on it, so the table fills it in
    assert doc.text == text
    assert doc.text[doc.content_start:] == BODY


def test_json_list_jsonl_and_record_ids(tmp_path):
    write(tmp_path / "batch.json", json.dumps([
        {"id": "r-1", "text": BODY, "outlet": "Reuters", "published": "2017-01-23T10:00:00Z"},
        {"text": BODY + " Second.", "url": "https://example.com/x"},
    ]))
    write(tmp_path / "one.json", json.dumps({"text": BODY, "title": "One"}))
    write(tmp_path / "feed.jsonl", json.dumps({"text": BODY}) + "\n\n{broken json\n" + json.dumps({"text": "x y z " * 5, "id": 7}) + "\n")
    result = read(tmp_path)
    by_id = {d.id: d for d in result.documents}
    assert set(by_id) == {"r-1", "batch#2", "one", "feed#1", "7"}
    assert by_id["r-1"].published == "2017-01-23T10:00:00Z"
    assert by_id["batch#2"].record == 2
    assert by_id["one"].title == "One"
    assert [s.path for s in result.skipped] == [str(tmp_path / "feed.jsonl") + ":3"]
    assert "malformed JSON" in result.skipped[0].reason


def test_json_records_as_scrapers_and_news_apis_write_them(tmp_path):
    write(tmp_path / "newsapi.json", json.dumps({"articles": 0, "content": BODY, "source": {"id": None, "name": "Reuters"},
                                                 "publishedAt": "2017-01-23T10:00:00Z", "author": None}))
    write(tmp_path / "newsplease.json", json.dumps({"maintext": BODY + " More.", "date_publish": "2017-01-23 10:00:00",
                                                    "source_domain": "reuters.com", "authors": ["Jane Doe", "John Roe"]}))
    result = read(tmp_path)
    by_id = {d.id: d for d in result.documents}
    assert by_id["newsapi"].text == BODY and by_id["newsapi"].outlet == "Reuters"
    assert by_id["newsapi"].published == "2017-01-23T10:00:00Z"
    assert by_id["newsplease"].text == BODY + " More."
    assert by_id["newsplease"].published == "2017-01-23T10:00:00"
    assert by_id["newsplease"].publisher == "reuters.com" and by_id["newsplease"].author == "Jane Doe, John Roe"
    assert result.skipped == []


def test_html_main_text_without_menus(tmp_path):
    page = """<html><head><title>Pentagon denies | Example Times</title>
    <meta property="og:site_name" content="Example Times">
    <link rel="canonical" href="https://example.com/world/pentagon">
    <meta property="article:published_time" content="2017-01-23T15:04:00+01:00"></head>
    <body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li></ul></nav>
    <article><h1>Pentagon denies</h1>
    <p>WASHINGTON (AP) — The Pentagon on Monday denied that it had coordinated air strikes with Russia in Syria.</p>
    <p>"The Department of Defense is not coordinating air strikes with the Russian military in Syria," a spokesman said.</p>
    <p>Russia and the United States back opposing sides in the Syrian conflict, officials said on Monday.</p>
    </article><footer>Follow us on Facebook. Copyright 2017 Example Times.</footer></body></html>"""
    write(tmp_path / "page.html", page)
    doc = read(tmp_path).documents[0]
    assert doc.format == "html"
    assert "not coordinating air strikes" in doc.text
    assert "World news menu" not in doc.text
    assert doc.url == "https://example.com/world/pentagon"
    assert doc.publisher == "Example Times"
    assert doc.published == "2017-01-23T14:04:00Z"
    assert doc.origins["published"].source == "html-meta"


def test_html_language_from_the_page_and_no_byline_verb_for_an_author(tmp_path):
    page = """<!DOCTYPE html><html lang="en-GB"><head><title>Two dead in Marseille gas explosion - France 24</title>
    <meta property="og:site_name" content="France 24"></head><body><main><article>
    <h1>Two dead in Marseille gas explosion</h1><p class="byline">Issued on: 11/03/2025 - 12:05</p>
    <p>French authorities on Tuesday ordered the evacuation of three tower blocks in Marseille after a gas explosion.</p>
    <p>The blast ripped the facade off a 12-storey block in the Saint-Just district shortly after 3:00 am.</p>
    <p>(AFP)</p></article></main></body></html>"""
    write(tmp_path / "page.html", page)
    doc = read(tmp_path).documents[0]
    assert doc.language == "en"
    assert doc.author is None
    assert doc.text.endswith("(AFP)")


def test_html_drawn_by_a_script_keeps_its_json_ld_paragraphs_and_date(tmp_path):
    body = ("BEIRUT (AP) — The Pentagon on Monday denied that it had coordinated air strikes with Russia.\n\n"
            "“We are not coordinating,” a spokesman said on Monday in Washington.")
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Example Times"},
        {"@type": "NewsArticle", "headline": "Pentagon denies", "datePublished": "2017-01-23T15:04:00+01:00",
         "articleBody": body}]}
    page = (f'<html><head><title>Pentagon denies</title><script type="application/ld+json">{json.dumps(ld)}'
            '</script></head><body><div id="app"></div><footer>Privacy policy</footer></body></html>')
    write(tmp_path / "page.html", page)
    doc = read(tmp_path).documents[0]
    assert doc.text == body  # two paragraphs, the dash and curly quotes as written
    assert doc.published == "2017-01-23T14:04:00Z"


def test_encodings_as_they_come(tmp_path):
    write(tmp_path / "bom.txt", codecs.BOM_UTF8 + BODY.encode())
    write(tmp_path / "u16.txt", codecs.BOM_UTF16_LE + BODY.encode("utf-16-le"))
    write(tmp_path / "latin.txt", ("Caf\xe9 r\xe9sum\xe9 \x19" + BODY).replace("\n", "\r\n").encode("latin-1"))
    result = read(tmp_path)
    assert {d.id: d.encoding for d in result.documents} == {"bom": "utf-8-sig", "latin": "cp1252", "u16": "utf-16"}
    for d in result.documents:
        with open(d.path, encoding=d.encoding, newline="") as fh:
            assert fh.read() == d.text


def test_bad_files_are_reported_by_name_and_the_rest_is_read(tmp_path):
    write(tmp_path / "good.txt", BODY)
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "binary.txt", bytes(range(256)) * 8)
    write(tmp_path / "bad.json", "{not json")
    write(tmp_path / "fm.md", "---\noutlet: X\nno closing marker\n" + BODY)
    write(tmp_path / "fm2.md", "---\nthis line has no key\n---\n" + BODY)
    write(tmp_path / "norecord.json", json.dumps({"title": "no text"}))
    (tmp_path / "loop").mkdir()
    os.symlink("..", tmp_path / "loop" / "back")
    os.symlink("nowhere.txt", tmp_path / "dangling.txt")
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(100 * MB)
    write(tmp_path / "notes.xyz", "ignored")
    result = read(tmp_path)
    assert [d.id for d in result.documents] == ["good"]
    reasons = {Path(s.path).name: s.reason for s in result.skipped}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "malformed JSON" in reasons["bad.json"]
    assert "never closed" in reasons["fm.md"]
    assert "key: value" in reasons["fm2.md"]
    assert "text" in reasons["norecord.json"]
    assert "loop" in reasons["back"]
    assert "broken symbolic link" in reasons["dangling.txt"]
    assert "size limit" in reasons["big.txt"] and "--max-file-size" in reasons["big.txt"]
    assert result.ignored == 1


def test_size_limit_is_the_users_to_change(tmp_path):
    write(tmp_path / "a.txt", BODY * 40)
    write(tmp_path / "b.txt", BODY)
    small = read(tmp_path, limit=1024)
    assert [d.id for d in small.documents] == ["b"]
    assert "size limit" in small.skipped[0].reason
    assert [d.id for d in read(tmp_path, limit=64 * 1024).documents] == ["a", "b"]


def test_unreadable_file_is_skipped(tmp_path, monkeypatch):
    write(tmp_path / "good.txt", BODY)
    secret = write(tmp_path / "secret.txt", BODY)
    real_open = open

    def guarded(file, *args, **kwargs):
        if Path(file) == secret:
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", guarded)
    result = read(tmp_path)
    assert [d.id for d in result.documents] == ["good"]
    assert result.skipped[0].reason == "permission denied"


def test_missing_or_empty_corpus_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        read(tmp_path / "nope")
    with pytest.raises(CorpusError, match="no articles"):
        read(tmp_path)


def test_explicit_metadata_table_errors_are_config_errors(tmp_path):
    write(tmp_path / "a.txt", BODY)
    bad = write(tmp_path / "meta.csv", "name,outlet\na.txt,X\n")
    with pytest.raises(ConfigError, match="file"):
        read(tmp_path / "a.txt", metadata=bad)


def test_duplicate_ids_are_kept_apart(tmp_path):
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "a.md", BODY + " More.")
    result = read(tmp_path)
    assert sorted(d.id for d in result.documents) == ["a", "a~2"]
    assert any("already taken" in w for w in result.warnings)


def test_an_html_time_late_in_the_day_west_of_greenwich_is_kept_in_utc(tmp_path):
    """18:04 on the 22nd at UTC-6 is the 23rd in UTC; the page's own day is the 22nd."""
    page = ('<html><head><title>Senate passes stopgap bill</title>'
            '<meta property="article:published_time" content="2024-03-22T18:04:00-06:00"></head><body><article>'
            '<h1>Senate passes stopgap bill</h1><p>WASHINGTON (AP) — The Senate passed a $1.2 trillion spending '
            'package early Saturday, averting a partial government shutdown just hours after the deadline.</p>'
            '<p>The 74-24 vote sends the bill to President Joe Biden, who is expected to sign it quickly.</p>'
            '</article></body></html>')
    write(tmp_path / "page.html", page)
    assert read(tmp_path).documents[0].published == "2024-03-23T00:04:00Z"
