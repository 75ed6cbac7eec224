"""`make bench`: every benchmark, figures printed. `python -m benchmarks NAME...` runs some:
seeds, graph, meter (the derivation graph's evaluation), pan, candidates, quotes, groups, index, scan."""

from __future__ import annotations

import sys

from . import (
    candidates,
    graph_synth,
    groups_meter,
    index_scale,
    meter_graph,
    meter_quotes,
    pan,
    scan_scale,
    seeds,
)


def main(argv: list[str]) -> int:
    runs = {"seeds": seeds.run, "graph": graph_synth.run, "meter": meter_graph.run,
            "pan": pan.run, "candidates": candidates.run, "quotes": meter_quotes.run, "groups": groups_meter.run, "index": index_scale.run,
            "scan": scan_scale.run}
    unknown = [a for a in argv if a not in runs]
    if unknown:
        print(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(runs)}", file=sys.stderr)
        return 2
    for name, run in runs.items():
        if not argv or name in argv:
            run()
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
