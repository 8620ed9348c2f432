/// \file
/// What documentation and tests need to know about an activation, written once,
/// in the activation's header: `activation_info_of<"name">`, constexpr data keyed
/// by the activation's name (a name, not the function object: some activations,
/// tanh, are function templates). Its definition in LaTeX, its conventions
/// at kinks and limits, the closed forms of the derivatives that are primitives
/// of their own, its inputs and parameters (defaults, which are smooth), and
/// the region where it and its derivatives are finite.
///
/// The registry (activations/registry.hpp) lists the activations; the gallery,
/// the fuzzer, the exhaustive test, the accuracy suite and the tests iterate it
/// and read this data, so adding an activation is its header (rule, function
/// object, `activation_info_of` specialization) and its lines in the registry,
/// plus the accuracy suite's independent reference. A registered activation
/// without its data fails the `activation_info` test (`complete()`).
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
