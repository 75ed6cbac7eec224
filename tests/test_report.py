from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import CORPUS

from provenance import scan
from provenance.errors import ReportError
from provenance.report import dumps, load_report, report_to_dict, schema


def test_report_matches_its_schema(seed_report):
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.validate(report_to_dict(seed_report), schema())


def test_same_input_gives_byte_identical_reports(seed_report):
    assert dumps(scan(CORPUS)) == dumps(seed_report)


def test_every_span_is_the_documents_text_at_its_offsets(seed_report):
    docs = {d.id: d for d in seed_report.documents}
    assert seed_report.passages
    for p in seed_report.passages:
        assert len(p.spans) >= 2
        assert 0.0 <= p.similarity <= 1.0
        for s in p.spans:
            d = docs[s.doc]
            assert d.text[s.start:s.end] == s.text
            with open(d.path, encoding=d.encoding, newline="") as fh:
                assert fh.read()[s.start:s.end] == s.text


def test_report_round_trips_through_json(seed_report, tmp_path):
    path = tmp_path / "report.json"
    path.write_text(dumps(seed_report), encoding="utf-8")
    again = load_report(path)
    assert dumps(again) == dumps(seed_report)


def test_reading_a_report_of_another_major_version_is_refused(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"schema_version": "9.0", "documents": []}))
    with pytest.raises(ReportError, match=r"schema version 9\.0"):
        load_report(path)
    path.write_text("{truncated")
    with pytest.raises(ReportError, match="not a JSON report"):
        load_report(path)


def test_boilerplate_is_never_shared_content(seed_report):
    docs = {d.id: d for d in seed_report.documents}
    for p in seed_report.passages:
        for s in p.spans:
            for r in docs[s.doc].boilerplate:
                assert s.end <= r.start or s.start >= r.end, (p.id, s.doc, r)


def test_seed_shared_passages_found(seed_report):
    """The passages the seed corpus is known to share: Pahon's two lines (TASS, Reuters, UPI),
    Spicer's answer (thehilltalk, Reuters) and the ministry statement's translations."""
    def carriers(snippet):
        return {p.docs for p in seed_report.passages if any(snippet in s.text for s in p.spans)}

    assert ("000_352b0f2477f577fd", "002_eb821266e9826b82", "003_815a1287ab63631f") in carriers("not coordinating")
    assert any({"001_689dc95411891cdd", "002_eb821266e9826b82"} <= set(c) for c in carriers("combat ISIS with any country"))
    assert any({"000_352b0f2477f577fd", "001_689dc95411891cdd"} <= set(c) for c in carriers("target coordinates"))
