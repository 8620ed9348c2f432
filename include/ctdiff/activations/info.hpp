/// \file
/// What documentation and tests need to know about an activation, written once,
/// in the activation's header: `activation_info_of<"name">`, constexpr data keyed
/// by the activation's name (a name, not the function object: some activations,
/// tanh, are function templates). Its definition in LaTeX, its conventions
/// at kinks and limits, the closed forms of the derivatives that are primitives
/// of their own, its inputs and parameters (defaults, which are smooth), and
/// the region where it and its derivatives are finite.
///
/// Beside it, `activation_reference<"name">`: the activation's definition as a
/// generic formula, the accuracy suite's oracle (see below).
///
/// The registry (activations/registry.hpp) lists the activations; the gallery,
/// the fuzzer, the exhaustive test, the accuracy suite and the tests iterate it
/// and read this data, so adding an activation is its header (rule, function
/// object, `activation_info_of` and `activation_reference` specializations) and
/// its lines in the registry: two files. A registered activation without its
/// data or its reference fails the `activation_info` test (`complete()`,
/// `has_activation_reference`), with a message naming it.
///
///     template <>
///     inline constexpr activation_info activation_info_of<"relu">{
///         .definition = R"(\max(x, 0))",
///         .conventions = "relu'(0) = 0 (PyTorch's convention); relu(-0) = -0.",
///     };
#pragma once

#include <ctdiff/core/fixed_string.hpp>

#include <string_view>

namespace ctdiff {

/// One parameter of an activation (after its input), in call order.
struct activation_parameter {
    /// Its name, as the header's signature spells it ("alpha").
    std::string_view name;
    /// Its default; where it has none (`has_default` false), the value the
    /// registry's consumers (tests, gallery) call the activation with.
    double value = 0;
    bool has_default = true;
    /// A smooth parameter: a number or any expression, differentiated in (`d(f, a)`,
    /// `gradient`). Otherwise a branch point: a number only.
    bool smooth = false;
};

/// The documentation and test data of one activation (see the file's comment).
struct activation_info {
    static constexpr int max_parameters = 2;

    /// The definition, LaTeX: the right-hand side of f(x) = ..., defaults shown.
    std::string_view definition;
    /// Its conventions at kinks, limits and the edges of its domain, plain text:
    /// what it returns where a textbook leaves a choice. Written here only.
    std::string_view conventions;
    /// Where a derivative is a primitive of its own (to_latex prints its name,
    /// e.g. silu'), its closed form: LaTeX, one equation per line.
    std::string_view derivatives = {};
    /// 1, or 2 for a gated activation f(a, b) of two inputs.
    int inputs = 1;
    /// Of a gated activation, the input it is nonlinear in (0: a, 1: b); the
    /// gallery draws it along that input, the other fixed at 1.
    int nonlinear_input = 0;
    /// The parameters after the input, in call order (unused entries have no name).
    activation_parameter parameters[max_parameters] = {};
    /// Where the activation and all its derivatives are finite and representable
    /// (what the fuzzer calls a nice argument), x the input and p the first
    /// parameter (the other input of a gated activation); nullptr: everywhere.
    bool (*finite_where)(double x, double p) = nullptr;
    /// Made of polynomial pieces of degree at most 2 joined at kinks (relu, hardswish,
    /// sparse_plus): derivatives of order 3 and above are 0 wherever they exist, and
    /// the accuracy suite measures orders 0 to 2 only (0 to 4 otherwise).
    bool piecewise_polynomial = false;

    /// How many parameters it takes after its input.
    constexpr int parameter_count() const {
        int n = 0;
        for (const auto& p : parameters) n += p.name.empty() ? 0 : 1;
        return n;
    }
    /// How many of them have no default (they come first).
    constexpr int required_parameters() const {
        int n = 0;
        for (const auto& p : parameters) n += !p.name.empty() && !p.has_default ? 1 : 0;
        return n;
    }
    /// Whether the first parameter is smooth (`f(x, a)` differentiates in a).
    constexpr bool first_parameter_smooth() const {
        return !parameters[0].name.empty() && parameters[0].smooth;
    }
    /// Whether x, p is inside the region where f and its derivatives are finite.
    constexpr bool finite_at(double x, double p) const {
        return finite_where == nullptr || finite_where(x, p);
    }
    /// Whether the data is there: a definition, conventions, one or two inputs,
    /// the parameters without a default before those with one.
    constexpr bool complete() const {
        bool defaulted = false, ordered = true;
        for (const auto& p : parameters) {
            if (p.name.empty()) continue;
            ordered = ordered && (p.has_default || !defaulted);
            defaulted = defaulted || p.has_default;
        }
        return !definition.empty() && !conventions.empty() && (inputs == 1 || inputs == 2) &&
               (nonlinear_input == 0 || (inputs == 2 && nonlinear_input == 1)) && ordered;
    }
};

/// The data of the activation `Name` (`activation_info_of<"relu">`). Every activation
/// header specializes it; the primary is empty (`complete()` false).
template <fixed_string Name>
inline constexpr activation_info activation_info_of{};

/// The reference of the activation `Name`: its definition as a formula generic in
/// the number type, written in the activation's header beside its
/// `activation_info_of`, for the tests (the accuracy suite evaluates it in
/// truncated Taylor series over a 50-digit type, tests/accuracy/reference.hpp).
/// It is the oracle the rule is measured against, so it is written from the
/// textbook (PyTorch's) definition in closed form and shares nothing with the
/// rule: no helper, no constant, none of its numerics. Where a closed form
/// would cancel in the caller's 50 digits (x / (1 + x) at x = 1e300), an
/// algebraically equal one is chosen by the point's sign or size.
///
///     template <>
///     struct activation_reference<"leaky_relu"> {
///         template <class X>
///         static X of(const X& x, double xb) { return xb > 0 ? x : x * constant_like(x, "0.01"); }
///     };
///
/// - `of(x, xb)`: the activation of its typical call (`typical_call`: the
///   parameters at their defaults, or at their documented values where they
///   have none, written into the formula); `xb` is the point as a double, which
///   picks the piece (at a kink, the piece of the documented convention) and
///   the form. A gated activation has `of(a, b, ab, bb)`, along both inputs.
/// - Every call in it is unqualified, found by argument-dependent lookup on the
///   caller's type X: + - * / and unary minus between Xs, `exp`, `expm1`,
///   `log1p`, `erfc`, `tanh`, `sqrt`, `sin`, `cos`. X is the caller's type, not
///   a ctdiff number (for a double, ctdiff's own `exp` would be found).
/// - Constants are `constant_like(x, v)`, an X equal to v with zero derivatives,
///   v an `int` or a decimal string the caller's type rounds once (its exact
///   value: "0.01" is 1/100, not the double 0.01); irrational constants are
///   decimal strings of 64 digits (pi in gelu_tanh), beyond the caller's
///   precision, and PyTorch's constants are spelt as PyTorch spells them (SELU's
///   32 digits).
/// - Optional: `static constexpr int orders_with_limits`, the orders (from 0)
///   that have limits at +-inf (3 unless given; snake's derivatives oscillate:
///   1); the tests expect NaN above them.
///
/// The primary has `absent`: an activation without its reference
/// (`has_activation_reference` false).
template <fixed_string Name>
struct activation_reference {
    static constexpr bool absent = true;
};

/// Whether the header of the activation `Name` specializes `activation_reference`.
template <fixed_string Name>
concept has_activation_reference = !requires {
    activation_reference<Name>::absent;
};

/// The activation `Name`, called through f (`ctdiff::name` or a lambda calling it),
/// applied as the registry's consumers apply it: to x, and for a gated activation
/// to x and g; the parameters without a default at their documented values
/// (`prelu(x, 0.25)`), the others at their defaults.
template <fixed_string Name, class F, class X, class G>
constexpr auto typical_call(const F& f, const X& x, [[maybe_unused]] const G& g) {
    constexpr const activation_info& info = activation_info_of<Name>;
    static_assert(info.complete(),
                  "ctdiff::typical_call: the activation has no activation_info_of specialization");
    if constexpr (info.inputs == 2) {
        return f(x, g);
    } else if constexpr (info.required_parameters() == 0) {
        return f(x);
    } else if constexpr (info.required_parameters() == 1) {
        return f(x, info.parameters[0].value);
    } else {
        return f(x, info.parameters[0].value, info.parameters[1].value);
    }
}

}  // namespace ctdiff
