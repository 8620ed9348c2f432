// The measurement: reference derivatives at every test point, the library's
// results through every route (plain call, dual numbers, jets, symbolic d),
// the error in ULPs, and the table row per (activation, type, order).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <ctdiff/array.hpp>

#include "activations.hpp"

namespace accuracy {

inline constexpr std::size_t max_order = 4;

/// One row of the table: the maximum and mean over the points whose reference is
/// at least 2^p times the smallest normal number, and separately the maximum in
/// the underflow band below it (where x * g(x) may multiply a subnormal g).
struct row {
    std::string activation;
    std::string type;
    std::size_t order;
    double max_ulp;
    double mean_ulp;
    double worst_x;
    std::size_t points;
    double band_max_ulp;
    double band_worst_x;
    std::string order_label = {};  // the order column when it is not a number in x ("d/d beta")
};

/// Rows gathered by the test cases, written to the table by the global fixture.
std::vector<row>& rows();

/// The test points, as doubles; `in_float` when the value is also a float.
struct point {
    double x;
    bool in_float;
};
const std::vector<point>& points();

/// The grid k/64 on [-30, 30] (exact in float and double), where zero crossings are searched.
inline double grid_step() { return 1.0 / 64; }

using derivs = std::array<real, max_order + 1>;

/// f, f', ..., f'''' at x from the reference; near 0 from the expansion at 0
/// (the piece still chosen by x), where the formulas would cancel.
template <class A>
derivs reference_at(const A& a, const real& x, double xb) {
    derivs out{};
    if (x == 0 || boost::multiprecision::abs(x) < real(9.3e-10)) {
        tay t = a.reference(tay::variable(0, tay::cap - 1), xb);
        real big = 0;
        for (std::size_t k = 0; k <= t.n; ++k) big = std::max(big, real(boost::multiprecision::abs(t.c[k])));
        for (std::size_t k = 0; k <= t.n; ++k)
            if (boost::multiprecision::abs(t.c[k]) < big * real(1e-40)) t.c[k] = 0;  // exact zeros at 0
        for (std::size_t k = 0; k <= max_order; ++k) {
            // f^(k)(x) = sum_n c_n n! / (n - k)! x^(n - k)
            real s = 0, xp = 1;
            for (std::size_t n = k; n <= t.n; ++n) {
                real f = 1;
                for (std::size_t i = n - k + 1; i <= n; ++i) f *= i;
                s += t.c[n] * f * xp;
                xp *= x;
            }
            out[k] = s;
        }
    } else {
        const tay t = a.reference(tay::variable(x, max_order), xb);
        for (std::size_t k = 0; k <= max_order; ++k) out[k] = t.derivative(k);
    }
    return out;
}

/// The spacing of T at magnitude m (subnormal spacing below the normal range).
template <class T>
real ulp_of(const real& m) {
    int e = 0;
    boost::multiprecision::frexp(m, &e);  // m = f 2^e, f in [0.5, 1)
    e = std::max(e, std::numeric_limits<T>::min_exponent);
    return boost::multiprecision::ldexp(real(1), e - std::numeric_limits<T>::digits);
}

/// |c - r| in ULPs of max(|r|, floor) in T; inf for a NaN or a wrong infinity.
template <class T>
double ulp_error(T c, const real& r, const real& floor) {
    if (std::isnan(c)) return INFINITY;
    const real mag = std::max(real(boost::multiprecision::abs(r)), floor);
    if (mag > real(std::numeric_limits<T>::max())) {
        // The reference overflows T (beyond the largest value plus half an ULP: inf is right).
        const real edge =
            real(std::numeric_limits<T>::max()) + ulp_of<T>(real(std::numeric_limits<T>::max())) / 2;
        if (boost::multiprecision::abs(r) >= edge)
            return (std::isinf(c) && (c > 0) == (r > 0)) ? 0.0 : INFINITY;
    }
    if (std::isinf(c)) return INFINITY;
    return static_cast<double>(boost::multiprecision::abs(real(c) - r) / ulp_of<T>(mag));
}

/// A zero crossing of the k-th derivative and the floor that holds around it.
struct crossing {
    real z;
    real half_width;
    real floor;
};

struct stats {
    double max = 0, sum = 0, worst_x = 0;       // in the underflow band
    double max_normal = 0, worst_normal_x = 0;  // over references of magnitude >= 2^p * min_normal
    double sum_normal = 0;
    std::size_t n = 0, n_normal = 0;
    void add_normal(double e, double x) {
        if (e > max_normal) {
            max_normal = e;
            worst_normal_x = x;
        }
        sum_normal += std::isfinite(e) ? e : 0;
        ++n_normal;
    }
    void add(double e, double x) {
        if (n == 0 || e > max || (std::isnan(max))) {
            if (e > max || n == 0) {
                max = e;
                worst_x = x;
            }
        }
        sum += std::isfinite(e) ? e : 0;
        ++n;
    }
};

template <class A>
std::vector<std::vector<crossing>> find_crossings(const A& a, const std::vector<point>& pts,
                                                  const std::vector<derivs>& refs) {
    std::vector<std::vector<crossing>> out(max_order + 1);
    std::vector<std::size_t> grid;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        const double k = pts[i].x / grid_step();
        if (std::fabs(pts[i].x) <= 30 && k == std::floor(k)) grid.push_back(i);
    }
    std::sort(grid.begin(), grid.end(), [&](auto a, auto b) { return pts[a].x < pts[b].x; });
    for (std::size_t k = 0; k <= max_order; ++k) {
        for (std::size_t g = 0; g + 1 < grid.size(); ++g) {
            const real& fa = refs[grid[g]][k];
            const real& fb = refs[grid[g + 1]][k];
            if (fa != 0 && fb == 0 && pts[grid[g + 1]].x != 0 && g + 2 < grid.size()) {
                // A crossing exactly at a grid point other than 0 (the fourth derivative of
                // squareplus at x = 1, where b = 4 x^2): no formula is relatively accurate there.
                const real& fc = refs[grid[g + 2]][k];
                if (fc != 0 && (fa > 0) != (fc > 0)) {
                    const real z = pts[grid[g + 1]].x;
                    const real w = std::max(real(1), real(boost::multiprecision::abs(z))) / 4;
                    const real f1 =
                        boost::multiprecision::abs(reference_at(a, z - w, static_cast<double>(z - w))[k]);
                    const real f2 =
                        boost::multiprecision::abs(reference_at(a, z + w, static_cast<double>(z + w))[k]);
                    out[k].push_back({z, w, std::max(f1, f2)});
                }
            }
            if (fa == 0 || fb == 0 || (fa > 0) == (fb > 0)) continue;
            real lo = pts[grid[g]].x, hi = pts[grid[g + 1]].x;
            for (int it = 0; it < 80; ++it) {
                const real mid = (lo + hi) / 2;
                const real fm = reference_at(a, mid, static_cast<double>(mid))[k];
                if ((fm > 0) == (fa > 0))
                    lo = mid;
                else
                    hi = mid;
            }
            const real z = (lo + hi) / 2;
            const real w = std::max(real(1), real(boost::multiprecision::abs(z))) / 4;
            const real f1 = boost::multiprecision::abs(reference_at(a, z - w, static_cast<double>(z - w))[k]);
            const real f2 = boost::multiprecision::abs(reference_at(a, z + w, static_cast<double>(z + w))[k]);
            out[k].push_back({z, w, std::max(f1, f2)});
        }
    }
    return out;
}

inline real floor_at(const std::vector<crossing>& cs, double x) {
    real f = 0;
    for (const auto& c : cs)
        if (boost::multiprecision::abs(real(x) - c.z) <= c.half_width) f = std::max(f, c.floor);
    return f;
}

/// The bound asserted over the normal range: 4 ULP for orders 0 to 2 (the library's
/// promise), and for orders 3 and 4, whose rules are expressions evaluated in working
/// precision, a regression bound over the worst measured (14 ULP, mish's fourth).
inline double asserted_limit(std::size_t order) { return order <= 2 ? 4.0 : 16.0; }

/// The bound in the underflow band (references below 2^p times the smallest normal
/// number, in units of the subnormal spacing there): 4 ULP for orders 0 to 2; orders 3
/// and 4 are measured and published, not asserted (a subnormal intermediate multiplied
/// by a large factor).
inline double asserted_band_limit(std::size_t order) { return order <= 2 ? 4.0 : INFINITY; }

/// Adds a point's error to the normal-range or the underflow-band statistics.
template <class T>
void account(stats& st, const real& ref, double err, double x) {
    // The underflow band: a reference below 2^p times the smallest normal number.
    if (boost::multiprecision::abs(ref) >=
            real(std::numeric_limits<T>::min()) * real(std::ldexp(1.0, std::numeric_limits<T>::digits)) ||
        boost::multiprecision::abs(ref) == 0)
        st.add_normal(err, x);
    else
        st.add(err, x);
}

/// The rows of one measurement and their checks: the same bounds on every route, the
/// array route included (#12, #15).
inline void report(const std::string& name, const std::string& label,
                   const std::array<stats, max_order + 1>& st, std::size_t top) {
    for (std::size_t k = 0; k <= top; ++k) {
        rows().push_back({name, label, k, st[k].max_normal,
                          st[k].n_normal ? st[k].sum_normal / st[k].n_normal : 0.0, st[k].worst_normal_x,
                          st[k].n_normal, st[k].max, st[k].worst_x});
        BOOST_TEST(st[k].max_normal <= asserted_limit(k), name << " " << label << " order " << k << ": max "
                                                               << st[k].max_normal
                                                               << " ULP at x = " << st[k].worst_normal_x);
        BOOST_TEST(st[k].max <= asserted_band_limit(k), name << " " << label << " order " << k
                                                             << ": underflow band max " << st[k].max
                                                             << " ULP at x = " << st[k].worst_x);
    }
}

/// One type: every route at every point, then the rows and the checks. The array
/// route (forward_backward, orders 0 to 2) gets rows of its own, "float array".
template <class A, class T>
void measure_type(const A& a, const std::vector<point>& pts, const std::vector<derivs>& refs,
                  const std::vector<std::vector<crossing>>& cross, const std::string& name,
                  const std::string& type_name) {
    using namespace ctdiff;
    constexpr auto x = var<"x">;
    const auto e = a.make(x);
    const auto d1 = d(e, x);
    const auto d2 = d<2>(e, x);
    std::array<stats, max_order + 1> st{};
    std::array<stats, max_order + 1> st_array{};
    // The array route: every point of this type in one array (so each lands at some lane
    // position with other points as neighbours), grad_out = 1: forward_backward of e gives
    // orders 0 and 1, forward_backward of d(e, x) orders 1 and 2.
    std::vector<T> in;
    for (const auto& p : pts)
        if (!std::is_same_v<T, float> || p.in_float) in.push_back(static_cast<T>(p.x));
    const std::vector<T> ones(in.size(), T(1));
    std::vector<T> a0(in.size()), a1(in.size()), b1(in.size()), b2(in.size());
    forward_backward(e, in, ones, a0, a1);
    forward_backward(d1, in, ones, b1, b2);
    const bool verbose = std::getenv("CTDIFF_ACCURACY_ROUTES") != nullptr;
    std::size_t j = 0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        if (std::is_same_v<T, float> && !pts[i].in_float) continue;
        const std::size_t ai = j++;
        const T v = static_cast<T>(pts[i].x);
        const auto jets = derivatives<max_order>(e, x = v);
        const auto dual = value_and_derivative(e, x = v);
        const T plain = static_cast<T>(a.make(v));
        std::array<std::vector<T>, max_order + 1> routes{};
        routes[0] = {plain, jets[0], dual.value, static_cast<T>(e(x = v))};
        routes[1] = {jets[1], dual.derivative, static_cast<T>(d1(x = v))};
        routes[2] = {jets[2], static_cast<T>(d2(x = v))};
        routes[3] = {jets[3]};
        routes[4] = {jets[4]};
        std::array<std::vector<T>, 3> arrays{};
        arrays[0] = {a0[ai]};
        arrays[1] = {a1[ai], b1[ai]};
        arrays[2] = {b2[ai]};
        const std::size_t top = A::smooth ? max_order : 2;
        for (std::size_t k = 0; k <= top; ++k) {
            const real fl = floor_at(cross[k], pts[i].x);
            const auto worst = [&](const std::vector<T>& got, bool array) {
                double err = 0;
                for (std::size_t r = 0; r < got.size(); ++r) {
                    const double er = ulp_error<T>(got[r], refs[i][k], fl);
                    if (verbose && er > 4)
                        BOOST_TEST_MESSAGE(name << " " << type_name << (array ? " array" : "") << " order "
                                                << k << " route " << r << " x = " << pts[i].x << ": " << er
                                                << " ULP (got " << got[r] << ")");
                    err = std::max(err, er);
                }
                return err;
            };
            account<T>(st[k], refs[i][k], worst(routes[k], false), pts[i].x);
            if (k <= 2) account<T>(st_array[k], refs[i][k], worst(arrays[k], true), pts[i].x);
        }
    }
    report(name, type_name, st, A::smooth ? max_order : 2);
    report(name, type_name + " array", st_array, 2);
}

/// NaN in gives NaN in every route and order; ±inf give the limits of the reference at ±1e300.
/// The array route too (forward_backward of e and of d(e, x)).
template <class A, class T>
void check_specials(const A& a, const std::string& name, const std::string& type_name) {
    using namespace ctdiff;
    constexpr auto x = var<"x">;
    const auto e = a.make(x);
    const auto d1 = d(e, x);
    const T qnan = std::numeric_limits<T>::quiet_NaN();
    const auto jn = derivatives<max_order>(e, x = qnan);
    for (std::size_t k = 0; k <= max_order; ++k)
        BOOST_TEST(std::isnan(jn[k]),
                   name << " " << type_name << ": NaN in, order " << k << " gives " << jn[k]);
    BOOST_TEST(std::isnan(static_cast<T>(a.make(qnan))), name << " " << type_name << ": plain NaN");
    BOOST_TEST(std::isnan(d1(x = qnan)), name << " " << type_name << ": d NaN");
    BOOST_TEST(std::isnan(value_and_derivative(e, x = qnan).derivative),
               name << " " << type_name << ": dual NaN");
    const T inf = std::numeric_limits<T>::infinity();
    const std::vector<T> in = {qnan, -inf, inf, T(0.5)};
    const std::vector<T> ones(in.size(), T(1));
    std::vector<T> a0(in.size()), a1(in.size()), b1(in.size()), b2(in.size());
    forward_backward(e, in, ones, a0, a1);
    forward_backward(d1, in, ones, b1, b2);
    // b2 is the dual derivative of d(e, x), which for a piecewise-linear e is a NaN-guarded
    // constant whose dual part is 0 at NaN (value_and_derivative(d(relu(x), x), x = NaN) as well).
    BOOST_TEST(
        (std::isnan(a0[0]) && std::isnan(a1[0]) && std::isnan(b1[0]) && (!A::smooth || std::isnan(b2[0]))),
        name << " " << type_name << ": array NaN");
    for (const int s : {-1, 1}) {
        const T v = static_cast<T>(s) * inf;
        const std::size_t ai = s < 0 ? 1 : 2;
        const derivs lim = reference_at(a, real(s * 1e300), s * 1e300);
        const auto j = derivatives<max_order>(e, x = v);
        const std::array<T, 3> got = {static_cast<T>(a.make(v)), d1(x = v), j[2]};
        const std::array<T, 3> jet_got = {j[0], j[1], j[2]};
        const std::array<T, 3> array_got = {a0[ai], a1[ai], b2[ai]};
        for (std::size_t k = 0; k <= 2; ++k) {
            const real r = lim[k];
            // Beyond the orders that have a limit (snake's derivatives oscillate): NaN.
            const T want =
                k >= orders_with_limits<A>                     ? std::numeric_limits<T>::quiet_NaN()
                : boost::multiprecision::abs(r) > real(1e250)  ? static_cast<T>(r > 0 ? INFINITY : -INFINITY)
                : boost::multiprecision::abs(r) < real(1e-250) ? T(0)  // a limit 0 (squareplus(-inf))
                                                               : static_cast<T>(r);
            if (std::isnan(want)) {
                BOOST_TEST((std::isnan(got[k]) && std::isnan(jet_got[k]) && std::isnan(array_got[k])),
                           name << " " << type_name << " at " << v << ", order " << k << ": no limit, got "
                                << got[k] << ", " << jet_got[k] << " and (array) " << array_got[k]);
                continue;
            }
            // A limit other than 0 and inf within the 4 ULP promised (swiglu(5/4, x)' is silu(5/4)).
            const bool finite = std::isfinite(want) && want != 0;
            const auto near = [&](T g) { return g == want || (finite && ulp_error<T>(g, r, 0) <= 4); };
            BOOST_TEST((near(got[k]) && near(jet_got[k]) && near(array_got[k])),
                       name << " " << type_name << " at " << v << ", order " << k << ": got " << got[k]
                            << ", " << jet_got[k] << " and (array) " << array_got[k] << ", limit " << want);
        }
    }
}

template <class A>
void measure() {
    const auto& pts = points();
    std::vector<derivs> refs(pts.size());
    const A a{};
    for (std::size_t i = 0; i < pts.size(); ++i) refs[i] = reference_at(a, real(pts[i].x), pts[i].x);
    const auto cross = find_crossings(a, pts, refs);
    measure_type<A, float>(a, pts, refs, cross, A::name, "float");
    measure_type<A, double>(a, pts, refs, cross, A::name, "double");
    check_specials<A, float>(a, A::name, "float");
    check_specials<A, double>(a, A::name, "double");
}

/// An activation at one value p of its parameter, as the cases above see it: make(e)
/// and reference(X, xb) with the parameter fixed.
template <class P>
struct at_parameter {
    static constexpr bool smooth = P::smooth;
    double p;
    auto make(auto e) const { return P::make(e, p); }
    tay reference(const tay& X, double xb) const { return P::reference(X, xb, tay::constant(p, X.n), p); }
};

/// The zero crossings of the partial in the parameter along the grid k/64 on [-30, 30],
/// from the reference differentiated in p (first-order Taylor numbers: cheap), with the
/// floor find_crossings gives (the larger |partial| a quarter of max(1, |z|) away).
template <class P>
std::vector<crossing> partial_crossings(double p, const std::vector<point>& pts) {
    const auto partial = [&](const real& x) {
        return P::reference(tay::constant(x, 1), static_cast<double>(x), tay::variable(real(p), 1), p).c[1];
    };
    std::vector<double> grid;
    for (const point& q : pts) {
        const double k = q.x / grid_step();
        if (std::fabs(q.x) <= 30 && k == std::floor(k)) grid.push_back(q.x);
    }
    std::sort(grid.begin(), grid.end());
    std::vector<crossing> out;
    real fa = grid.empty() ? real(0) : partial(real(grid[0]));
    for (std::size_t g = 0; g + 1 < grid.size(); ++g) {
        const real fb = partial(real(grid[g + 1]));
        if (fa != 0 && fb != 0 && (fa > 0) != (fb > 0)) {
            real lo = grid[g], hi = grid[g + 1];
            for (int it = 0; it < 80; ++it) {
                const real mid = (lo + hi) / 2;
                if ((partial(mid) > 0) == (fa > 0))
                    lo = mid;
                else
                    hi = mid;
            }
            const real z = (lo + hi) / 2;
            const real w = std::max(real(1), real(boost::multiprecision::abs(z))) / 4;
            out.push_back({z, w,
                           std::max(real(boost::multiprecision::abs(partial(z - w))),
                                    real(boost::multiprecision::abs(partial(z + w))))});
        }
        fa = fb;
    }
    return out;
}

/// The partial in the parameter at every point, through every route: gradient, d in the
/// parameter, the dual pass seeded in it, and the array route (backward of one element,
/// whose parameter gradient is that element's partial). The reference differentiates the
/// reference formula in p. Near the partial's zero crossings (snake's oscillates) the
/// error is measured against the floor the cases above use there (find_crossings).
template <class P, class T>
void measure_partial(const std::vector<point>& pts, double p, const std::string& label) {
    using namespace ctdiff;
    const auto partial_cross = partial_crossings<P>(p, pts);
    constexpr auto x = var<"x">;
    constexpr auto a = var<"a">;
    const auto e = P::make(x, a);
    const auto da = d(e, a);
    std::array<stats, max_order + 1> st{};
    std::array<stats, max_order + 1> st_array{};
    const bool verbose = std::getenv("CTDIFF_ACCURACY_ROUTES") != nullptr;
    const T pt = static_cast<T>(p);
    for (const auto& pnt : pts) {
        if (std::is_same_v<T, float> && !pnt.in_float) continue;
        const T v = static_cast<T>(pnt.x);
        const real ref =
            P::reference(tay::constant(real(pnt.x), 1), pnt.x, tay::variable(real(p), 1), p).c[1];
        const std::array<T, 3> got = {gradient(e, x = v, a = pt)[a], static_cast<T>(da(x = v, a = pt)),
                                      value_and_derivative(e, wrt(a), a = pt, x = v).derivative};
        const real fl = floor_at(partial_cross, pnt.x);
        double err = 0;
        for (std::size_t r = 0; r < got.size(); ++r) {
            const double er = ulp_error<T>(got[r], ref, fl);
            if (verbose && er > 4)
                BOOST_TEST_MESSAGE(P::name << " " << label << " route " << r << " x = " << pnt.x << ": " << er
                                           << " ULP (got " << got[r] << ")");
            err = std::max(err, er);
        }
        account<T>(st[0], ref, err, pnt.x);
        const std::array<T, 1> in{v}, go{T(1)};
        std::array<T, 1> gin{};
        const T ga = backward(P::make(x, a), in, go, gin, a = pt)[a];
        const double ea = ulp_error<T>(ga, ref, fl);
        if (verbose && ea > 4)
            BOOST_TEST_MESSAGE(P::name << " " << label << " array x = " << pnt.x << ": " << ea << " ULP (got "
                                       << ga << ")");
        account<T>(st_array[0], ref, ea, pnt.x);
    }
    const std::string order = std::string("d/d ") + P::parameter;
    for (int arr = 0; arr < 2; ++arr) {
        const auto& s = arr ? st_array[0] : st[0];
        const std::string l = arr ? label + " array" : label;
        rows().push_back({P::name, l, 1, s.max_normal, s.n_normal ? s.sum_normal / s.n_normal : 0.0,
                          s.worst_normal_x, s.n_normal, s.max, s.worst_x, order});
        BOOST_TEST(s.max_normal <= 4.0, P::name << " " << l << " " << order << ": max " << s.max_normal
                                                << " ULP at x = " << s.worst_normal_x);
        BOOST_TEST(s.max <= 4.0, P::name << " " << l << " " << order << ": underflow band max " << s.max
                                         << " ULP at x = " << s.worst_x);
    }
}

/// An activation over its parameter grid (P::values): orders 0 to 2 in x on every route
/// (arrays included) and the partial in the parameter, float and double; the parameter is
/// rounded to the type first, and the reference uses the rounded value.
template <class P>
void measure_parameters() {
    // Where the activation's promise stops at a magnitude of x (P::max_abs_x, snake's
    // finite_where), the grid stops there too.
    const std::vector<point> pts = [] {
        if constexpr (requires { P::max_abs_x; }) {
            std::vector<point> in;
            for (const point& q : points())
                if (std::fabs(q.x) < P::max_abs_x) in.push_back(q);
            return in;
        } else {
            return points();
        }
    }();
    for (const double p0 : P::values) {
        for (const bool is_float : {true, false}) {
            const double p = is_float ? static_cast<double>(static_cast<float>(p0)) : p0;
            const at_parameter<P> a{p};
            std::vector<derivs> refs(pts.size());
            for (std::size_t i = 0; i < pts.size(); ++i) refs[i] = reference_at(a, real(pts[i].x), pts[i].x);
            const auto cross = find_crossings(a, pts, refs);
            char buffer[64];
            std::snprintf(buffer, sizeof buffer, "%s, %s = %g", is_float ? "float" : "double", P::parameter,
                          p0);
            const std::string type = is_float ? "float" : "double";
            if (is_float) {
                measure_type<at_parameter<P>, float>(a, pts, refs, cross, P::name, buffer);
                measure_partial<P, float>(pts, p, buffer);
                check_specials<at_parameter<P>, float>(a, P::name, buffer);
            } else {
                measure_type<at_parameter<P>, double>(a, pts, refs, cross, P::name, buffer);
                measure_partial<P, double>(pts, p, buffer);
                check_specials<at_parameter<P>, double>(a, P::name, buffer);
            }
        }
    }
}

}  // namespace accuracy

namespace accuracy {
/// The activations the suite measures, by name (before any '('), filled before main
/// by ACCURACY_REGISTERED_PART and ACCURACY_TEST; checked against the registry (CTDIFF_ACTIVATIONS).
inline std::set<std::string>& measured_activations() {
    static std::set<std::string> names;
    return names;
}
struct measured_activation {
    explicit measured_activation(std::string_view label) {
        measured_activations().emplace(label.substr(0, label.find('(')));
    }
};
}  // namespace accuracy

#define ACCURACY_TEST(id)                                                                              \
    [[maybe_unused]] static const ::accuracy::measured_activation id##_measured{::accuracy::id::name}; \
    BOOST_AUTO_TEST_CASE(id) { ::accuracy::measure<::accuracy::id>(); }

// The registered activations (CTDIFF_ACTIVATIONS, activations/registry.hpp) are
// measured from the registry: each against its reference, `activation_reference`
// in its header (activations.hpp: ACCURACY_REGISTERED), or for a gated activation
// along each input (`along`). The
// suite's parts (part_registered.cpp, compiled once per part) share them out by
// their index in the registry, so that adding an activation adds no line here.
namespace accuracy {

#define ACCURACY_NAME_OF(name) std::string_view(#name),
inline constexpr std::string_view registered_names[] = {CTDIFF_ACTIVATIONS(ACCURACY_NAME_OF)};
#undef ACCURACY_NAME_OF

constexpr std::size_t registered_index(std::string_view name) {
    for (std::size_t i = 0; i < std::size(registered_names); ++i)
        if (registered_names[i] == name) return i;
    return std::size(registered_names);
}

template <class A>
void measure_registered() {
    if constexpr (requires { typename A::along; }) {
        std::apply([](auto... along) { (measure<decltype(along)>(), ...); }, typename A::along{});
    } else {
        measure<A>();
    }
}

/// Registers the test case measuring A (the registered activation `name`) in the
/// current suite, where the activation's index falls to this part.
template <std::size_t Part, std::size_t Parts, std::size_t Index, class A>
void register_if_in_part(const char* name) {
    if constexpr (Index % Parts == Part) {
        measured_activations().emplace(name);
        boost::unit_test::framework::current_auto_test_suite().add(
            boost::unit_test::make_test_case(&measure_registered<A>, name, __FILE__, __LINE__));
    }
}

template <std::size_t Part, std::size_t Parts>
struct registered_part {
    registered_part() {
#define ACCURACY_REGISTER(name) \
    register_if_in_part<Part, Parts, registered_index(#name), ACCURACY_REGISTERED(name)>(#name);
        CTDIFF_ACTIVATIONS(ACCURACY_REGISTER)
#undef ACCURACY_REGISTER
    }
};

}  // namespace accuracy

/// The test cases of one part: the registered activations whose index in the
/// registry is `part` modulo `parts`.
#define ACCURACY_REGISTERED_PART(part, parts)                                                          \
    BOOST_AUTO_TEST_SUITE(accuracy_registered)                                                         \
    [[maybe_unused]] static const ::accuracy::registered_part<part, parts> accuracy_registered_part{}; \
    BOOST_AUTO_TEST_SUITE_END()
