"""The speaker benchmark's judgement files and its measures (METER itself only where noted)."""

from __future__ import annotations

import pytest

from benchmarks.meter_data import METER
from benchmarks.meter_quotes import _hash, _span
from benchmarks.meter_speakers import DEV, HELD_OUT, _rows, _same, score


def test_a_speaker_matches_by_name_or_surname_either_way_the_article_writes_it():
    assert _same("Brian Dodd", "Dodd") and _same("Dodd", "Dodd")
    assert _same("Mr Carnian", "Carman|Carnian")
    assert not _same("George Carman", "Dodd") and not _same(None, "Dodd")


def test_precision_counts_a_speaker_named_where_the_article_names_none_as_wrong():
    rows = [{"quote": "a.txt:0-10", "speaker": "Dodd"}, {"quote": "a.txt:20-30", "speaker": "-"},
            {"quote": "a.txt:40-50", "speaker": "Smith"}, {"quote": "a.txt:60-70", "speaker": "?"}]
    found = {"a.txt": [((0, 10), "Brian Dodd"), ((20, 30), "Carman"), ((40, 50), None), ((60, 70), "X")]}
    s = score(rows, found)
    assert s["judged"] == 3 and s["named"] == 2 and s["right"] == 1
    assert s["precision"] == pytest.approx(0.5) and s["recall"] == pytest.approx(0.5)


def test_the_judgements_are_of_quotes_whose_text_is_unchanged():
    if not METER.exists():
        pytest.skip(f"{METER} is not here (the shared evaluation corpora live in ../shared/bench)")
    for path in (DEV, HELD_OUT):
        rows = _rows(path)
        assert len(rows) == 40 and all(r["speaker"] for r in rows)
        for r in rows:
            file, (s, e) = _span(r["quote"])
            text = (METER / file).read_bytes().decode("latin-1")
            assert _hash(text[s:e]) == r["hash"], r["quote"]
