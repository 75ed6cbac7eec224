"""The CI check: a planted uncredited copy fails on the right lines, a credited one passes,
an unrelated article passes; every output format holds hostile text; exit codes."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from itertools import islice

import pytest
from conftest import write
from typer.testing import CliRunner

from provenance.check import Policy, check
from provenance.cli import app
from provenance.render.check import render_github, render_junit, to_sarif
from provenance.synth import SynthConfig, generate

runner = CliRunner()


def _front(outlet: str, published: str, text: str) -> str:
    return f"---\noutlet: {outlet}\npublished: {published}\n---\n{text}"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A stored corpus of synthetic wire stories, an index of it, and an original to copy."""
    root = tmp_path_factory.mktemp("check")
    docs = list(islice(generate(SynthConfig(seed=21, stories=8, outlets="known", timestamps="clean")), 60))
    for d in docs:
        write(root / "corpus" / f"{d.id}.md", _front(d.outlet or "Unknown Desk", (d.published or "2021-03-01")[:10], d.text))
    # an original whose body does not name its own outlet ("... told EFE" would credit it in any copy)
    original = next(d for d in docs if d.kind == "original" and d.outlet and len(_body(d)) >= 5
                    and not any(d.outlet in p for p in _body(d)))
    index = root / "index.db"
    result = runner.invoke(app, ["index", "build", str(root / "corpus"), "--index", str(index), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return root, index, original


def _body(original) -> list[str]:
    """The paragraphs after the one with the dateline (and the headline and byline above it)."""
    paras = original.text.split("\n\n")
    return paras[next(k for k, p in enumerate(paras) if original.outlet in p) + 1:]


def _planted(original, credit: bool) -> str:
    """The original with its headline, byline and dateline paragraph dropped, a headline of the
    copier's own, and two paragraphs reworded; optionally a credit line."""
    paras = _body(original)
    for k in (1, 3):
        words = paras[k].split()
        paras[k] = " ".join(w.upper() if n % 3 == 0 else w for n, w in enumerate(words[: len(words) // 2])) + \
            " Our correspondent adds that officials declined to comment further on the matter."
    head = ["Breaking: what we know so far"]
    if credit:
        head.append(f"According to {original.outlet}, the situation developed quickly.")
    return "\n\n".join(head + paras) + "\n"


def _copied_lines(text: str, original_text: str) -> set[int]:
    """Lines of the copy that are unchanged paragraphs of the original."""
    return {n for n, line in enumerate(text.split("\n"), start=1) if line.strip() and line in original_text}


def test_a_planted_uncredited_copy_fails_with_annotations_on_its_lines(world, tmp_path):
    _, index, original = world
    text = _planted(original, credit=False)
    path = write(tmp_path / "copy.md", _front("Daily Planet", "2021-04-01", text))
    result = check([path], index=index, policy=Policy(frozenset({"uncredited-reuse"})))
    (article,) = result.articles
    assert article.failed
    failing = [f for f in article.findings if f.failed]
    assert any(f.reuse.outlet == original.outlet for f in failing)
    assert all(f.rule in ("uncredited-reuse", "duplicate") for f in failing)
    # The annotations cover every unchanged paragraph's line and never the copier's own headline.
    full = path.read_text(encoding="utf-8")
    copied = _copied_lines(full, original.text)
    annotated = {n for f in failing for s in f.reuse.spans for n in range(s.line, s.end_line + 1)}
    assert copied and copied <= annotated
    headline = full.split("\n").index("Breaking: what we know so far") + 1
    assert headline not in annotated
    gh = render_github(result)
    assert f"::error file={path}," in gh.replace("%3A", ":").replace("%2C", ",") or "::error file=" in gh
    assert any(f"line={n}," in gh for n in copied)


def test_the_same_copy_with_a_credit_passes(world, tmp_path):
    _, index, original = world
    path = write(tmp_path / "credited.md", _front("Daily Planet", "2021-04-01", _planted(original, credit=True)))
    result = check([path], index=index, policy=Policy(frozenset({"uncredited-reuse"})))
    (article,) = result.articles
    assert not article.failed
    top = article.reuses[0]
    assert top.outlet == original.outlet and top.credited and top.share >= 0.2


def test_an_unrelated_article_passes_even_on_any_reuse(world, tmp_path):
    _, index, _ = world
    path = write(tmp_path / "other.md", _front("Garden Weekly", "2021-04-02",
                 "Tomatoes like a warm, sheltered spot and steady watering.\n\n"
                 "Pinch out the side shoots each week and feed them once the first fruit sets.\n"))
    result = check([path], index=index, policy=Policy(frozenset({"any-reuse", "duplicate"})))
    assert not result.failed and result.articles[0].reuses == ()


def test_update_adds_what_passed_and_a_recheck_does_not_match_itself(world, tmp_path):
    _, index, original = world
    local = tmp_path / "i.db"
    local.write_bytes(index.read_bytes())
    path = write(tmp_path / "credited.md", _front("Daily Planet", "2021-04-01", _planted(original, credit=True)))
    assert not check([path], index=local, update=True, policy=Policy(frozenset({"uncredited-reuse"}))).failed
    from provenance.index import Index

    with Index(local) as ix:
        assert "credited" in ix.ids()
    again = check([path], index=local, policy=Policy(frozenset({"uncredited-reuse"})))
    assert all(r.source != "credited" for r in again.articles[0].reuses)


def test_cli_exit_codes_and_formats(world, tmp_path):
    _, index, original = world
    bad = write(tmp_path / "copy.md", _front("Daily Planet", "2021-04-01", _planted(original, credit=False)))
    ok = write(tmp_path / "ok.md", _front("Garden Weekly", "2021-04-02", "Roses need sun and patience, gardeners say.\n"))
    args = ["check", "--index", str(index), "--fail-on", "uncredited-reuse"]
    assert runner.invoke(app, [*args, str(ok)]).exit_code == 0
    failed = runner.invoke(app, [*args, str(bad), "--format", "sarif"])
    assert failed.exit_code == 1
    sarif = json.loads(failed.output)
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    rules = [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
    for r in sarif["runs"][0]["results"]:
        assert r["ruleId"] in rules and rules[r["ruleIndex"]] == r["ruleId"]
        assert r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    junit = runner.invoke(app, [*args, str(bad), str(ok), "--format", "junit"])
    suite = ET.fromstring(junit.output).find("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    assert runner.invoke(app, ["check", "--index", str(tmp_path / "none.db"), str(ok)]).exit_code == 2
    assert runner.invoke(app, [*args, str(ok), "--fail-on", "everything"]).exit_code == 2
    broken = write(tmp_path / "broken.json", "{not json")
    mixed = runner.invoke(app, [*args, str(ok), str(broken), "--format", "json"])
    assert mixed.exit_code == 2  # the readable article is still checked
    data = json.loads(mixed.stdout)
    assert [a["path"] for a in data["articles"]] == [str(ok)] and data["skipped"][0]["path"].endswith("broken.json")


def test_against_a_corpus_without_an_index(world, tmp_path):
    root, _, original = world
    path = write(tmp_path / "copy.md", _front("Daily Planet", "2021-04-01", _planted(original, credit=False)))
    result = runner.invoke(app, ["check", str(path), "--against", str(root / "corpus"), "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["articles"][0]["reuses"][0]["outlet"] == original.outlet


def test_another_sites_copy_of_the_agency_story_the_article_credits_is_credited(tmp_path):
    """A station running an AP story, checked against another station's copy of it: the text is
    AP's, which its dateline credits; not an uncredited reuse of the other station (still a
    duplicate, which the policy may fail on), and its likely source is AP, not that station."""
    story = ("LISBON, Portugal (AP) — A wildfire forced the evacuation of three villages in central Portugal "
             "on Sunday, as more than 800 firefighters battled flames fanned by strong winds, officials said.\n\n"
             "Civil protection chief Ana Ribeiro said no injuries had been reported so far, but that two homes "
             "had burned and a motorway had been closed in both directions near the town of Abrantes.\n")
    write(tmp_path / "stored" / "kxan.txt", _front("KXAN", "2024-08-04T10:00:00Z", story))
    new = write(tmp_path / "new" / "wral.txt", _front("WRAL", "2024-08-04T11:00:00Z", story))
    result = runner.invoke(app, ["check", str(new), "--against", str(tmp_path / "stored"), "--format", "json",
                                 "--fail-on", "uncredited-reuse"])
    assert result.exit_code == 0, result.output
    (article,) = json.loads(result.output)["articles"]
    (reuse,) = article["reuses"]
    assert (reuse["outlet"], reuse["credited"], reuse["via_agency"]) == ("KXAN", True, "AP")
    assert article["parents"][0]["source"] == "outlet:AP"
    result = runner.invoke(app, ["check", str(new), "--against", str(tmp_path / "stored")])
    assert result.exit_code == 1
    assert "both carry AP's text, which the article's dateline credits" in result.output


def test_a_stations_agency_copy_has_the_agency_as_likely_source_not_another_station(tmp_path):
    """Three stations' copies of one AP story stored, a fourth station's shorter copy checked:
    its likely source is AP, not one of the other stations (which the model gives little)."""
    from pathlib import Path

    ap = (Path(__file__).parent / "data" / "wire_story" / "ap.txt").read_text(encoding="utf-8")
    body = ap.split("---\n", 2)[2]
    for name, outlet, when, text in (
            ("wtop", "WTOP", "2024-05-14T10:31:00Z", body.replace("Video broadcast by", "Footage broadcast by")),
            ("wkrn", "WKRN", "2024-05-14T10:45:00Z", body),
            ("ksl", "KSL.com", "2024-05-14T11:02:00Z", body.rsplit("\n\nIn December", 1)[0])):
        write(tmp_path / "stored" / f"{name}.txt", _front(outlet, when, text))
    new = write(tmp_path / "new" / "star.txt",
                _front("Star Tribune", "2024-05-14T12:10:00Z", "\n\n".join(body.split("\n\n")[:3])))
    result = runner.invoke(app, ["check", str(new), "--against", str(tmp_path / "stored"), "--format", "json"])
    (article,) = json.loads(result.output)["articles"]
    assert [p["source"] for p in article["parents"]] == ["outlet:AP"]


HOSTILE = ("::error file=x.py,line=1::pwned\n%0A</failure><script>alert(1)</script>\x1b[31m\x07\x0b ]]> "
           "\"quoted\" & <b>bold</b>")


def test_hostile_text_stays_inside_every_format(world, tmp_path):
    _, index, original = world
    text = _planted(original, credit=False).replace("Breaking: what we know so far", HOSTILE.replace("\n", " "))
    path = write(tmp_path / "evil,name:x.md", _front("Daily Planet", "2021-04-01", text + "\n" + HOSTILE + "\n"))
    result = check([path], index=index, policy=Policy(frozenset({"any-reuse"})))
    assert result.failed
    # GitHub: one command per line, each a well-formed ::level props::message
    for line in render_github(result).splitlines():
        assert line.startswith(("::error ", "::warning ", "::notice "))
        props = line.split("::")[1].split(" ", 1)[1]  # GitHub reads properties up to the second "::"
        assert props.startswith("file=") and "\n" not in props
    # JUnit: parses, and the hostile markup is text, not elements
    root_el = ET.fromstring(render_junit(result).split("\n", 1)[1])
    assert root_el.find(".//script") is None and root_el.find(".//b") is None
    # SARIF: JSON that round-trips the snippet text exactly
    sarif = json.loads(json.dumps(to_sarif(result)))
    assert sarif["runs"][0]["results"]


def test_root_names_a_changed_article_like_the_index_so_it_is_not_its_own_duplicate(world, tmp_path):
    root, index, original = world
    folder = tmp_path / "repo"
    shutil.copytree(root / "corpus", folder)
    changed = folder / f"{original.id}.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA correction was appended to this story.\n",
                       encoding="utf-8")
    named = check([changed], index=index, root=folder, policy=Policy(frozenset({"duplicate"})))
    assert named.articles[0].doc.id == original.id
    assert all(r.source != original.id for r in named.articles[0].reuses)
    unnamed = check([changed], index=index, policy=Policy(frozenset({"duplicate"})))  # id is the stem: same here
    assert unnamed.articles[0].doc.id == original.id
    nested = folder / "2021" / "march"
    nested.mkdir(parents=True)
    moved = nested / changed.name
    shutil.move(changed, moved)
    assert check([moved], index=index, root=folder).articles[0].doc.id == f"2021/march/{original.id}"
