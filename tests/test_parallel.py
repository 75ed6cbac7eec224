"""Worker processes change how fast a scan runs, never what it finds."""

from __future__ import annotations

import pytest

from provenance import parallel, scan
from provenance.report import dumps
from provenance.synth import SynthConfig, write_corpus


@pytest.fixture
def always_parallel(monkeypatch):
    """Split even a handful of items across workers, and group even a few quotes (and work out
    a few documents' facts for the evidence) in a process of their own."""
    from provenance import pipeline

    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(pipeline, "BACKGROUND_QUOTES", 1)
    monkeypatch.setattr(pipeline, "BACKGROUND_DOCUMENTS", 1)


def test_pmap_keeps_input_order_and_runs_closures(always_parallel):
    offset = 1000  # a closure over local state: inherited by the forked workers, not pickled
    done = []
    out = parallel.pmap(lambda x: (x, x * x + offset), list(range(100)), workers=2, progress=done.append)
    assert out == [(x, x * x + offset) for x in range(100)]
    assert done == sorted(done) and done[-1] == 100


@pytest.mark.parametrize("workers", [1, 2])
def test_pmap_chunks_hands_each_call_a_contiguous_slice_in_order(always_parallel, workers):
    items = list(range(1000))
    done = []
    parts = parallel.pmap_chunks(lambda xs: (len(xs), sum(xs), list(xs)), items, workers=workers, progress=done.append)
    assert len(parts) > 1  # cut into chunks in this process too (progress after each)
    assert [x for _, _, xs in parts for x in xs] == items
    assert all(n == len(xs) and total == sum(xs) for n, total, xs in parts)
    assert done == sorted(done) and done[-1] == 1000


def test_pmap_runs_in_workers_when_asked(always_parallel):
    import os

    pids = set(parallel.pmap(lambda _: os.getpid(), list(range(64)), workers=2))
    assert os.getpid() not in pids


def test_an_error_in_a_worker_reaches_the_caller(always_parallel):
    def fail_on_seven(x: int) -> int:
        if x == 7:
            raise ValueError("seven")
        return x

    with pytest.raises(ValueError, match="seven"):
        parallel.pmap(fail_on_seven, list(range(20)), workers=2)


def test_a_few_items_or_one_worker_stay_in_this_process():
    import os

    assert set(parallel.pmap(lambda _: os.getpid(), list(range(10)), workers=2)) == {os.getpid()}
    assert set(parallel.pmap(lambda _: os.getpid(), list(range(1000)), workers=1)) == {os.getpid()}


def test_resolve_workers():
    assert parallel.resolve_workers(None) == parallel.available_workers() >= 1
    assert parallel.resolve_workers(0) == parallel.available_workers()
    assert parallel.resolve_workers(3) == 3


def test_report_is_byte_identical_whatever_the_number_of_workers(tmp_path, always_parallel, background_forks):
    write_corpus(SynthConfig(seed=5, stories=6, outlets="known", timestamps="clean"), tmp_path)
    one = scan(tmp_path / "corpus", workers=1)
    background_forks.clear()
    two = scan(tmp_path / "corpus", workers=2)
    assert background_forks == [True, True]  # the quotes grouped, the documents' evidence worked out, in processes of their own
    assert one.passages and one.quotes and one.edges  # the corpus exercises every stage
    assert dumps(one) == dumps(two)


@pytest.mark.parametrize("collecting", [True, False])
def test_a_scan_runs_without_the_cyclic_collector_and_restores_it(tmp_path, collecting):
    import gc

    from provenance.pipeline import _huge_pages

    write_corpus(SynthConfig(seed=3, stories=2), tmp_path)
    huge = _huge_pages(True)
    (gc.enable if collecting else gc.disable)()
    during = []
    try:
        scan(tmp_path / "corpus", progress=lambda stage, done, total: during.append((gc.isenabled(), _huge_pages(False))))
        after = gc.isenabled()
    finally:
        gc.enable()
    assert during and not any(enabled or pages for enabled, pages in during)
    assert after is collecting  # the caller's setting, whichever it was
    assert _huge_pages(huge) is True  # restored after the scan


def test_prepare_gives_the_records_analyze_gives_for_its_documents(always_parallel):
    """`prepare` cuts each text into words once, finds the lines an outlet repeats, then marks
    boilerplate: the same records as analysing each prepared document from scratch."""
    from provenance.analysis import analyze
    from provenance.config import ScanConfig
    from provenance.model import Document
    from provenance.outlets import default_registry
    from provenance.pipeline import prepare

    cfg = ScanConfig()
    footer = "Our night desk editors put this page together"
    stories = ["Harbour bridge repairs were delayed again after councillors postponed the funding vote, "
               "leaving ferry operators, commuters and shopkeepers facing another winter of detours.",
               "The striker signed a three-year contract with the champions before Sunday's derby, ending "
               "weeks of speculation about offers from clubs in Spain, Italy and Germany.",
               "Heavy rain flooded the market square overnight and closed two schools in the valley, where "
               "firefighters pumped water from cellars and farmers moved cattle to higher fields.",
               "The museum opened a gallery of medieval maps donated by a private collector, including a "
               "rare chart of northern coastlines drawn by monks during the twelfth century."]
    docs = [Document(id=f"d{k}", path=f"d{k}.txt", format="txt", encoding="utf-8", outlet="Daily Planet",
                     text=f"{story}\n\n{footer}\n") for k, story in enumerate(stories)]
    prepared = prepare(docs, default_registry(), cfg, workers=2)
    assert [an.id for an in prepared] == [d.id for d in docs]
    assert all(any(r.kind == "repeated-in-outlet" for r in an.doc.boilerplate) for an in prepared)
    assert all(any(an.boiler) and not all(an.boiler) for an in prepared)
    assert prepared == [analyze(an.doc) for an in prepared]


def test_background_computes_in_another_process_and_hands_back_the_result():
    import os

    parent = os.getpid()
    table = {k: k * k for k in range(1000)}  # inherited by the forked process, not pickled
    job = parallel.Background(lambda: (os.getpid(), sum(table.values())))
    pid, total = job.result()
    assert pid != parent and total == sum(k * k for k in range(1000))
    assert parallel.Background(lambda: os.getpid(), enabled=False).result() == parent


def test_background_raises_the_error_of_its_work():
    def broken() -> int:
        raise ValueError("no quotes here")

    with pytest.raises(ValueError, match="no quotes here"):
        parallel.Background(broken).result()


def test_background_recomputes_here_when_its_process_dies():
    import os

    parent = os.getpid()

    def dies_away_from_home() -> int:
        if os.getpid() != parent:
            os._exit(3)  # killed before it answers
        return 42

    assert parallel.Background(dies_away_from_home).result() == 42


def test_a_cancelled_background_process_is_stopped_and_leaves_no_child():
    import multiprocessing
    import time

    job = parallel.Background(lambda: time.sleep(60))
    assert multiprocessing.active_children()
    job.cancel()
    assert not multiprocessing.active_children()


def test_a_failing_scan_stops_the_quote_grouping(tmp_path, always_parallel, monkeypatch):
    import multiprocessing
    import time

    from provenance import pipeline

    write_corpus(SynthConfig(seed=5, stories=2), tmp_path)

    def broken(*args, **kwargs):
        raise RuntimeError("alignment failed")

    def slow_grouping(instances):
        time.sleep(60)  # still grouping when the alignment fails
        return []

    monkeypatch.setattr(pipeline, "align_pairs", broken)
    monkeypatch.setattr(pipeline, "group_quotes", slow_grouping)
    with pytest.raises(RuntimeError, match="alignment failed"):
        scan(tmp_path / "corpus", workers=2)
    assert not multiprocessing.active_children()
