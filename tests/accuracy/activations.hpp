// The activations under test: every registered activation (activations/registry.hpp),
// built as the registry's consumers build it (`typical_call`) and measured against
// its reference, `ctdiff::activation_reference<"name">` in its header: the definition
// written independently of the rule, generic in the number type, evaluated here in
// the Taylor series `tay` (reference.hpp), whose functions it finds by
// argument-dependent lookup. `xb` is the point's value as a double: piecewise
// functions choose their piece with it, so the reference at a kink follows the
// documented convention. A gated activation is measured along each input, the
// other fixed. Nothing here names an activation: adding one is its header and its
// registry line. Beyond the registry: snake's partial in alpha (snake_alpha).
#pragma once

#include <string>
#include <tuple>
#include <type_traits>

#include <ctdiff/ctdiff.hpp>

#include "reference.hpp"

namespace accuracy {

/// The orders (from 0) whose limits at +-inf exist; the check expects NaN above them.
template <class A>
inline constexpr std::size_t orders_with_limits = 3;

/// A gated activation along one input, the other fixed at the exact value N/D (a
/// compile-time constant beside an expression, a number of the input's type beside a number).
template <long long N, long long D, class E>
constexpr auto fixed(const E&) {
    return ctdiff::default_parameter<E, N, D>();
}

/// The registered activation Name (one input), called through Call (`ctdiff::name`)
/// as `typical_call` calls it; smooth unless its data says piecewise polynomial
/// (then orders 0 to 2 are measured).
template <ctdiff::fixed_string Name, class Call>
struct registered_single {
    static constexpr const ctdiff::activation_info& info = ctdiff::activation_info_of<Name>;
    static inline const std::string name{Name.view()};
    static constexpr bool smooth = !info.piecewise_polynomial;
    static constexpr auto make(auto e) { return ctdiff::typical_call<Name>(Call{}, e, e); }
    static tay reference(const tay& X, double xb) {
        if constexpr (ctdiff::has_activation_reference<Name>) {
            return ctdiff::activation_reference<Name>::of(X, xb);
        } else {
            return X;  // not measured: the registry check below fails to compile
        }
    }
};

/// A gated activation along its input `Input`: along a (0) with the gate b = -3/2,
/// along b (1) with the value a = 5/4; the table names it by the call ("glu(x, -3/2)":
/// the gallery finds an activation's rows by the name before '(').
template <ctdiff::fixed_string Name, class Call, int Input>
struct registered_along {
    static constexpr const ctdiff::activation_info& info = ctdiff::activation_info_of<Name>;
    static inline const std::string name = std::string(Name.view()) + (Input == 0 ? "(x, -3/2)" : "(5/4, x)");
    static constexpr bool smooth = !info.piecewise_polynomial;
    static constexpr auto make(auto e) {
        if constexpr (Input == 0) {
            return Call{}(e, fixed<-3, 2>(e));
        } else {
            return Call{}(fixed<5, 4>(e), e);
        }
    }
    static tay reference(const tay& X, double xb) {
        if constexpr (!ctdiff::has_activation_reference<Name>) {
            return X;  // not measured: the registry check below fails to compile
        } else if constexpr (Input == 0) {
            return ctdiff::activation_reference<Name>::of(X, constant_like(X, "-1.5"), xb, -1.5);
        } else {
            return ctdiff::activation_reference<Name>::of(constant_like(X, "1.25"), X, 1.25, xb);
        }
    }
};

/// A gated activation is measured along each input (harness.hpp: `along`).
template <ctdiff::fixed_string Name, class Call>
struct registered_gated {
    using along = std::tuple<registered_along<Name, Call, 0>, registered_along<Name, Call, 1>>;
};

template <ctdiff::fixed_string Name, class Call>
using registered = std::conditional_t<ctdiff::activation_info_of<Name>.inputs == 2,
                                      registered_gated<Name, Call>, registered_single<Name, Call>>;

/// The orders with limits at +-inf, from the reference where it says (snake: 1).
template <ctdiff::fixed_string Name, class Call>
inline constexpr std::size_t orders_with_limits<registered_single<Name, Call>> = [] {
    if constexpr (requires { ctdiff::activation_reference<Name>::orders_with_limits; }) {
        return std::size_t{ctdiff::activation_reference<Name>::orders_with_limits};
    } else {
        return std::size_t{3};
    }
}();

/// The registered activations' calls, `ctdiff::name` as a type (a template argument).
namespace calls {
#define ACCURACY_CALL(name)                                                                      \
    struct name {                                                                                \
        constexpr auto operator()(const auto&... args) const { return ::ctdiff::name(args...); } \
    };
CTDIFF_ACTIVATIONS(ACCURACY_CALL)
#undef ACCURACY_CALL
}  // namespace calls

// A registered activation without its reference does not compile, with one message naming it.
#define ACCURACY_HAS_REFERENCE(name)                                                         \
    static_assert(::ctdiff::has_activation_reference<#name>,                                 \
                  #name " is registered but its header has no activation_reference<\"" #name \
                        "\">, the accuracy suite's oracle (activations/info.hpp)");
CTDIFF_ACTIVATIONS(ACCURACY_HAS_REFERENCE)
#undef ACCURACY_HAS_REFERENCE

/// snake's partial in alpha at alpha = 1, x sin(2x) - sin(x)^2, through its primitive; the
/// routes of the partial (gradient, d(e, a), duals, jets in a) are measured in part_catalogue.cpp.
struct snake_alpha {
    static constexpr const char* name = "snake(x, a) d/da, a = 1";
    static constexpr bool smooth = true;
    static constexpr auto make(auto e) {
        return ctdiff::dsnake_dalpha(e, ctdiff::default_parameter<decltype(e), 1>());
    }
    static tay reference(const tay& X, double) {
        const auto sc = sin_cos(X);
        return X * sc.s * sc.c * real(2) - sc.s * sc.s;
    }
};
/// Its limits at +-inf: none (it oscillates).
template <>
inline constexpr std::size_t orders_with_limits<snake_alpha> = 0;

}  // namespace accuracy

/// The accuracy suite's view of the registered activation `name` (a type): its
/// typical call, its reference, and for a gated one `along` its two inputs.
#define ACCURACY_REGISTERED(name) ::accuracy::registered<#name, ::accuracy::calls::name>
