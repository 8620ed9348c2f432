// libFuzzer target: random expression trees of depth up to 8 over every
// primitive of ctdiff and the four arithmetic operations.
//
// Expression types are fixed at compile time, so a tree cannot be built from
// bytes directly. Instead a fixed set of tree shapes is instantiated once for
// every choice of their arithmetic operations (4 or 16 instantiations each),
// and every function node of a shape is a `dyn` node: an operation tag whose
// node holds a run-time index into the table of primitives. A dyn node
// evaluates the chosen primitive through ctdiff itself, on whatever number
// the route brings (double, dual, jet), and differentiates to a dyn node of
// one order higher, which evaluates the chosen primitive's symbolic
// derivative `d<m>(p(s), s)`. So every route of the library is exercised
// end to end: the symbolic `d` (chain rule, simplification, rules' derivative
// expressions), the dual pass and the jet pass (`derivatives<n>`).
//
// Checked for every input:
// - the routes agree: value (plain, dual, jet), first derivative (d, dual,
//   jet), second derivative (d<2>, jet), to a relative tolerance scaled by the
//   depth, with a floor scaled by the largest intermediate magnitude;
// - a finite input, where every primitive gets an argument inside its domain
//   and no intermediate overflows, gives no NaN in any route (and, node by
//   node, a primitive given a nice argument returns no NaN);
// - a NaN input gives a NaN value;
// - nothing crashes (ASan, UBSan).
#include <ctdiff/ctdiff.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

namespace fz {

using namespace ctdiff;

inline constexpr auto s = var<"s">;
inline constexpr auto w = var<"w">;
inline constexpr auto x = var<"x">;

// ---------------------------------------------------------------------------
// The primitives. Every registered activation (CTDIFF_ACTIVATIONS,
// activations/registry.hpp) comes from the registry: with its parameters at
// their defaults (or documented values) in the unary table, and, where its
// first parameter is smooth or it is gated, as f(e, p) in the binary table; its
// domain is its header's `finite_where` (activations/info.hpp). The tables
// below add the primitives the rules are built from and non-default parameters.
//
// X(expression of e, domain of u where the function and all its derivatives are
// finite and representable: log, sqrt and 1/u stay 1e-100 away from 0, where
// 1/u^3 would overflow). Parameters are fixed numbers here.
// clang-format off
#define FZ_UNARY(X)                                                                        \
    X(exp(e), true) X(log(e), u > 1e-100) X(log1p(e), u > -1) X(expm1(e), true)                \
    X(sqrt(e), u > 1e-100) X(sin(e), std::fabs(u) < 1e6) X(cos(e), std::fabs(u) < 1e6)         \
    X(erf(e), true) X(abs(e), true) X(sech2(e), true) X(sign(e), true)                    \
    X(step(e), true) X(pow(e, int_c<2>), true) X(pow(e, int_c<3>), true)                  \
    X(pow(e, int_c<-1>), std::fabs(u) > 1e-100) X(dsigmoid(e), true) X(norm_cdf(e), true)                \
    X(norm_pdf(e), true) X(leaky_relu(e, 0.2), true) X(elu(e, 0.5), true)                 \
    X(celu(e, 2.0), true) X(gelu_tanh_gate(e), true) X(mish_gate(e), true)                \
    X(dmish_gate(e), true) X(softplus(e, 2.0, 10.0), true) X(hardtanh(e, -2.0, 0.5), true) \
    X(softshrink(e, 2.0), true) X(threshold(e, 0.5, 2.0), true) X(dsilu(e), true)         \
    X(d2silu(e), true) X(dmish(e), true) X(d2mish(e), true) X(dgelu(e), true)             \
    X(d2gelu(e), true) X(dgelu_tanh(e), true) X(d2gelu_tanh(e), true)                     \
    X(squareplus(e, 0.5), true) X(dsquareplus(e, 4.0), true) X(d2squareplus(e, 4.0), true) \
    X(snake(e, 0.5), std::fabs(u) < 1e6)                                                   \
    X(dsnake(e, 1.0), std::fabs(u) < 1e6) X(dsnake_dalpha(e, 1.0), std::fabs(u) < 1e6)        \
    X(rrelu(e, 0.1, 0.3), true)

// X(expression of e and p, domain of (u, p)): non-default parameters beside a
// smooth one, and the gated activations the other way round (the registry's
// entries take e as the value a).
#define FZ_BINARY(X)                                                                       \
    X(softplus(e, p, 5.0), std::fabs(p) > 1e-100 && std::fabs(p) < 1e6)                   \
    X(glu(p, e), true) X(swiglu(p, e), true) X(reglu(p, e), true)
// clang-format on

/// One entry of a table: the function of e (and p), its domain, its name.
template <class F, class D>
struct primitive_entry {
    F f;
    D domain;
    const char* name;
};
template <class F, class D>
primitive_entry(F, D, const char*) -> primitive_entry<F, D>;

#define FZ_UNARY_ENTRY(expr, dom)                       \
    primitive_entry{[](const auto& e) { return expr; }, \
                    +[](double u) {                     \
                        static_cast<void>(u);           \
                        return static_cast<bool>(dom);  \
                    },                                  \
                    #expr},
#define FZ_BINARY_ENTRY(expr, dom)                                     \
    primitive_entry{[](const auto& e, const auto& p) { return expr; }, \
                    +[](double u, double p) {                          \
                        static_cast<void>(u);                          \
                        static_cast<void>(p);                          \
                        return static_cast<bool>(dom);                 \
                    },                                                 \
                    #expr},

/// The registered activation Name, applied through f (a lambda calling it), as a
/// tuple of one entry where it belongs to the table (Unary: one input), else empty.
template <fixed_string Name, bool Unary, class F>
constexpr auto registered_entry(F f) {
    constexpr const activation_info& info = activation_info_of<Name>;
    static_assert(info.complete(),
                  "the fuzzer needs the registered activation's data (activations/info.hpp)");
    if constexpr (Unary && info.inputs == 1) {
        return std::tuple{primitive_entry{f,
                                          +[](double u) {
                                              return activation_info_of<Name>.finite_at(
                                                  u, activation_info_of<Name>.parameters[0].value);
                                          },
                                          Name.chars}};
    } else if constexpr (!Unary && (info.inputs == 2 || info.first_parameter_smooth())) {
        return std::tuple{primitive_entry{
            f, +[](double u, double p) { return activation_info_of<Name>.finite_at(u, p); }, Name.chars}};
    } else {
        return std::tuple{};
    }
}
#define FZ_REGISTERED_UNARY(name) \
    registered_entry<#name, true>([](const auto& e) { return CTDIFF_TYPICAL_CALL(name, e, e); }),
#define FZ_REGISTERED_BINARY(name) \
    registered_entry<#name, false>([](const auto& e, const auto& p) { return ctdiff::name(e, p); }),

inline constexpr auto unary_table = std::tuple_cat(std::tuple{FZ_UNARY(FZ_UNARY_ENTRY)},
                                                   CTDIFF_ACTIVATIONS(FZ_REGISTERED_UNARY) std::tuple{});
inline constexpr auto binary_table = std::tuple_cat(std::tuple{FZ_BINARY(FZ_BINARY_ENTRY)},
                                                    CTDIFF_ACTIVATIONS(FZ_REGISTERED_BINARY) std::tuple{});
inline constexpr std::size_t unary_count = std::tuple_size_v<decltype(unary_table)>;
inline constexpr std::size_t binary_count = std::tuple_size_v<decltype(binary_table)>;

/// A table's domains and names, indexed at run time.
template <class Table>
constexpr auto domains_of(const Table& table) {
    return std::apply([](const auto&... entry) { return std::array{entry.domain...}; }, table);
}
template <class Table>
constexpr auto names_of(const Table& table) {
    return std::apply([](const auto&... entry) { return std::array{entry.name...}; }, table);
}
inline constexpr auto unary_domain = domains_of(unary_table);
inline constexpr auto unary_name = names_of(unary_table);
inline constexpr auto binary_domain = domains_of(binary_table);
inline constexpr auto binary_name = names_of(binary_table);

// ---------------------------------------------------------------------------
// What the nodes saw during one input's evaluations.
struct observations {
    bool suspect = false;      // an argument outside a domain, an overflow, a non-finite value
    double magnitude = 1;      // the largest finite |component| seen at a dyn node
    double amplification = 1;  // the largest max_k (|b^(k)| / |b|)^(1/k) of a divisor b
};
inline observations seen;

template <class Num, class F>
void for_components(const Num& n, F&& f) {
    if constexpr (std::is_floating_point_v<Num>) {
        f(n);
    } else if constexpr (detail::is_dual_v<Num>) {
        for_components(n.value, f);
        for_components(n.derivative, f);
    } else {
        for (const auto& c : n.d) for_components(c, f);
    }
}

inline constexpr double huge = 1e100;

template <class Num>
bool nice(const Num& n) {
    bool ok = true;
    for_components(n, [&](double c) { ok = ok && std::isfinite(c) && std::fabs(c) <= huge; });
    return ok;
}

[[noreturn]] inline void fail(const std::string& what) {
    std::fprintf(stderr, "ctdiff fuzz: %s\n", what.c_str());
    std::abort();
}

/// Records what a dyn node saw; a nice argument inside the domain must give no NaN.
template <class Num>
void observe(const char* name, std::size_t order, bool args_nice, double argument, const Num& args_ok_probe,
             const Num& result) {
    // NaN next to an overflowed (or nearly overflowed) component is excused:
    // the true result is beyond the range of double.
    bool has_nan = false, has_huge = false;
    for_components(result, [&](double c) {
        has_nan = has_nan || std::isnan(c);
        has_huge = has_huge || std::fabs(c) > huge;
        if (std::isfinite(c)) seen.magnitude = std::max(seen.magnitude, std::fabs(c));
    });
    if (args_nice && has_nan && !has_huge)
        fail(std::string("NaN from ") + name + " (derivative order " + std::to_string(order) + ") at " +
             std::to_string(argument));
    if (!args_nice || !nice(result)) seen.suspect = true;
    for_components(args_ok_probe, [&](double c) {
        if (std::isfinite(c)) seen.magnitude = std::max(seen.magnitude, std::fabs(c));
    });
}

/// Calls f.template operator()<I>() for the I equal to k (k < Count).
template <std::size_t Count, class F>
auto dispatch(std::size_t k, F&& f) {
    using R = decltype(f.template operator()<0>());
    R r{};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((k == I ? void(r = f.template operator()<I>()) : void()), ...);
    }
    (std::make_index_sequence<Count>{});
    return r;
}

/// The Order-th derivative of unary primitive I at c: Order 0 on any number,
/// higher orders (symbolic) on double.
template <std::size_t Order, class Num>
Num unary_apply(std::size_t k, const Num& c) {
    const Num r = dispatch<unary_count>(k, [&]<std::size_t I>() -> Num {
        const auto f = std::get<I>(unary_table).f(s);
        if constexpr (Order == 0) {
            return f(s = c);
        } else {
            return static_cast<Num>(d<Order>(f, s)(s = c));
        }
    });
    const double u = detail::innermost(c);
    observe(unary_name[k], Order, unary_domain[k](u) && nice(c), u, c, r);
    return r;
}

template <std::size_t Di, std::size_t Dj, class Num>
Num binary_apply(std::size_t k, const Num& c, const Num& q) {
    const Num r = dispatch<binary_count>(k, [&]<std::size_t I>() -> Num {
        const auto f = std::get<I>(binary_table).f(s, w);
        if constexpr (Di == 0 && Dj == 0) {
            return f(s = c, w = q);
        } else if constexpr (Dj == 0) {
            return static_cast<Num>(d<Di>(f, s)(s = c, w = q));
        } else if constexpr (Di == 0) {
            return static_cast<Num>(d<Dj>(f, w)(s = c, w = q));
        } else {
            return static_cast<Num>(d<Dj>(d<Di>(f, s), w)(s = c, w = q));
        }
    });
    const double u = detail::innermost(c), p = detail::innermost(q);
    observe(binary_name[k], Di + Dj, binary_domain[k](u, p) && nice(c) && nice(q), u, c, r);
    if (!nice(q)) seen.suspect = true;
    return r;
}

// ---------------------------------------------------------------------------
/// The operation of a dyn node: children (one argument, or an argument and a
/// parameter), then the primitive's index as a `scalar<int>`. Orders: how
/// often the node has been differentiated with respect to each argument.
template <std::size_t... Orders>
struct dyn_op {
    static_assert((Orders + ... + 0) <= 3, "the fuzzer differentiates dyn nodes at most three times");

    template <class Env, class N>
    static auto eval(const Env& env, const N& n) {
        const auto k = static_cast<std::size_t>(n.template child<N::arity - 1>().value);
        if constexpr (N::arity == 2) {
            return unary_apply<Orders...>(k, n.template child<0>().eval(env));
        } else {
            const auto c = n.template child<0>().eval(env);
            const auto q = n.template child<1>().eval(env);
            using R = detail::common_number_t<std::remove_cv_t<decltype(c)>, std::remove_cv_t<decltype(q)>>;
            return binary_apply<Orders...>(k, detail::convert<R>(c), detail::convert<R>(q));
        }
    }
    template <class N, class X>
    static auto derive(const N& n, const X& v) {
        const scalar<int> k = n.template child<N::arity - 1>();
        const auto c = n.template child<0>();
        using C = std::remove_cv_t<decltype(c)>;
        if constexpr (N::arity == 2) {
            constexpr std::size_t o = (Orders + ...);
            return detail::make_mul(node<dyn_op<o + 1>, C, scalar<int>>{c, k}, detail::derive(c, v));
        } else {
            constexpr std::size_t o[] = {Orders...};
            const auto q = n.template child<1>();
            using Q = std::remove_cv_t<decltype(q)>;
            return detail::make_add(detail::make_mul(node<dyn_op<o[0] + 1, o[1]>, C, Q, scalar<int>>{c, q, k},
                                                     detail::derive(c, v)),
                                    detail::make_mul(node<dyn_op<o[0], o[1] + 1>, C, Q, scalar<int>>{c, q, k},
                                                     detail::derive(q, v)));
        }
    }
    template <class... A>
    static auto make(const A&... a) {
        return node<dyn_op, A...>{a...};
    }
};

/// An identity node around a divisor: records how much the division can
/// amplify rounding errors in derivatives (a divisor near a zero of itself:
/// the quotient rule and the jet quotient then cancel terms of size |b'| / |b|).
struct watch_op {
    template <class Env, class N>
    static auto eval(const Env& env, const N& n) {
        const auto b = n.template child<0>().eval(env);
        using B = std::remove_cv_t<decltype(b)>;
        // A divisor near 0 makes 1/b^k overflow in the derivatives: outside the nice region.
        if (std::fabs(detail::innermost(b)) < 1e-100 || !nice(b)) seen.suspect = true;
        if constexpr (!std::is_floating_point_v<B>) {
            double b0 = 0;
            std::size_t k = 0;
            for_components(b, [&](double c) {
                if (k == 0) {
                    b0 = std::fabs(c);
                } else if (c != 0) {
                    const double a = b0 == 0 ? std::numeric_limits<double>::infinity()
                                             : std::pow(std::fabs(c) / b0, 1.0 / static_cast<double>(k));
                    seen.amplification = std::max(seen.amplification, a);
                }
                ++k;
            });
        }
        return b;
    }
    template <class N, class X>
    static auto derive(const N& n, const X& v) {
        return detail::derive(n.template child<0>(), v);
    }
    template <class A>
    static auto make(const A& a) {
        return node<watch_op, A>{a};
    }
};

}  // namespace fz

// How the fuzzer's nodes print (the printing traversal's hook, print/write.hpp):
// a dyn node as "dyn", a watch node as the divisor it watches.
namespace ctdiff {
template <std::size_t... Orders>
struct write_impl<fz::dyn_op<Orders...>> {
    template <class N>
    static int precedence(const N&) {
        return precedence_level::atom;
    }
    template <class N>
    static void write(std::string& out, bool, const N&) {
        out += "dyn";
    }
};
template <>
struct write_impl<fz::watch_op> : detail::writes_first_child {};
}  // namespace ctdiff

namespace fz {

template <class E>
auto U(const E& e, std::size_t k) {
    return node<dyn_op<0>, E, scalar<int>>{e, scalar<int>{static_cast<int>(k % unary_count)}};
}
template <class E, class P>
auto B(const E& e, const P& p, std::size_t k) {
    return node<dyn_op<0, 0>, E, P, scalar<int>>{e, p, scalar<int>{static_cast<int>(k % binary_count)}};
}

template <std::size_t A, class L, class R>
auto arith(const L& l, const R& r) {
    if constexpr (A == 0) {
        return l + r;
    } else if constexpr (A == 1) {
        return l - r;
    } else if constexpr (A == 2) {
        return l * r;
    } else {
        return l / node<watch_op, detail::expression_t<R>>{detail::as_expression(r)};
    }
}

// ---------------------------------------------------------------------------
// Input decoding.
struct reader {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t pos = 0;
    std::uint8_t byte() { return pos < size ? data[pos++] : 0; }
    std::size_t index() { return byte(); }
    double number() {
        std::uint8_t raw[8] = {};
        for (auto& b : raw) b = byte();
        double v;
        std::memcpy(&v, raw, sizeof v);
        return v;
    }
    /// A point: mostly moderate values and the kinks of the activations, some
    /// wide-range values, some raw doubles (inf, NaN, subnormals).
    double point() {
        const std::uint8_t mode = byte();
        switch (mode % 8) {
            case 0:
                return number();
            case 1: {
                static constexpr double specials[] = {0.0,  -0.0,  1.0,   -1.0,   0.5,   -0.5, 2.0,
                                                      -2.0, 3.0,   -3.0,  6.0,    20.0,  10.0, -20.0,
                                                      64.0, -64.0, 700.0, -745.0, 1e-300};
                return specials[byte() % std::size(specials)];
            }
            case 2: {
                const int e = static_cast<int>(byte() % 121) - 60;
                return std::ldexp(
                    static_cast<double>(static_cast<std::int16_t>(byte() | (byte() << 8))) / 32768.0, e);
            }
            default:
                return static_cast<double>(static_cast<std::int16_t>(byte() | (byte() << 8))) / 2048.0;
        }
    }
};

// ---------------------------------------------------------------------------
// The checks.
struct route_results {
    double value, dual_value, jet_value;
    double d1_symbolic, d1_dual, d1_jet;
    double d2_symbolic, d2_jet;
};

template <class F>
route_results evaluate_routes(const F& f, double v) {
    route_results r{};
    r.value = f(x = v);
    const auto vd = value_and_derivative(f, x = v);
    r.dual_value = vd.value;
    r.d1_dual = vd.derivative;
    r.d1_symbolic = d(f, x)(x = v);
    const auto t = derivatives<2>(f, x = v);
    r.jet_value = t[0];
    r.d1_jet = t[1];
    r.d2_jet = t[2];
    r.d2_symbolic = d<2>(f, x)(x = v);
    return r;
}

inline bool agree(double a, double b, double tolerance, double floor) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    if (std::isinf(a) || std::isinf(b)) return a == b;
    return std::fabs(a - b) <= tolerance * std::max({std::fabs(a), std::fabs(b), floor});
}

inline void check(const route_results& r, double v, int depth, const char* shape) {
    if (std::isnan(v)) {
        if (!std::isnan(r.value) || !std::isnan(r.dual_value) || !std::isnan(r.jet_value))
            fail(std::string("NaN in, a number out (value) in ") + shape);
        return;
    }
    if (seen.suspect || !std::isfinite(r.value)) return;  // only "no crash" outside the nice region
    const double all[] = {r.value,   r.dual_value, r.jet_value,   r.d1_symbolic,
                          r.d1_dual, r.d1_jet,     r.d2_symbolic, r.d2_jet};
    for (const double a : all)
        if (std::isnan(a)) fail(std::string("NaN from a finite input inside every domain in ") + shape);
    // Relative tolerance grows with depth and order; the floor is the largest
    // magnitude that went through the tree (cancellation is measured against it).
    const double base = 1e-11 * depth;
    const double m = seen.magnitude, a = std::min(seen.amplification, 1e100);
    const auto expect = [&](double a, double b, double tol, double floor, const char* what) {
        if (!agree(a, b, tol, floor)) {
            char buffer[256];
            std::snprintf(buffer, sizeof buffer, "%s disagree in %s at x = %.17g: %.17g vs %.17g", what,
                          shape, v, a, b);
            fail(buffer);
        }
    };
    expect(r.value, r.dual_value, base, m, "value (plain, dual)");
    expect(r.value, r.jet_value, base, m, "value (plain, jet)");
    expect(r.d1_symbolic, r.d1_dual, base * 1e2, m * m * a, "first derivative (d, dual)");
    expect(r.d1_symbolic, r.d1_jet, base * 1e2, m * m * a, "first derivative (d, jet)");
    expect(r.d2_symbolic, r.d2_jet, base * 1e4, m * m * m * a * a, "second derivative (d<2>, jet)");
}

// ---------------------------------------------------------------------------
// The shapes. Each takes the reader for its primitive indices and constants.
template <class F>
void run(const F& f, double v, int depth, const char* shape) {
    seen = {};
    check(evaluate_routes(f, v), v, depth, shape);
}

/// Calls body.template operator()<A>() for the operation index a in [0, 4).
template <class Body>
void with_op(std::size_t a, Body&& body) {
    dispatch<4>(a % 4, [&]<std::size_t A>() {
        body.template operator()<A>();
        return 0;
    });
}

inline void shape_chain(reader& in, double v) {
    std::size_t k[8];
    for (auto& i : k) i = in.index();
    const auto f = U(U(U(U(U(U(U(U(x, k[0]), k[1]), k[2]), k[3]), k[4]), k[5]), k[6]), k[7]);
    run(f, v, 8, "U(U(U(U(U(U(U(U(x))))))))");
}

inline void shape_fork(reader& in, double v) {
    const std::size_t a = in.index();
    std::size_t k[7];
    for (auto& i : k) i = in.index();
    with_op(a, [&]<std::size_t A1>() {
        const auto f = U(U(arith<A1>(U(U(x, k[0]), k[1]), U(U(U(x, k[2]), k[3]), k[4])), k[5]), k[6]);
        run(f, v, 7, "U(U(U(U(x)) op U(U(U(x)))))");
    });
}

inline void shape_two_ops(reader& in, double v) {
    const std::size_t a = in.index(), b = in.index();
    std::size_t k[6];
    for (auto& i : k) i = in.index();
    const double c = static_cast<double>(static_cast<std::int8_t>(in.byte())) / 16.0;
    with_op(a, [&]<std::size_t A1>() {
        with_op(b, [&]<std::size_t A2>() {
            const auto f =
                U(arith<A2>(arith<A1>(U(x, k[0]), U(U(x, k[1]), k[2])), U(x * c + int_c<1>, k[3])), k[4]);
            run(f, v, 5, "U((U(x) op U(U(x))) op U(c x + 1))");
            static_cast<void>(k[5]);
        });
    });
}

inline void shape_parameter(reader& in, double v) {
    const std::size_t a = in.index(), b = in.index();
    std::size_t k[8];
    for (auto& i : k) i = in.index();
    const double c = static_cast<double>(static_cast<std::int8_t>(in.byte())) / 16.0;
    with_op(a, [&]<std::size_t A1>() {
        with_op(b, [&]<std::size_t A2>() {
            const auto f = U(U(arith<A2>(B(arith<A1>(U(U(x, k[0]), k[1]), c), U(x, k[2]), k[3]),
                                         U(U(U(x, k[4]), k[5]), k[6])),
                               k[7]),
                             k[0] + k[7]);
            run(f, v, 8, "U(U(B(U(U(x)) op c, U(x)) op U(U(U(x)))))");
        });
    });
}

inline void shape_constants(reader& in, double v) {
    const std::size_t a = in.index();
    std::size_t k[4];
    for (auto& i : k) i = in.index();
    const double c = static_cast<double>(static_cast<std::int8_t>(in.byte())) / 8.0;
    with_op(a, [&]<std::size_t A1>() {
        const auto f =
            B(U(arith<A1>(int_c<2> * x, U(x, k[0])), k[1]), U(c - x, k[2]) * int_c<1> / int_c<4>, k[3]);
        run(f, v, 4, "B(U(2x op U(x)), U(c - x) / 4)");
    });
}

}  // namespace fz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fz::reader in{data, size};
    const std::uint8_t shape = in.byte();
    const double v = in.point();
    switch (shape % 5) {
        case 0:
            fz::shape_chain(in, v);
            break;
        case 1:
            fz::shape_fork(in, v);
            break;
        case 2:
            fz::shape_two_ops(in, v);
            break;
        case 3:
            fz::shape_parameter(in, v);
            break;
        default:
            fz::shape_constants(in, v);
            break;
    }
    return 0;
}
