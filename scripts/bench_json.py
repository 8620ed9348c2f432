"""Reads Google Benchmark JSON (--benchmark_out=run.json) into a table of times,
shared by bench_table.py and bench_peers_table.py.

Names are <activation>/<implementation>/<n> (UseRealTime's "/real_time" suffix
dropped); other rows (the parameter benchmarks) are skipped. With
--benchmark_repetitions the median of the repetitions is used, or with
stat="min" the fastest: on a shared machine whose speed drifts within a run,
each implementation's best repetition (both sides of a ratio alike, interleaved
with --benchmark_enable_random_interleaving). The repetitions must then be in
the file (--benchmark_display_aggregates_only, not --benchmark_report_aggregates_only);
a file with the aggregates alone gives their median. Times are microseconds of
CPU time (robust to other load on the machine), or of wall time where
`wall(name)` says so (runs on several threads).
"""
import json
import statistics
from collections import defaultdict


STATS = {"median": statistics.median, "min": min}


def load(path, wall=lambda name: False, stat="median"):
    """(context, {(activation, implementation, n): microseconds})."""
    if stat not in STATS:
        raise ValueError(f"bench_json.load: stat must be one of {sorted(STATS)}, not {stat!r}")
    with open(path) as f:
        doc = json.load(f)
    runs = defaultdict(list)
    medians = {}
    for b in doc["benchmarks"]:
        name = b.get("run_name", b["name"])
        scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[b.get("time_unit", "us")]
        t = (b["real_time"] if wall(name) else b["cpu_time"]) * scale
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[name] = t
        else:
            runs[name].append(t)
    times = dict(medians)
    times.update({k: STATS[stat](v) for k, v in runs.items() if stat != "median" or k not in medians})
    table = {}
    for name, t in times.items():
        parts = [p for p in name.split("/") if p != "real_time"]
        if len(parts) < 3 or not parts[-1].isdigit():
            continue  # not an activation/implementation/size row
        table[("/".join(parts[:-2]), parts[-2], int(parts[-1]))] = t
    return doc.get("context", {}), table
