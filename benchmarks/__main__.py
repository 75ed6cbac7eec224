"""`make bench`: every benchmark, figures printed. `python -m benchmarks NAME...` runs some:
seeds, graph, meter (the derivation graph's evaluation), pan, candidates, quotes, speakers, groups, index, scan,
syndication;
and ablation (the edge model retrained without parts of it, about 20 minutes), only when named."""

from __future__ import annotations

import sys

from . import (
    ablation,
    candidates,
    graph_synth,
    groups_meter,
    index_scale,
    meter_graph,
    meter_quotes,
    meter_speakers,
    pan,
    scan_scale,
    seeds,
    syndication,
)


def main(argv: list[str]) -> int:
    runs = {"seeds": seeds.run, "graph": graph_synth.run, "meter": meter_graph.run,
            "pan": pan.run, "candidates": candidates.run, "quotes": meter_quotes.run,
            "speakers": meter_speakers.run, "groups": groups_meter.run, "index": index_scale.run,
            "scan": scan_scale.run, "syndication": syndication.run, "ablation": ablation.run}
    named_only = {"ablation"}
    unknown = [a for a in argv if a not in runs]
    if unknown:
        print(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(runs)}", file=sys.stderr)
        return 2
    for name, run in runs.items():
        if name in argv or (not argv and name not in named_only):
            run()
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
