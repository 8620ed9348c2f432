#!/usr/bin/env python3
"""Turns ctdiff_bench's JSON (--benchmark_out=run.json) into markdown tables
of ratios, all from the one run, and checks the targets of issue #4.

Usage: scripts/bench_table.py run.json [> table.md]

Benchmark names are <activation>/<implementation>/<n>; the streaming copy
is copy/copy/<n>. With --benchmark_repetitions the median is used.
"""
import sys

import bench_json

SINGLE = ["relu", "sigmoid", "tanh", "gelu", "silu", "mish"]
COMPOSED = ["sigmoid(relu(x))", "x*tanh(softplus(x))", "chain10"]
IMPLS = ["ctdiff", "hand", "torch", "scalar", "fvar", "jet", "adolc"]


def load(path):
    return bench_json.load(path)


def fmt(v, digits=2):
    return "—" if v is None else f"{v:.{digits}f}"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    context, t = load(sys.argv[1])
    # The sizes of the main rows (the threads rows add sizes of their own: bench_peers_table.py).
    sizes = sorted({n for (a, i, n) in t if i == "ctdiff" and a in SINGLE + COMPOSED})
    get = lambda a, i, n: t.get((a, i, n))
    ratio = lambda num, den: None if num is None or den is None or den == 0 else num / den
    out = []
    cpu = f"{context.get('num_cpus', '?')} x {context.get('mhz_per_cpu', '?')} MHz"
    out.append(f"Measured {context.get('date', '')} on {cpu}, {context.get('library_build_type', '')} "
               f"Google Benchmark, CPU time (single thread); one run, all numbers from it.\n")
    # The summary: one row per activation, the headline ratios at every size.
    p2 = lambda n: f"2^{n.bit_length() - 1}"
    head = ["activation"] + [f"ratio torch ÷ ctdiff, {p2(n)}" for n in sizes] + \
           [f"hand ÷ ctdiff, {p2(n)}" for n in sizes] + [f"scalar ÷ hand, {p2(n)}" for n in sizes] + \
           [f"adolc ÷ ctdiff, {p2(n)}" for n in sizes]
    out.append("| " + " | ".join(head) + " |")
    out.append("|---|" + "---:|" * (len(head) - 1))
    for a in SINGLE + COMPOSED:
        row = [ratio(get(a, "torch", n), get(a, "ctdiff", n)) for n in sizes]
        row += [ratio(get(a, "hand", n), get(a, "ctdiff", n)) for n in sizes]
        row += [ratio(get(a, "scalar", n), get(a, "hand", n)) for n in sizes]
        row += [ratio(get(a, "adolc", n), get(a, "ctdiff", n)) for n in sizes]
        out.append(f"| {a} | " + " | ".join(fmt(v) for v in row) + " |")
    n = max(sizes)
    r = ratio(get("copy", "copy", n), get("relu", "ctdiff", n))
    if r is not None:
        out.append(f"\nrelu's forward_backward at {p2(n)} runs at {100 * r:.0f}% of the bandwidth of a streaming copy "
                   f"of the same bytes.\n")
    for n in sizes:
        out.append(f"### n = 2^{n.bit_length() - 1} = {n} floats\n")
        out.append("Time per element (ns) for value + gradient of the whole array:\n")
        out.append("| activation | " + " | ".join(IMPLS) + " |")
        out.append("|---|" + "---:|" * len(IMPLS))
        for a in SINGLE + COMPOSED:
            cells = [fmt(None if get(a, i, n) is None else get(a, i, n) * 1e3 / n) for i in IMPLS]
            out.append(f"| {a} | " + " | ".join(cells) + " |")
        copy = get("copy", "copy", n)
        if copy is not None:
            out.append(f"| streaming copy (same bytes) | {fmt(copy * 1e3 / n)} |" + " |" * (len(IMPLS) - 1))
        out.append("")
        out.append("Ratios (> 1: ctdiff is faster; scalar ÷ hand: < 1 means the scalar path is faster):\n")
        out.append("| activation | torch ÷ ctdiff | hand ÷ ctdiff | scalar ÷ hand | fvar ÷ scalar | jet ÷ scalar "
                   "| adolc ÷ scalar | adolc ÷ ctdiff |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for a in SINGLE + COMPOSED:
            c, s = get(a, "ctdiff", n), get(a, "scalar", n)
            row = [ratio(get(a, "torch", n), c), ratio(get(a, "hand", n), c), ratio(s, get(a, "hand", n)),
                   ratio(get(a, "fvar", n), s), ratio(get(a, "jet", n), s), ratio(get(a, "adolc", n), s),
                   ratio(get(a, "adolc", n), c)]
            out.append(f"| {a} | " + " | ".join(fmt(v) for v in row) + " |")
        out.append("")

    # The targets of issue #4, checked on this run.
    out.append("### Targets\n")
    out.append("| target | measured | met |")
    out.append("|---|---|---|")
    for n in sizes:
        for a in SINGLE:
            r = ratio(get(a, "torch", n), get(a, "ctdiff", n))
            if r is not None:
                out.append(f"| {a} n={n}: no slower than libtorch | torch ÷ ctdiff = {r:.2f} | {'yes' if r >= 1 else 'no'} |")
        for a in COMPOSED:
            r = ratio(get(a, "torch", n), get(a, "ctdiff", n))
            if r is not None:
                out.append(f"| {a} n={n}: ≥ 2x faster than libtorch | torch ÷ ctdiff = {r:.2f} | {'yes' if r >= 2 else 'no'} |")
        for a in SINGLE + COMPOSED:
            r = ratio(get(a, "scalar", n), get(a, "hand", n))
            if r is not None:
                out.append(f"| {a} n={n}: scalar path within 1.05x of hand-written | scalar ÷ hand = {r:.2f} | {'yes' if r <= 1.05 else 'no'} |")
        for ours, label in (("ctdiff", "forward_backward"), ("scalar", "scalar path")):
            for peer, need in (("adolc", 20.0), ("fvar", 1.0), ("jet", 1.0)):
                worst = None
                for a in SINGLE + COMPOSED:
                    r = ratio(get(a, peer, n), get(a, ours, n))
                    if r is not None and (worst is None or r < worst[0]):
                        worst = (r, a)
                if worst is not None:
                    out.append(f"| n={n}: {label} ≥ {need:g}x as fast as {peer}, every activation | "
                               f"{peer} ÷ {ours} = {worst[0]:.2f} at worst ({worst[1]}) | "
                               f"{'yes' if worst[0] >= need else 'no'} |")
    n = max(sizes)
    r = ratio(get("copy", "copy", n), get("relu", "ctdiff", n))
    if r is not None:
        out.append(f"| relu n={n}: ≥ 80% of the streaming copy's bandwidth | {100 * r:.0f}% | {'yes' if r >= 0.8 else 'no'} |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
