"""`make bench`: every benchmark, figures printed."""

from __future__ import annotations

import sys

from . import candidates, meter_quotes, pan


def main(argv: list[str]) -> int:
    wanted = set(argv) or {"pan", "candidates", "quotes"}
    if "pan" in wanted:
        pan.run()
        print()
    if "candidates" in wanted:
        candidates.run()
        print()
    if "quotes" in wanted:
        meter_quotes.run()
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
