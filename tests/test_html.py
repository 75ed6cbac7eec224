"""report.html: self-contained, escaped, deterministic, and working in a real browser
(headless Chromium through Debian's chromedriver)."""

from __future__ import annotations

import base64
import hashlib
import html
import os
import shutil
import unicodedata
from html.parser import HTMLParser

import pytest
from conftest import CORPUS, write
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from provenance import scan
from provenance.cli import app
from provenance.render.html import CSP, esc, render_html, safe_url

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
_NO_BROWSER = "headless Chromium and chromedriver are not installed (scripts/system-deps installs Debian's chromium and chromium-driver)"


def _need_browser():
    if not (CHROMIUM and CHROMEDRIVER):
        if os.environ.get("PROVENANCE_REQUIRE_BROWSER"):
            pytest.fail(_NO_BROWSER + "; CI requires them")
        pytest.skip(_NO_BROWSER)


HOSTILE_TITLE = 'Breaking <b>news</b> "quoted" <script>window.__pwned = "title"</script>'
HOSTILE_TEXT = """The agency said the deal collapsed on Monday after talks in the capital broke down late at night.
<script>window.__pwned = "script"</script>
<img src=x onerror="window.__pwned = 'img'">
</style><style>body{display:none}</style>
--><!-- "' onmouseover="window.__pwned='attr'" x='
</textarea></title></script><svg onload="window.__pwned='svg'"></svg>
\"We will not sign anything that hurts our farmers,\" the minister said, according to officials who attended.
Negotiators are expected to meet again next week in a final attempt to save the agreement from collapse.
"""


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for k, outlet in enumerate(["Evil <i>Daily</i>", "Copy\u202eCat"]):
        write(folder / f"a{k}.md", f"---\noutlet: {outlet}\ntitle: {HOSTILE_TITLE}\npublished: 2021-05-0{k + 1}\n"
                                   f"url: javascript:window.__pwned='url{k}'\n---\n{HOSTILE_TEXT}")
    write(folder / "b.md", "---\noutlet: Fine Times\nurl: https://example.org/a?b=1&c=<2>\n---\n" + HOSTILE_TEXT)
    return scan(folder)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.data: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self._in = tag if tag in self.data else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in:
            self.data[self._in].append(data)


def _parse(page: str) -> _Tags:
    p = _Tags()
    p.feed(page)
    return p


def test_hostile_text_never_becomes_markup(hostile_report):
    page = render_html(hostile_report)
    tags = _parse(page)
    names = [t for t, _ in tags.tags]
    assert names.count("script") == 1 and names.count("style") == 1
    assert "img" not in names and "textarea" not in names and "i" not in names and "b" not in names
    for tag, attrs in tags.tags:
        for key, value in attrs:
            assert not key.startswith("on"), (tag, key)
            assert key != "style", tag
            if key == "href" and not (value or "").startswith("#"):
                assert value.startswith(("http://", "https://")), value
    assert "javascript:" not in "".join(v or "" for _, attrs in tags.tags for _, v in attrs)
    assert "\u202e" not in page  # no right-to-left override reordering what readers see
    assert 'https://example.org/a?b=1&amp;c=&lt;2&gt;' in page


def test_the_policy_allows_exactly_the_shipped_style_and_script(hostile_report):
    page = render_html(hostile_report)
    tags = _parse(page)
    for kind in ("script", "style"):
        body = "".join(tags.data[kind])
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{kind}-src 'sha256-{digest}'" in CSP
    assert "default-src 'none'" in CSP and "unsafe-inline" not in CSP
    assert f'content="{CSP}"' in page


def test_escaping_drops_exactly_the_control_and_format_characters():
    """Every code point: a control, format, surrogate or private-use character (other than tab
    and newline) is dropped, whatever surrounds it; every other one is kept, HTML-escaped."""
    hidden = ("Cc", "Cf", "Cs", "Co")
    points = [chr(c) for c in range(0x110000)]
    for k in range(0, len(points), 8192):
        chunk = points[k:k + 8192]
        text = "a".join(chunk)
        kept = "a".join(ch if ch in "\n\t" or unicodedata.category(ch) not in hidden else "" for ch in chunk)
        assert esc(text) == html.escape(kept, quote=True)
    assert esc(None) == "" and esc('<b a="1">') == "&lt;b a=&quot;1&quot;&gt;"


@pytest.mark.parametrize(("url", "ok"), [("https://a.example/x", True), ("http://a.example", True),
                                         ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False),
                                         ("data:text/html,x", False), ("//a.example", False), ("/local", False),
                                         ("https://a.example/\nx", False), (None, False)])
def test_only_http_links(url, ok):
    assert (safe_url(url) is not None) == ok


def test_the_page_is_deterministic_and_written_by_scan_and_report(tmp_path):
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["scan", str(CORPUS), "--out", str(out), "--quiet"]).exit_code == 0
    first = (out / "report.html").read_bytes()
    assert CliRunner().invoke(app, ["report", str(out / "report.json"), "--html", str(tmp_path / "again.html")]).exit_code == 0
    assert (tmp_path / "again.html").read_bytes() == first
    assert b"http://" not in first.split(b"<main>")[0].replace(b"http://www.w3.org", b"")  # nothing fetched
    bad = CliRunner().invoke(app, ["report", str(tmp_path / "missing.json"), "--html", str(tmp_path / "x.html")])
    assert bad.exit_code == 2


# --- in a real browser ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--allow-file-access-from-files"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    yield driver
    driver.quit()


def _open(browser, page: str, path):
    path.write_text(page, encoding="utf-8")
    browser.get(path.as_uri())
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_seed_report_renders_and_an_edge_shows_its_passages(browser, seed_report, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    errors = _open(browser, render_html(seed_report), tmp_path / "report.html")
    assert errors == []  # no console errors: no CSP violation, no script error
    nodes = browser.find_elements(By.CSS_SELECTOR, "svg.graph g.node")
    assert len(nodes) == len(seed_report.nodes)
    labels = " ".join(n.text for n in nodes)
    assert "TASS" in labels and "Reuters" in labels
    # the edge Reuters -> thehilltalk.com carries passages: select it with the keyboard
    k = next(i for i, e in enumerate(seed_report.edges)
             if e.target.startswith("001_") and e.source.startswith("002_"))
    edge = browser.find_element(By.CSS_SELECTOR, f'g.edge[data-show="edge-{k}"]')
    browser.execute_script("arguments[0].focus()", edge)
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    panel = browser.find_element(By.ID, "details")
    assert panel.get_attribute("data-showing") == f"edge-{k}"
    pairs = panel.find_elements(By.CSS_SELECTOR, ".pair")
    assert pairs, "the edge's shared passages are shown side by side"
    refs = {i.ref for i in seed_report.edges[k].evidence if i.kind == "passage"}
    passage = next(p for p in seed_report.passages if p.id in refs)
    copied = next(s for s in passage.spans if s.doc == seed_report.edges[k].target)
    assert " ".join(copied.text.split()[:4]) in " ".join(panel.get_attribute("textContent").split())
    # and a node with a real mouse click
    ActionChains(browser).move_to_element(nodes[0].find_element(By.TAG_NAME, "rect")).click().perform()
    assert panel.get_attribute("data-showing") == nodes[0].get_attribute("data-show")
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_the_graphs_edge_labels_do_not_overlap(browser, seed_report, tmp_path):
    """Several edges meet at the seed graph's Reuters article (its credit and three speakers it
    heard): their labels, placed along their edges, stay apart as the browser draws them."""
    assert _open(browser, render_html(seed_report), tmp_path / "report.html") == []
    boxes = browser.execute_script(
        "return Array.from(document.querySelectorAll('svg.graph text.elabel'))"
        ".map(t => { const b = t.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; });")
    assert len(boxes) == len(seed_report.edges)
    overlapping = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                   if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
    assert overlapping == []


def test_hostile_corpus_runs_no_script_in_the_browser(browser, hostile_report, tmp_path):
    from selenium.webdriver.common.by import By

    errors = _open(browser, render_html(hostile_report), tmp_path / "hostile.html")
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.execute_script("return document.scripts.length") == 1
    assert browser.find_elements(By.CSS_SELECTOR, "img, iframe, textarea, a[href^='javascript']") == []
    assert browser.find_element(By.TAG_NAME, "body").is_displayed()  # the injected </style> did nothing
    headings = " ".join(h.text for h in browser.find_elements(By.CSS_SELECTOR, "#documents h3"))
    assert "<b>news</b>" in headings  # the title's HTML is shown as text
    for node in browser.find_elements(By.CSS_SELECTOR, "svg.graph g.node, svg.graph g.edge"):
        browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", node)
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert errors == []


def test_a_passage_shared_by_very_many_documents_names_a_few_partners_and_counts_the_rest():
    from provenance.model import Document, Passage, PassageLink, Report, Span

    phrase = "The Pelagia Health Ministry noted that the talks would resume on Monday."
    docs = tuple(Document(id=f"d{k:03d}", path=f"d{k:03d}.txt", text=f"Story {k}. {phrase}", format="txt",
                          encoding="utf-8", outlet=f"Outlet {k}") for k in range(40))
    spans = tuple(Span(d.id, d.text.index(phrase), d.text.index(phrase) + len(phrase), phrase) for d in docs)
    links = tuple(PassageLink(0, k, 1.0) for k in range(1, len(spans)))
    report = Report(schema_version="1", tool_version="test", settings={}, documents=docs,
                    passages=(Passage("P1", 1.0, spans, links, words=12),))
    page = render_html(report)
    assert page.count("and 14 more documents") == 40  # each has 39 partners: 25 named, 14 counted
    assert page.count("Outlet 24 (d024)") == 39  # among the first 25 partners of every other document
    assert page.count("Outlet 38 (d038)") == 0  # among the counted ones of all


@given(st.text(alphabet=st.sampled_from("ab c\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u3000.,\"'é"), max_size=60))
def test_tokens_are_the_runs_of_non_space_characters(text):
    """`_tokens` takes the words from `str.split` and their offsets from `_TOKEN`: the two must
    find the same runs, whatever white space the text holds."""
    from provenance.render.html import _TOKEN, _tokens

    spans, norms = _tokens(text)
    assert [text[s:e] for s, e in spans] == [m.group() for m in _TOKEN.finditer(text)] == text.split()
    assert len(norms) == len(spans)


@given(st.lists(st.sampled_from("abcd"), max_size=12), st.lists(st.sampled_from("abcd"), max_size=12))
def test_kept_marks_the_words_in_a_three_word_run_the_other_side_has(words, other):
    from provenance.render.html import _kept

    grams = {tuple(other[i:i + 3]) for i in range(len(other) - 2)}
    expected = [any(tuple(words[s:s + 3]) in grams for s in range(max(0, k - 2), k + 1) if s + 3 <= len(words))
                for k in range(len(words))]
    assert _kept(words, other) == expected
