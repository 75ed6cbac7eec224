"""Benchmarks: quality against the shared evaluation corpora, and speed. Run with `make bench`.

The corpora are read from ../shared/bench/ (research-licensed, never copied here).
"""
