"""Loading the METER development half: stories, their PA copy and newspaper articles, labels."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .common import BENCH

METER = BENCH / "meter-dev"


@dataclass(frozen=True)
class Article:
    path: Path  # under METER
    story: tuple[str, str, str]  # (domain, date, catchline)
    newspaper: str
    label: str  # WD, PD, ND
    date: str  # dd.mm.yy
    pa_files: tuple[Path, ...]


def articles() -> list[Article]:
    out = []
    with open(METER / "meter_index.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out.append(Article(
                path=METER / row["newspaper_file"],
                story=(row["domain"], row["date"], row["catchline"]),
                newspaper=row["newspaper"],
                label=row["label"],
                date=row["date"],
                pa_files=tuple(METER / p for p in row["pa_files"].split(";") if p),
            ))
    return out


def iso(date: str) -> str:
    d, m, y = date.split(".")
    return f"{2000 + int(y) if int(y) < 50 else 1900 + int(y)}-{m}-{d}"


def stories() -> dict[tuple[str, str, str], tuple[list[Path], list[Article]]]:
    out: dict[tuple[str, str, str], tuple[list[Path], list[Article]]] = {}
    for a in articles():
        pa, papers = out.setdefault(a.story, ([], []))
        for p in a.pa_files:
            if p not in pa:
                pa.append(p)
        papers.append(a)
    return out
