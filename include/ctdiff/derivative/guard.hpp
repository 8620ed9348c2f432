/// \file
/// The NaN guard. Differentiation folds what it knows (`d(2 * x, x)` is `2`,
/// `d<2>(relu(x), x)` is `0`), which would lose DESIGN.md's promise that NaN in
/// gives NaN out: the folded result no longer looks at x. `d()` therefore wraps
/// a result that dropped some of the variables its expression used in
/// `node<nan_guard_op, R, V...>`: the value of R, or NaN where one of the
/// dropped variables V is NaN. It costs one comparison per dropped variable,
/// holds no data (an empty type when R is one), and prints as R.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include <ctdiff/core/expression.hpp>
#include <ctdiff/core/variables.hpp>
#include <ctdiff/derivative/derive.hpp>
#include <ctdiff/number/number.hpp>

namespace ctdiff {

struct nan_guard_op;

namespace detail {

template <class R, class... Vs>
CTDIFF_HOST_DEVICE constexpr auto guard_node(const R& r, type_list<Vs...>) noexcept {
    if constexpr (sizeof...(Vs) == 0) {
        return r;
    } else {
        return node<nan_guard_op, R, Vs...>{r, Vs{}...};
    }
}

/// r, guarded by the variables of L that r does not use itself.
template <class L, class R>
CTDIFF_HOST_DEVICE constexpr auto make_guard(const R& r) noexcept {
    return guard_node(r, typename list_difference<L, variables_t<R>>::type{});
}

}  // namespace detail

/// The tag of the NaN guard (see the file comment). Children: the guarded
/// expression, then the variables whose NaN it lets through.
struct nan_guard_op {
    template <class Env, class N>
    CTDIFF_HOST_DEVICE static constexpr auto eval(const Env& env, const N& n) {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            const auto r = detail::child_at<0>(n).eval(env);
            using R = detail::common_number_of_t<
                std::remove_cv_t<decltype(r)>,
                std::remove_cvref_t<decltype(n.template child<I + 1>().eval(env))>...>;
            const auto dropped =
                fold_mask(math::isnan(detail::innermost(n.template child<I + 1>().eval(env)))...);
            return detail::select(dropped, detail::nan_of<R>(), detail::convert<R>(r));
        }
        (std::make_index_sequence<N::arity - 1>{});
    }
    template <class M, class... Ms>
    CTDIFF_HOST_DEVICE static constexpr M fold_mask(const M& m, const Ms&... ms) noexcept {
        M r = m;
        ((r = detail::mask_or(r, ms)), ...);
        return r;
    }
    template <class R, class... Vs>
    CTDIFF_HOST_DEVICE static constexpr auto make(const R& r, const Vs&...) noexcept {
        return detail::make_guard<detail::type_list<Vs...>>(r);
    }
};

/// The guard's derivative is the guarded expression's, still guarded.
template <>
struct derive_impl<nan_guard_op> {
    template <class N, class X>
    CTDIFF_HOST_DEVICE static constexpr auto apply(const N& n, const X& x) noexcept {
        return detail::make_guard<detail::variables_t<N>>(detail::derive(detail::child_at<0>(n), x));
    }
};

}  // namespace ctdiff
