from __future__ import annotations

import json

from conftest import CORPUS, write
from typer.testing import CliRunner

from provenance.cli import app, main

runner = CliRunner()


def test_scan_writes_the_report_and_prints_a_summary(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["scan", str(CORPUS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["schema_version"].startswith("1.")
    assert "Scanned 5 document(s)" in result.output
    assert "TASS" in result.output and "Reuters" in result.output
    assert str(out / "report.json") in result.output
    # who took from whom: each document's most likely source as the report's graph has it
    graph = result.output.split("Who took from whom")[1]
    for edge in report["edges"]:
        if edge["primary"] and edge["source"] in {d["id"] for d in report["documents"]}:
            line = next(x for x in graph.splitlines() if f"({edge['target']})" in x)
            assert "<- " in line and f"({edge['source']})" in line and f"{edge['confidence']:.2f}" in line
    originals = {d["id"] for d in report["documents"]} - {e["target"] for e in report["edges"] if e["primary"]}
    assert originals and all(f"({d})  original" in graph for d in originals)


def test_a_large_corpus_lists_its_first_documents_and_says_where_the_rest_are(tmp_path):
    for k in range(53):
        write(tmp_path / "c" / f"doc{k:02d}.txt", f"Article {k} about the harbour board meeting number {k} today.\n")
    result = runner.invoke(app, ["scan", str(tmp_path / "c"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    table = result.output.split("Scanned 53 document(s)")[1].split("\n\n")[1]
    assert [line.split()[0] for line in table.splitlines()[1:-1]] == [f"doc{k:02d}" for k in range(50)]
    assert table.splitlines()[-1] == "... and 3 more documents in report.json"


def test_format_json_prints_the_report(tmp_path):
    result = runner.invoke(app, ["scan", str(CORPUS), "--out", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output) == json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))


def test_quiet_prints_nothing_but_still_writes(tmp_path):
    result = runner.invoke(app, ["scan", str(CORPUS), "--out", str(tmp_path), "--quiet"])
    assert result.exit_code == 0
    assert result.output == ""
    assert (tmp_path / "report.json").exists()


def test_quiet_json_prints_only_the_report(tmp_path):
    result = runner.invoke(app, ["scan", str(CORPUS), "--out", str(tmp_path), "--format", "json", "--quiet"])
    assert result.exit_code == 0
    assert json.loads(result.output) == json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))


def test_skipped_files_are_named_and_exit_code_is_1(tmp_path):
    write(tmp_path / "c" / "good.txt", "WASHINGTON (Reuters) - A perfectly ordinary article about things.")
    write(tmp_path / "c" / "bad.json", "{oops")
    result = runner.invoke(app, ["scan", str(tmp_path / "c"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "bad.json: malformed JSON" in result.output
    assert json.loads((tmp_path / "o" / "report.json").read_text())["skipped"][0]["path"].endswith("bad.json")


def test_missing_or_empty_corpus_exits_2(tmp_path):
    result = runner.invoke(app, ["scan", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["scan", str(tmp_path / "empty"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "no articles found" in result.output


def test_bad_options_exit_2(tmp_path):
    assert runner.invoke(app, ["scan", str(CORPUS), "--format", "xml", "--out", str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, ["scan", str(CORPUS), "--max-file-size", "lots", "--out", str(tmp_path)]).exit_code == 2


def test_max_file_size_option(tmp_path):
    write(tmp_path / "c" / "a.txt", "Alpha bravo charlie delta. " * 100)
    write(tmp_path / "c" / "b.txt", "Echo foxtrot golf hotel.")
    result = runner.invoke(app, ["scan", str(tmp_path / "c"), "--max-file-size", "1K", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "a.txt" in result.output and "size limit" in result.output


def test_main_is_a_plain_function(tmp_path, capsys):
    assert main(["scan", str(CORPUS), "--out", str(tmp_path), "--quiet"]) == 0
    assert main(["scan", str(tmp_path / "missing")]) == 2


def test_terminal_output_cannot_carry_escape_sequences(tmp_path):
    write(tmp_path / "c" / "evil.txt", "---\ntitle: \"\x1b[2J\x1b[31mPWNED\"\n---\nA title-less article \x1b]0;owned\x07 body text here.")
    result = runner.invoke(app, ["scan", str(tmp_path / "c"), "--out", str(tmp_path / "o")])
    assert "\x1b" not in result.output
    assert "\x07" not in result.output


def test_quotes_command_prints_shared_quotes_with_differences(tmp_path):
    result = runner.invoke(app, ["quotes", str(CORPUS)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("6 quote(s) in 2+ documents")
    assert "Eric Pahon" in result.output and "John Dorrian" in result.output
    assert "[-air strikes-]{+airstrikes+}" in result.output
    assert "translation" in result.output


def test_quotes_command_reads_a_saved_report(tmp_path):
    runner.invoke(app, ["scan", str(CORPUS), "--out", str(tmp_path), "--quiet"])
    result = runner.invoke(app, ["quotes", str(tmp_path / "report.json"), "--format", "json", "--min-docs", "1"])
    assert result.exit_code == 0
    groups = json.loads(result.output)
    assert len(groups) == json.loads((tmp_path / "report.json").read_text())["summary"]["quotes"]


def test_explain_shows_the_evidence_both_ways():
    result = runner.invoke(app, ["explain", "000_352b0f2477f577fd", "002_eb821266e9826b82", "--corpus", str(CORPUS)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "000_352b0f2477f577fd -> 002_eb821266e9826b82: probability" in out
    assert "002_eb821266e9826b82 -> 000_352b0f2477f577fd: probability" in out
    assert "edge in the graph" in out and "the target names the source's outlet: 1" in out
    assert "has a source in the corpus" in out


def test_explain_says_when_what_two_papers_share_is_in_the_wire_copy(tmp_path):
    """Two newspapers writing up one PA story: explain shows that what they share, PA
    carries too (why neither is drawn as the other's source)."""
    wire = ("The harbour master said the vessel would be towed to the mainland for repairs once the tide "
            "turned, and that the crew of eleven had been taken off safely by the lifeboat before dawn. "
            "Coastguard officers said the trawler had struck rocks off the northern headland in heavy fog.")
    write(tmp_path / "pa.txt", f"---\noutlet: PA\n---\n{wire}\n")
    write(tmp_path / "times.txt", "---\noutlet: The Times\n---\nFishermen in the port said the rocks had "
          f"claimed three boats in a decade.\n\n{wire}\n")
    write(tmp_path / "sun.txt", "---\noutlet: The Sun\n---\nLocals gathered on the quay to cheer the "
          f"lifeboat crew home after the rescue.\n\n{wire}\n")
    result = runner.invoke(app, ["explain", "times", "sun", "--corpus", str(tmp_path)])
    assert result.exit_code == 0, result.output
    line = "share of what they share that another outlet's wire copy carries too: 100%"
    assert result.output.count(line) == 2  # both ways
    result = runner.invoke(app, ["explain", "pa", "sun", "--corpus", str(tmp_path)])
    assert "wire copy carries too" not in result.output


def test_explain_says_when_two_sites_republish_one_agency_story(tmp_path):
    """Two sites running one AP story under their own names: explain says each had it from AP
    (why neither is drawn as the other's source); not for AP's own story and a site's copy."""
    story = ("LISBON, Portugal (AP) — A wildfire forced the evacuation of three villages in central Portugal "
             "on Sunday, as more than 800 firefighters battled flames fanned by strong winds, officials said. "
             "Civil protection chief Ana Ribeiro said no injuries had been reported so far.")
    write(tmp_path / "ap.txt", f"---\noutlet: AP\npublished: 2024-08-04T09:00:00Z\n---\n{story}\n")
    for name, outlet, hour in (("kxan", "KXAN", 10), ("wral", "WRAL", 11)):
        write(tmp_path / f"{name}.txt", f"---\noutlet: {outlet}\npublished: 2024-08-04T{hour}:00:00Z\n---\n{story}\n")
    result = runner.invoke(app, ["explain", "kxan", "wral", "--corpus", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Both republish AP's text under their own names (its dateline): each had it from AP" in result.output
    result = runner.invoke(app, ["explain", "ap", "wral", "--corpus", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Both republish" not in result.output


def test_explain_takes_file_paths_and_rejects_unknown_documents():
    a, b = sorted(CORPUS.glob("*.txt"))[:2]
    assert runner.invoke(app, ["explain", str(a), str(b)]).exit_code == 0
    result = runner.invoke(app, ["explain", "nope", "000_352b0f2477f577fd", "--corpus", str(CORPUS)])
    assert result.exit_code == 2 and "no single document matches 'nope'" in result.output
    result = runner.invoke(app, ["explain", "000", "000_352b0f2477f577fd", "--corpus", str(CORPUS)])
    assert result.exit_code == 2 and "two different documents" in result.output


def test_synth_writes_a_corpus_that_scans(tmp_path):
    result = runner.invoke(app, ["synth", str(tmp_path / "s"), "--stories", "3", "--seed", "4"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "s" / "truth.jsonl").exists() and (tmp_path / "s" / "settings.json").exists()
    truth = [json.loads(line) for line in (tmp_path / "s" / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    assert f"{len(truth)} documents" in result.output
    assert str(tmp_path / "s" / "corpus") in result.output
    scanned = runner.invoke(app, ["scan", str(tmp_path / "s" / "corpus"), "--out", str(tmp_path / "o"), "--quiet"])
    assert scanned.exit_code == 0
    report = json.loads((tmp_path / "o" / "report.json").read_text(encoding="utf-8"))
    assert {d["id"] for d in report["documents"]} == {t["id"] for t in truth}
    assert runner.invoke(app, ["synth", str(tmp_path / "x"), "--timestamps", "sometimes"]).exit_code == 2


def test_scan_with_a_model_file(tmp_path):
    from provenance.edgemodel import default_model

    model = tmp_path / "model.json"
    model.write_text(json.dumps(default_model().data), encoding="utf-8")
    a = runner.invoke(app, ["scan", str(CORPUS), "--out", str(tmp_path / "a"), "--quiet", "--model", str(model)])
    b = runner.invoke(app, ["scan", str(CORPUS), "--out", str(tmp_path / "b"), "--quiet"])
    assert a.exit_code == b.exit_code == 0
    assert (tmp_path / "a" / "report.json").read_bytes() == (tmp_path / "b" / "report.json").read_bytes()
    model.write_text("{}", encoding="utf-8")
    bad = runner.invoke(app, ["scan", str(CORPUS), "--out", str(tmp_path / "c"), "--model", str(model)])
    assert bad.exit_code == 2 and "edge model" in bad.output


def test_the_page_written_beside_the_json_is_the_page_written_after_it(tmp_path, monkeypatch, background_forks):
    """With several workers and enough documents, report.html is rendered in a process of its
    own while the JSON is written: the same files either way."""
    import os

    from provenance import cli

    inline = runner.invoke(app, ["scan", str(CORPUS), "--out", str(tmp_path / "inline"), "--quiet", "--workers", "1"])
    monkeypatch.setattr(cli, "BACKGROUND_PAGE", 1)
    background_forks.clear()
    beside = runner.invoke(app, ["scan", str(CORPUS), "--out", str(tmp_path / "beside"), "--quiet", "--workers", "2"])
    assert inline.exit_code == beside.exit_code == 0
    assert background_forks and background_forks[-1] is True  # the page was rendered in a process of its own
    for name in ("report.json", "report.html", "graph.dot"):
        assert (tmp_path / "inline" / name).read_bytes() == (tmp_path / "beside" / name).read_bytes()
    assert not [f for f in os.listdir(tmp_path / "beside") if f.endswith(".tmp")]
