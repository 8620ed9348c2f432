#!/usr/bin/env bash
# Compile cost of ctdiff: what including it and deriving with it costs the
# compiler, against targets. Every number is the user + system CPU seconds and
# the peak memory (maximum resident set size) that /usr/bin/time -v reports for
# one compilation, so a machine shared with other work still measures the
# compiler; repeated compilations keep the minimum (the median where stated).
# Every translation unit is compiled from the repository root with
# `-std=c++20 $CXXFLAGS -Iinclude` (CXXFLAGS default -O2).
#
# The table (default mode), one row per measurement, each against its baseline:
#   1. include: `#include <ctdiff/ctdiff.hpp>` alone against a TU including only
#      <iostream> <cmath> <array> <span> <string> <vector>, -fsyntax-only,
#      median of 3 compilations each. Target: time ratio <= 1.3.
#      Informational rows, same baseline: ctdiff.hpp with -DCTDIFF_SIMD=1 (the
#      opt-in SIMD array backend, which pulls in xsimd) and <xsimd/xsimd.hpp>
#      alone (n/a when xsimd is not installed).
#   2. 10-deep chain (not the runtime benchmarks' chain10): constexpr
#      f = sigmoid(tanh(gelu(silu(softplus(elu(mish(tanh(sigmoid(relu(x)))))))))),
#      x = var<"x">; a program evaluating f(x = v) in a non-inline function
#      taking v at run time, against the same program also evaluating d(f, x),
#      d<2>(f, x), d<3>(f, x) and derivatives<3>(f, x = v); whole compilation
#      (-c). Target: +<= 1.0 s and <= 2.0x peak memory on the machine where the
#      targets were set, whose values-only program took 0.71 s: the time is
#      judged as a multiple of the baseline measured in the same run, added
#      time <= 1.4x the baseline's (1.0 / 0.71), so that a slower or busier
#      machine measures the same thing (see "Targets as ratios" below). The
#      verdict counts instructions where valgrind is installed (the added
#      instructions <= 1.4x the baseline's; instructions_pair below): on a
#      shared machine the time of this row moved between 1.95x and 3.7x from
#      one run to the next (a CI run failed on it), its instructions by < 1%.
#   3. d<6>: d<6>(mish(x) * sigmoid(x), x)(x = v) evaluated once (the
#      expression written in the call), against the same program evaluating
#      (mish(x) * sigmoid(x))(x = v) only. Target: +<= 1.5 s and <= 2.0x
#      memory, where that baseline took 0.67 s: added time <= 2.2x the
#      baseline's. Informational row: derivatives<6>(mish(x) * sigmoid(x), x = v).
#   4. d<7> of the same expression, same baseline. Target "compiles like d<6>":
#      added time <= 1.5 x d<6>'s added time + 0.5 s (0.75x the baseline's),
#      memory <= 2.0x.
#      Row d<16> (the documented maximum order): it must compile (a failure,
#      time-out or out-of-memory is a MISS); time and memory informational.
#   Each row says PASS or MISS; "MISS (beyond margin)" when the miss is larger
#   than the CI noise margin below. Rows 2 to 4 compile their program and their
#   baseline alternately (baseline, program, baseline, ...) and judge the
#   program against the baseline's minimum over those same rounds (shown as
#   "beside it"): a machine whose speed changes during the run slows both.
#
# Targets as ratios: the targets were set in seconds on one machine (an AMD
# EPYC of 2 cores, g++ 12, -O2, where the two values-only programs compiled in
# 0.71 s and 0.67 s). A CI machine may be half as fast, or shared: the added
# seconds of one program grow with it, and a target in seconds there measures
# the machine. Each added time is therefore compared with its baseline, compiled
# in the same run: the target in seconds divided by the reference baseline.
# Rows print the added seconds and that multiple.
#
# Every compilation is protected: it runs under `timeout` and `ulimit -v`, so a
# blow-up is a MISS ("timeout" / "out of memory") instead of a hung job; any
# other compile failure is a MISS too, and the compiler's first error lines go
# to stderr. A row whose program fails is not compiled again (no repeats), and
# once d<n> times out or runs out of memory the higher orders of the same series
# are not tried (they derive through d<n>) and are reported as MISS.
#
# Modes:
#   (default)   the table above for each compiler given (default g++), each
#               measurement the minimum of $REPEAT compilations (default 3).
#               Exit status 0 whatever the results.
#   --short     the CI form (.ci/steps/45-compile-cost.sh): the same table
#               with the same minimum of $REPEAT (default 3; one compilation
#               lets a single slow run decide), time-out 60 s per compilation
#               unless CTDIFF_COMPILE_TIMEOUT says otherwise. Exits 1 when a
#               compilation fails, times out or runs out of memory, or when a
#               target is missed by more than the noise margin: every target
#               limit L (a ratio) fails CI above L x CTDIFF_COMPILE_MARGIN
#               (default 1.5): include ratio 1.3 -> 1.95; chain 1.4x the
#               baseline -> 2.1x; d<6> 2.2x -> 3.3x; memory 2.0x -> 3.0x; d<7>
#               (1.5 x d<6>'s added time + 0.75x the baseline) x 1.5. A miss
#               within the margin is printed as MISS and does not fail CI (a
#               shared CI machine is noisy).
#   --orders    the documentation's table: for n = 1..8, the added compile time
#               and peak memory of one TU evaluating d<n>(mish(x) * sigmoid(x),
#               x), of one evaluating derivatives<n>(mish(x) * sigmoid(x),
#               x = v)[n], and of one computing the same n-th derivative with
#               Boost.Math's forward-mode autodiff (make_fvar<double, n>(v),
#               .derivative(n); the function written with Boost's tanh, exp and
#               log1p overloads, log(1 + u) where the installed Boost has no
#               log1p for fvar, as 1.74 does not), each minus the values-only
#               TU of its own kind (ctdiff: the expression evaluated on a double;
#               Boost: autodiff.hpp included, the same template evaluated on a
#               double). Minimum of $REPEAT compilations. The Boost column is
#               skipped, with a message, when the header is not installed.
#
# Usage: scripts/bench_compile_time.sh [--short | --orders] [compiler ...]
# Environment: CXXFLAGS (default -O2), REPEAT (default 3),
#   CTDIFF_COMPILE_TIMEOUT (seconds per compilation; default 300, 60 with
#   --short), CTDIFF_COMPILE_MEMORY_MIB (address-space cap per compilation,
#   default 4096), CTDIFF_COMPILE_MARGIN (default 1.5).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=table
case ${1:-} in
--short) mode=short; shift ;;
--orders) mode=orders; shift ;;
-h | --help) sed -n '2,/^set -euo pipefail/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
-*) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
esac
compilers=("$@")
((${#compilers[@]})) || compilers=(g++)
read -r -a flags <<<"${CXXFLAGS:--O2}"
repeat=${REPEAT:-3}
timeout_s=${CTDIFF_COMPILE_TIMEOUT:-300}
if [ "$mode" = short ]; then
    timeout_s=${CTDIFF_COMPILE_TIMEOUT:-60}
fi
memory_mib=${CTDIFF_COMPILE_MEMORY_MIB:-4096}
margin=${CTDIFF_COMPILE_MARGIN:-1.5}
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ci_failures=0

# ---------------------------------------------------------------- the programs
cat >"$work/include_std.cpp" <<'EOF'
#include <iostream>
#include <cmath>
#include <array>
#include <span>
#include <string>
#include <vector>
EOF
echo '#include <ctdiff/ctdiff.hpp>' >"$work/include_ctdiff.cpp"
echo '#include <xsimd/xsimd.hpp>' >"$work/include_xsimd.cpp"

chain_tu() {  # $1: file, $2: what is evaluated besides the value
    cat >"$1" <<EOF
#include <ctdiff/ctdiff.hpp>
using namespace ctdiff;
constexpr auto x = var<"x">;
constexpr auto f = sigmoid(tanh(gelu(silu(softplus(elu(mish(tanh(sigmoid(relu(x))))))))));
double run(double v) {
    double s = f(x = v);
$2
    return s;
}
EOF
}
chain_tu "$work/chain_values.cpp" ""
chain_tu "$work/chain_derivatives.cpp" "    s += d(f, x)(x = v);
    s += d<2>(f, x)(x = v);
    s += d<3>(f, x)(x = v);
    for (double t : derivatives<3>(f, x = v)) s += t;"

# The expression written in the call, as a user writes it (GCC 12 spends more
# on d<6>(mish(x) * sigmoid(x), x) than on d<6>(f, x) with a constexpr f).
ms_tu() {  # $1: file, $2: the returned expression
    cat >"$1" <<EOF
#include <ctdiff/ctdiff.hpp>
using namespace ctdiff;
constexpr auto x = var<"x">;
double run(double v) { return $2; }
EOF
}
ms_tu "$work/ms_values.cpp" "(mish(x) * sigmoid(x))(x = v)"
for n in 1 2 3 4 5 6 7 8 16; do
    ms_tu "$work/ms_d$n.cpp" "d<$n>(mish(x) * sigmoid(x), x)(x = v)"
    ((n > 8)) || ms_tu "$work/ms_jets$n.cpp" "derivatives<$n>(mish(x) * sigmoid(x), x = v)[$n]"
done

boost_tu() {  # $1: file, $2: the returned expression
    cat >"$1" <<EOF
#include <boost/math/differentiation/autodiff.hpp>
#include <cmath>
template <class T>
T log1p_of(T u) {  // Boost 1.74's autodiff has no log1p for fvar: log(1 + u) there
    using std::log, std::log1p;
    if constexpr (requires { log1p(u); }) return log1p(u); else return log(1 + u);
}
template <class T>
T f(T x) {  // mish(x) * sigmoid(x)
    using std::exp, std::tanh;
    return x * tanh(log1p_of(exp(x))) * (1 / (1 + exp(-x)));
}
double run(double v) { return $2; }
EOF
}
boost_tu "$work/boost_values.cpp" "f(v)"
for n in 1 2 3 4 5 6 7 8; do
    boost_tu "$work/boost_fvar$n.cpp" "f(boost::math::differentiation::make_fvar<double, $n>(v)).derivative($n)"
done

# ---------------------------------------------------------------- measuring
# compile_once CXX SRC [flag ...]: one protected compilation. Sets c_status
# (ok | timeout | memory | error), c_time (CPU s), c_mem (peak MB).
compile_once() {
    local cxx=$1 src=$2 rc=0
    shift 2
    rm -f "$work/time.txt"
    (
        ulimit -v $((memory_mib * 1024))
        exec /usr/bin/time -v -o "$work/time.txt" timeout -k 5 "$timeout_s" \
            "$cxx" -std=c++20 "${flags[@]}" -Iinclude "$@" "$src"
    ) >"$work/err.txt" 2>&1 || rc=$?
    c_time=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$work/time.txt" 2>/dev/null || echo 0)
    c_mem=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$work/time.txt" 2>/dev/null || echo 0)
    if ((rc == 0)); then
        c_status=ok
    elif ((rc == 124 || rc == 137)); then
        c_status=timeout
    elif grep -qiE 'memory exhausted|out of memory|cannot allocate memory|bad_alloc|Killed' "$work/err.txt"; then
        c_status=memory
    else
        c_status=error
    fi
}

# failure_of CXX NAME: after the last compile_once of NAME, sets m_status and
# m_text; for a failure also m_time and m_mem, with the compiler's first error
# lines on stderr, and returns 0; returns 1 when it compiled.
failure_of() {
    m_status=$c_status
    m_text=""
    [ "$m_status" != ok ] || return 1
    m_time=$c_time m_mem=$c_mem
    case $m_status in
    timeout) # the compiler proper, killed by timeout, is not reaped by time: no usage to report
        m_time="" m_mem="" m_text="timeout (${timeout_s} s wall)" ;;
    memory) m_text="out of memory (${memory_mib} MiB)" ;;
    error) m_text="compile error" ;;
    esac
    if [ "$m_status" != timeout ]; then
        {
            echo "$1 $2: $m_text; first lines of the compiler's output:"
            grep -m 8 -iE 'error|fatal|memory|killed' "$work/err.txt" || head -n 8 "$work/err.txt"
        } | cut -c1-300 >&2
    fi
    return 0
}

# measure CXX NAME AGG [flag ...]: compiles $work/NAME.cpp (-c unless a flag
# says -fsyntax-only) $repeat times (AGG=min) or 3 times (AGG=median), stopping
# at the first failure. Sets m_status, m_time, m_mem, m_text (the cell text for
# a failure). With -c the object goes to $work.
measure() {
    local cxx=$1 name=$2 agg=$3 runs k
    shift 3
    local extra=("$@")
    [[ " ${extra[*]} " == *" -fsyntax-only "* ]] || extra+=(-c -o "$work/$name.o")
    runs=$repeat
    [ "$agg" = median ] && runs=3
    local times=() mems=()
    for ((k = 0; k < runs; ++k)); do
        compile_once "$cxx" "$work/$name.cpp" "${extra[@]}"
        [ "$c_status" = ok ] || break
        times+=("$c_time") mems+=("$c_mem")
    done
    failure_of "$cxx" "$name" && return
    if [ "$agg" = median ]; then
        m_time=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 2p)
        m_mem=$(printf '%s\n' "${mems[@]}" | sort -g | sed -n 2p)
    else
        m_time=$(printf '%s\n' "${times[@]}" | sort -g | head -n 1)
        m_mem=$(printf '%s\n' "${mems[@]}" | sort -g | head -n 1)
    fi
}

# measure_against CXX BASE NAME: NAME measured as measure does (-c, minimum of
# $repeat), each of its compilations right after one of BASE, its baseline:
# sets m_* for NAME and p_time, p_mem for BASE (minimum over the same rounds).
# A machine whose speed changes from one second to the next (a shared or
# throttled one: a CI run here read 2.60 s for a program that compiles in 1.74)
# then slows both sides of a ratio alike. A failure of BASE in these rounds is
# NAME's failure ("baseline failed").
measure_against() {
    local cxx=$1 base=$2 name=$3 k
    local times=() mems=() btimes=() bmems=()
    for ((k = 0; k < repeat; ++k)); do
        compile_once "$cxx" "$work/$base.cpp" -c -o "$work/$base.o"
        if [ "$c_status" != ok ]; then
            m_status=error m_time="" m_mem="" m_text="baseline failed"
            return
        fi
        btimes+=("$c_time") bmems+=("$c_mem")
        compile_once "$cxx" "$work/$name.cpp" -c -o "$work/$name.o"
        [ "$c_status" = ok ] || break
        times+=("$c_time") mems+=("$c_mem")
    done
    p_time=$(printf '%s\n' "${btimes[@]}" | sort -g | head -n 1)
    p_mem=$(printf '%s\n' "${bmems[@]}" | sort -g | head -n 1)
    failure_of "$cxx" "$name" && return
    m_time=$(printf '%s\n' "${times[@]}" | sort -g | head -n 1)
    m_mem=$(printf '%s\n' "${mems[@]}" | sort -g | head -n 1)
}

# instructions_pair CXX BASE NAME: the instructions the compiler executes for
# BASE and for NAME (-c; driver, cc1plus and assembler), counted by valgrind's
# cachegrind without its cache simulation, the two runs side by side (about 40
# times a compilation's time). Sets ib and in (millions), or both empty when
# valgrind is not installed or a run fails. A count does not depend on the
# machine's speed or load: CPU seconds of the same compilation ranged from 1.72
# to 3.31 s on one shared machine, while the count moves by less than 1%.
instructions_pair() {
    local cxx=$1 base=$2 name=$3 n pid ok=1 pids=()
    ib="" in=""
    command -v valgrind >/dev/null || return 0
    for n in "$base" "$name"; do
        timeout -k 5 900 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
            --trace-children=yes "$cxx" -std=c++20 "${flags[@]}" -Iinclude -c "$work/$n.cpp" \
            -o "$work/$n.vg.o" >"$work/$n.vg.txt" 2>&1 &
        pids+=($!)
    done
    # Both waited for, so that neither still runs beside the next row's compilations.
    for pid in "${pids[@]}"; do wait "$pid" || ok=0; done
    ((ok)) || return 0
    vg_count() { awk '/I +refs:/ {gsub(",", "", $NF); s += $NF} END {if (s > 0) printf "%.0f", s / 1e6}' "$work/$1.vg.txt"; }
    ib=$(vg_count "$base") in=$(vg_count "$name")
    [ -n "$ib" ] && [ -n "$in" ] || ib="" in=""
}

# Floating-point helpers.
calc() { awk "BEGIN {printf \"%.2f\", $1}"; }
signed() { awk "BEGIN {printf \"%+.2f\", $1}"; }
le() { awk "BEGIN {exit !(($1) <= ($2))}"; }

# verdict VALUE LIMIT [VALUE LIMIT ...]: sets result to PASS when every value
# is <= its limit; else MISS, "MISS (beyond margin)" when one exceeds limit x
# margin (counted as a CI failure). Not for $(...): it counts in this shell.
verdict() {
    local pass=1 beyond=0
    while (($#)); do
        le "$1" "$2" || pass=0
        le "$1" "($2) * $margin" || beyond=1
        shift 2
    done
    if ((pass)); then
        result=PASS
    elif ((beyond)); then
        ci_failures=$((ci_failures + 1))
        result="MISS (beyond margin)"
    else
        result=MISS
    fi
}

# row CXX LABEL TIME MEM VS-TIME VS-MEM TARGET RESULT
row() { printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$@"; }

# A failed measurement's row; a failure always counts for CI.
failed_row() {  # CXX LABEL TARGET
    ci_failures=$((ci_failures + 1))
    row "$1" "$2" "$m_time" "$m_mem" "$m_text" "" "$3" MISS
}

version() { "$1" --version 2>/dev/null | head -n 1; }

# ---------------------------------------------------------------- the table
table() {
    local cxx=$1 bt bm r name label
    echo
    echo "$(version "$cxx"), flags ${flags[*]}, $( ((repeat == 1)) && echo "1 compilation" || echo "minimum of $repeat") per row (include rows: median of 3), caps ${timeout_s} s and ${memory_mib} MiB per compilation"
    echo
    echo "| compiler | measurement | CPU time (s) | peak memory (MB) | time vs baseline | memory ÷ baseline | target | result |"
    echo "|---|---|---:|---:|---:|---:|---|---|"

    # 1. include cost
    measure "$cxx" include_std median -fsyntax-only
    if [ "$m_status" != ok ]; then
        failed_row "$cxx" "include: standard headers (baseline)" "baseline"
        return
    fi
    bt=$m_time bm=$m_mem
    row "$cxx" "include: \`<iostream> <cmath> <array> <span> <string> <vector>\` (baseline)" "$bt" "$bm" "" "" "" ""
    for name in ctdiff ctdiff_simd xsimd; do
        case $name in
        ctdiff) label="include: \`<ctdiff/ctdiff.hpp>\`"
            measure "$cxx" include_ctdiff median -fsyntax-only ;;
        ctdiff_simd) label="include: \`<ctdiff/ctdiff.hpp>\` \`-DCTDIFF_SIMD=1\`"
            measure "$cxx" include_ctdiff median -fsyntax-only -DCTDIFF_SIMD=1 ;;
        xsimd) label="include: \`<xsimd/xsimd.hpp>\`"
            if ! echo '#include <xsimd/xsimd.hpp>' | "$cxx" -x c++ -std=c++20 -fsyntax-only - 2>/dev/null; then
                row "$cxx" "$label" "" "" "n/a (xsimd not installed)" "" "" ""
                continue
            fi
            measure "$cxx" include_xsimd median -fsyntax-only ;;
        esac
        if [ "$m_status" != ok ]; then
            if [ "$name" = ctdiff ]; then failed_row "$cxx" "$label" "≤ 1.3x"; else
                row "$cxx" "$label" "$m_time" "$m_mem" "$m_text" "" "" "(informational)"; fi
            continue
        fi
        r=$(calc "$m_time / $bt")
        if [ "$name" = ctdiff ]; then
            verdict "$r" 1.3
            row "$cxx" "$label" "$m_time" "$m_mem" "${r}x" "$(calc "$m_mem / $bm")x" "≤ 1.3x time" "$result"
        else
            row "$cxx" "$label" "$m_time" "$m_mem" "${r}x" "$(calc "$m_mem / $bm")x" "" "(informational)"
        fi
    done

    # 2. the 10-deep chain
    measure "$cxx" chain_values min
    if [ "$m_status" != ok ]; then
        failed_row "$cxx" "10-deep chain: values (baseline)" "baseline"
    else
        bt=$m_time bm=$m_mem
        row "$cxx" "10-deep chain: values (baseline)" "$bt" "$bm" "" "" "" ""
        label="10-deep chain: + \`d\`, \`d<2>\`, \`d<3>\`, \`derivatives<3>\`"
        measure_against "$cxx" chain_values chain_derivatives
        if [ "$m_status" != ok ]; then
            failed_row "$cxx" "$label" "+≤ 1.4x the baseline, ≤ 2.0x"
        else
            local dt rt mr cell ri
            bt=$p_time bm=$p_mem
            dt=$(signed "$m_time - $bt") rt=$(calc "($m_time - $bt) / $bt") mr=$(calc "$m_mem / $bm")
            cell="$dt s = ${rt}x the baseline ($bt s beside it)"
            instructions_pair "$cxx" chain_values chain_derivatives
            if [ -n "$in" ]; then
                # Judged in instructions, which the machine's speed and load do not change.
                ri=$(calc "($in - $ib) / $ib")
                cell+="; instructions: $(awk "BEGIN {printf \"%+.0f\", $in - $ib}") M = ${ri}x the baseline's $ib M"
                verdict "$ri" 1.4 "$mr" 2.0
            else
                cell+=" (no instruction count: valgrind missing or failed; judged in time)"
                verdict "$rt" 1.4 "$mr" 2.0
            fi
            row "$cxx" "$label" "$m_time" "$m_mem" "$cell" "${mr}x" \
                "+≤ 1.4x the baseline, in instructions (+1.0 s at 0.71 s), ≤ 2.0x" "$result"
        fi
    fi

    # 3, 4. d<6>, derivatives<6>, d<7>, d<16> of mish(x) * sigmoid(x)
    measure "$cxx" ms_values min
    if [ "$m_status" != ok ]; then
        failed_row "$cxx" "\`mish(x) * sigmoid(x)\`: values (baseline)" "baseline"
        return
    fi
    bt=$m_time bm=$m_mem
    row "$cxx" "\`mish(x) * sigmoid(x)\`: values (baseline)" "$bt" "$bm" "" "" "" ""
    local d6="" blown="" dt rt mr limit
    for name in ms_d6 ms_jets6 ms_d7 ms_d16; do
        case $name in
        ms_d6) label="\`d<6>\`"; limit="+≤ 2.2x the baseline (+1.5 s at 0.67 s), ≤ 2.0x" ;;
        ms_jets6) label="\`derivatives<6>\` (jets)"; limit="" ;;
        ms_d7) label="\`d<7>\`"; limit="+≤ 1.5 × \`d<6>\`'s + 0.75x the baseline, ≤ 2.0x" ;;
        ms_d16) label="\`d<16>\`"; limit="compiles" ;;
        esac
        if [ -n "$blown" ] && [ "$name" != ms_jets6 ]; then
            m_time="" m_mem="" m_text="not tried ($blown failed)"
            failed_row "$cxx" "$label" "$limit"
            continue
        fi
        measure_against "$cxx" ms_values "$name"
        if [ "$m_status" != ok ]; then
            if [ "$name" = ms_jets6 ]; then
                row "$cxx" "$label" "$m_time" "$m_mem" "$m_text" "" "" "(informational)"
            else
                failed_row "$cxx" "$label" "$limit"
                [ "$m_status" = error ] || blown=$label
            fi
            continue
        fi
        local pt=$p_time
        dt=$(signed "$m_time - $pt") rt=$(calc "($m_time - $pt) / $pt") mr=$(calc "$m_mem / $p_mem")
        dt="$dt s = ${rt}x the baseline ($pt s beside it)"
        case $name in
        ms_d6) d6=$rt
            verdict "$rt" 2.2 "$mr" 2.0
            row "$cxx" "$label" "$m_time" "$m_mem" "$dt" "${mr}x" "$limit" "$result" ;;
        ms_jets6)
            row "$cxx" "$label" "$m_time" "$m_mem" "$dt" "${mr}x" "" "(informational)" ;;
        ms_d7)
            if [ -z "$d6" ]; then
                ci_failures=$((ci_failures + 1))
                row "$cxx" "$label" "$m_time" "$m_mem" "$dt" "${mr}x" "$limit" "MISS (no \`d<6>\` to compare)"
                continue
            fi
            local allowed
            allowed=$(calc "1.5 * ($d6 > 0 ? $d6 : 0) + 0.75")
            verdict "$rt" "$allowed" "$mr" 2.0
            row "$cxx" "$label" "$m_time" "$m_mem" "$dt" "${mr}x" \
                "+≤ ${allowed}x the baseline (1.5 × \`d<6>\`'s + 0.75), ≤ 2.0x" "$result" ;;
        ms_d16)
            row "$cxx" "$label" "$m_time" "$m_mem" "$dt" "${mr}x" "$limit" PASS ;;
        esac
    done
}

# ---------------------------------------------------------------- --orders
orders() {
    local cxx=$1 n kind bt bm cell blown
    local have_boost=1
    if ! echo '#include <boost/math/differentiation/autodiff.hpp>' | "$cxx" -x c++ -std=c++20 -fsyntax-only - 2>/dev/null; then
        have_boost=0
        echo "Boost.Math autodiff (<boost/math/differentiation/autodiff.hpp>) not found: the Boost fvar column is skipped (Debian: libboost-dev)" >&2
    fi
    declare -A cells=()
    local base_text="" base_status base_fail
    for kind in d jets fvar; do
        [ "$kind" != fvar ] || ((have_boost)) || continue
        # d and jets share the ctdiff values-only TU, measured once.
        case $kind in
        d) measure "$cxx" ms_values min
            base_status=$m_status base_fail=$m_text bt=$m_time bm=$m_mem
            [ "$m_status" != ok ] || base_text="ctdiff values-only TU: ${bt} s, ${bm} MB" ;;
        fvar) measure "$cxx" boost_values min
            base_status=$m_status base_fail=$m_text bt=$m_time bm=$m_mem
            [ "$m_status" != ok ] || base_text+="; Boost values-only TU: ${bt} s, ${bm} MB" ;;
        esac
        if [ "$base_status" != ok ]; then
            for n in 1 2 3 4 5 6 7 8; do cells[$kind$n]="baseline: $base_fail"; done
            continue
        fi
        blown=""
        for n in 1 2 3 4 5 6 7 8; do
            if [ -n "$blown" ]; then
                cells[$kind$n]="not tried (n = $blown failed)"
                continue
            fi
            case $kind in
            d) measure "$cxx" "ms_d$n" min ;;
            jets) measure "$cxx" "ms_jets$n" min ;;
            fvar) measure "$cxx" "boost_fvar$n" min ;;
            esac
            if [ "$m_status" != ok ]; then
                cells[$kind$n]=$m_text
                [ -z "$m_time" ] || cells[$kind$n]+=" after ${m_time} s, ${m_mem} MB"
                [ "$m_status" = error ] || blown=$n
                continue
            fi
            cells[$kind$n]="$(awk -v t="$m_time" -v m="$m_mem" -v bt="$bt" -v bm="$bm" \
                'BEGIN {printf "%+.2f s, %+.0f MB", t - bt, m - bm}')"
        done
    done
    echo
    echo "$(version "$cxx"), flags ${flags[*]}, minimum of $repeat, caps ${timeout_s} s and ${memory_mib} MiB per compilation; $base_text"
    echo
    echo "| n | ctdiff \`d<n>\` | ctdiff \`derivatives<n>\` | Boost \`fvar<double, n>\` |"
    echo "|---:|---:|---:|---:|"
    for n in 1 2 3 4 5 6 7 8; do
        if ((have_boost)); then cell=${cells[fvar$n]}; else cell="n/a (no Boost.Math autodiff)"; fi
        echo "| $n | ${cells[d$n]} | ${cells[jets$n]} | $cell |"
    done
}

for cxx in "${compilers[@]}"; do
    if ! command -v "$cxx" >/dev/null; then
        echo "$cxx: not found, skipped" >&2
        [ "$mode" != short ] || ci_failures=$((ci_failures + 1))
        continue
    fi
    if [ "$mode" = orders ]; then orders "$cxx"; else table "$cxx"; fi
done

if [ "$mode" = short ]; then
    echo
    if ((ci_failures)); then
        echo "compile cost: $ci_failures row(s) failed (compile failure, time-out, out of memory, or a target missed beyond the margin x$margin)"
        exit 1
    fi
    echo "compile cost: no failure (misses within the margin x$margin, if any, are listed as MISS above)"
fi
