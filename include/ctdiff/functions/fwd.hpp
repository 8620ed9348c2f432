/// \file
/// Declarations of the elementary functions, so that rules can refer to each
/// other (tanh' is sech2, sech2' uses tanh) whatever the include order.
///
/// They are function templates, not objects, so that `using namespace ctdiff;`
/// beside `<cmath>` stays unambiguous: `exp(x)` picks ctdiff's for
/// expressions, duals and jets, and the C library's for a plain double.
#pragma once

#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/operators.hpp>
#include <ctdiff/core/primitive.hpp>

namespace ctdiff {

namespace detail {
template <class A>
concept function_argument = expression<A> || number<A>;
}  // namespace detail

#define CTDIFF_DECLARE_ELEMENTARY(fn)                  \
    struct fn##_rule;                                  \
    template <detail::function_argument A>             \
    CTDIFF_HOST_DEVICE constexpr auto fn(const A& a) { \
        return unary_function<fn##_rule>{}(a);         \
    }

CTDIFF_DECLARE_ELEMENTARY(exp)
CTDIFF_DECLARE_ELEMENTARY(log)
CTDIFF_DECLARE_ELEMENTARY(log1p)
CTDIFF_DECLARE_ELEMENTARY(expm1)
CTDIFF_DECLARE_ELEMENTARY(sqrt)
CTDIFF_DECLARE_ELEMENTARY(sin)
CTDIFF_DECLARE_ELEMENTARY(cos)
CTDIFF_DECLARE_ELEMENTARY(tanh)
CTDIFF_DECLARE_ELEMENTARY(erf)
CTDIFF_DECLARE_ELEMENTARY(abs)
CTDIFF_DECLARE_ELEMENTARY(sech2)
CTDIFF_DECLARE_ELEMENTARY(sign)
CTDIFF_DECLARE_ELEMENTARY(step)
#undef CTDIFF_DECLARE_ELEMENTARY

}  // namespace ctdiff
