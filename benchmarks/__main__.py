"""`make bench`: every benchmark, figures printed."""

from __future__ import annotations

import sys

from . import candidates, pan


def main(argv: list[str]) -> int:
    wanted = set(argv) or {"pan", "candidates"}
    if "pan" in wanted:
        pan.run()
        print()
    if "candidates" in wanted:
        candidates.run()
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
