#!/usr/bin/env python3
"""The table of issue #12: ctdiff's fused forward_backward against libtorch and
oneDNN (forward + backward) and the copy of the same bytes, for one or more
builds of ctdiff_bench (one column group per instruction set), and the threads
table (ctdiff::parallel, 1 vs 2 threads), all from the runs given.

Usage: scripts/bench_peers_table.py [--stat=median|min] LABEL=run.json [LABEL=run.json ...]

LABEL names the column group, e.g. "AVX-512 (-march=native)=avx512.json".
Names in the JSON are <activation>/<implementation>/<n> (copy/copy/<n>;
threads: <activation>/ctdiff_threads<t>/<n>; arrays misaligned within a line:
<activation>/ctdiff_misaligned/<n>). With --benchmark_repetitions the
median of the repetitions is used (CPU time), or with --stat=min the fastest
(bench_json.py). A ratio ctdiff / peer below 1 means ctdiff is faster.
"""
import sys

import bench_json

SINGLE = ["relu", "sigmoid", "tanh", "gelu", "gelu_tanh", "silu", "mish", "elu", "softplus", "hardswish",
          "log_sigmoid",
          # the rest of the catalogue that libtorch (and for some, oneDNN) has: bench_catalogue.cpp
          "hardtanh", "relu6", "leaky_relu", "rrelu", "selu", "celu", "softshrink", "hardshrink", "tanhshrink",
          "threshold", "hardsigmoid", "softsign", "prelu", "glu"]
COMPOSED = ["sigmoid(relu(x))", "x*tanh(softplus(x))", "chain10"]
# The gated activations of two arrays (#14, bench_gated.cpp): ctdiff's two-input pass against
# libtorch eager, with the 0.5 target at 2^16.
GATED = ["swiglu", "geglu"]


def load(path, stat):
    # CPU time (of the calling thread) for one-thread runs; wall time for the threads rows.
    return bench_json.load(path, wall=lambda name: "ctdiff_threads" in name, stat=stat)


def fmt(v):
    return "—" if v is None else f"{v:.2f}"


def main():
    groups = []
    stat = "median"
    for arg in sys.argv[1:]:
        if arg.startswith("--stat="):
            stat = arg.split("=", 1)[1]
            if stat not in bench_json.STATS:
                sys.exit(f"bench_peers_table.py: --stat must be one of {sorted(bench_json.STATS)}\n\n{__doc__}")
            continue
        label, _, path = arg.rpartition("=")
        if not label:
            sys.exit(__doc__)
        groups.append((label, *load(path, stat)))
    if not groups:
        sys.exit(__doc__)
    p2 = lambda n: f"2^{n.bit_length() - 1}"
    sizes = [1 << 16, 1 << 22]
    out = []
    head = ["activation"]
    for label, _, _ in groups:
        for peer in ["libtorch", "oneDNN"]:
            head += [f"{label}: ctdiff / {peer}, {p2(n)}" for n in sizes]
        head += [f"{label}: copy / ctdiff, {p2(n)}" for n in sizes]
    out.append("| " + " | ".join(head) + " |")
    out.append("|---|" + "---:|" * (len(head) - 1))
    ratio = lambda a, b: None if a is None or b is None or b == 0 else a / b
    missed = []
    for a in SINGLE + COMPOSED:
        row = []
        for label, _, t in groups:
            g = lambda i, n: t.get((a, i, n))
            for peer in ["torch", "dnnl"]:
                for n in sizes:
                    r = ratio(g("ctdiff", n), g(peer, n))
                    row.append(r)
                    limit = 1.0 if a in SINGLE else (0.5 if peer == "torch" and n == 1 << 16 else None)
                    if r is not None and limit is not None and r > limit:
                        missed.append(f"{label}: {a} / {peer} at {p2(n)}: {r:.2f} (target {limit})")
            row += [ratio(t.get(("copy", "copy", n)), g("ctdiff", n)) for n in sizes]
        out.append(f"| {a} | " + " | ".join(fmt(v) for v in row) + " |")
    gated = [a for a in GATED if any((a, "ctdiff", n) in t for _, _, t in groups for n in sizes)]
    if gated:
        out.append("\nGated activations of two arrays, ctdiff / libtorch (time in µs, ctdiff and libtorch):\n")
        out.append("| build | activation | n | ctdiff | libtorch | ctdiff / libtorch |")
        out.append("|---|---|---|---:|---:|---:|")
        for label, _, t in groups:
            for a in gated:
                for n in sizes:
                    c, p = t.get((a, "ctdiff", n)), t.get((a, "torch", n))
                    r = ratio(c, p)
                    out.append(f"| {label} | {a} | {p2(n)} | {fmt(c)} | {fmt(p)} | {fmt(r)} |")
                    if r is not None and n == 1 << 16 and r > 0.5:
                        missed.append(f"{label}: {a} / torch at {p2(n)}: {r:.2f} (target 0.5)")
    out.append("")
    out.append(f"Times (µs, {stat} CPU time of the repetitions) for reference:\n")
    out.append("| build | n | copy | " + " | ".join(SINGLE + COMPOSED) + " |")
    out.append("|---|---|---:|" + "---:|" * len(SINGLE + COMPOSED))
    for label, _, t in groups:
        for n in sizes:
            for impl in ["ctdiff", "torch", "dnnl"]:
                cells = [t.get((a, impl, n)) for a in SINGLE + COMPOSED]
                c = t.get(("copy", "copy", n))
                out.append(f"| {label} {impl} | {p2(n)} | {fmt(c) if impl == 'ctdiff' else ''} | " +
                           " | ".join("—" if v is None else f"{v:.1f}" for v in cells) + " |")
    threads = sorted({(a, i, n) for (a, i, n) in groups[0][2] if i.startswith("ctdiff_threads")})
    if threads:
        out.append("\nThreads (ctdiff::parallel), time (µs) and speed-up over one thread:\n")
        out.append("| build | activation | n | 1 thread | 2 threads | speed-up |")
        out.append("|---|---|---|---:|---:|---:|")
        for label, _, t in groups:
            keys = sorted({(a, n) for (a, i, n) in t if i.startswith("ctdiff_threads")}, key=lambda k: (k[0], k[1]))
            for a, n in keys:
                t1, t2 = t.get((a, "ctdiff_threads1", n)), t.get((a, "ctdiff_threads2", n))
                out.append(f"| {label} | {a} | {p2(n)} | {fmt(t1)} | {fmt(t2)} | {fmt(ratio(t1, t2))} |")
    misaligned = sorted({(a, n) for _, _, t in groups for (a, i, n) in t if i == "ctdiff_misaligned"})
    if misaligned:
        out.append("\nArrays at different offsets within a cache line (bench.cpp: in 16 bytes past a line,"
                   " gout 32, out 48, gin 0), time (µs) and the ratio to the same pass on line-aligned arrays:\n")
        out.append("| build | activation | n | aligned | misaligned | misaligned / aligned |")
        out.append("|---|---|---|---:|---:|---:|")
        for label, _, t in groups:
            for a, n in misaligned:
                t1, t2 = t.get((a, "ctdiff", n)), t.get((a, "ctdiff_misaligned", n))
                out.append(f"| {label} | {a} | {p2(n)} | {fmt(t1)} | {fmt(t2)} | {fmt(ratio(t2, t1))} |")
    out.append("\nTargets missed:\n")
    out += [f"- {m}" for m in missed] or ["- none"]
    print("\n".join(out))


if __name__ == "__main__":
    main()
