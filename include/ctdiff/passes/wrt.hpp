/// \file
/// `wrt(x)`: names the variable a one-variable pass differentiates in when
/// several variables are bound, as in
/// `value_and_derivative(f, wrt(x), x = -2.0, a = 0.25)`. With one binding the
/// variable is that binding's; with several and no `wrt` the passes refuse to
/// guess (the first binding was taken before, so swapping two bindings changed
/// the answer).
#pragma once

#include <type_traits>

#include <ctdiff/core/environment.hpp>

namespace ctdiff {

/// The variable V a pass differentiates in: made by `wrt(x)`, an empty type.
template <class V>
struct wrt_t {
    using variable_type = V;
};

/// Names the variable to differentiate in: `value_and_derivative(f, wrt(x), x = v, a = w)`.
template <class V>
CTDIFF_HOST_DEVICE constexpr wrt_t<V> wrt(const V&) noexcept {
    static_assert(detail::is_variable_v<V>, "ctdiff::wrt(x): x must be a ctdiff variable");
    return {};
}

namespace detail {

template <class W>
inline constexpr bool is_wrt_v = false;
template <class V>
inline constexpr bool is_wrt_v<wrt_t<V>> = true;

/// Whether one of the bindings Bs binds the variable V.
template <class V, class... Bs>
inline constexpr bool binds_v = (std::is_same_v<typename Bs::variable_type, V> || ...);

/// The value type of V's binding among Bs (void when V is not bound).
template <class V, class... Bs>
struct bound_type {
    using type = void;
};
template <class V, class B, class... Bs>
struct bound_type<V, B, Bs...> {
    using type = std::conditional_t<std::is_same_v<typename B::variable_type, V>, typename B::value_type,
                                    typename bound_type<V, Bs...>::type>;
};
template <class V, class... Bs>
using bound_type_t = typename bound_type<V, Bs...>::type;

/// The environment of the bindings with V's value replaced by `seed(value)`.
template <class V, class Seed, class... Bs>
CTDIFF_HOST_DEVICE constexpr auto seeded_environment_in(Seed seed, const Bs&... bs) {
    const auto one = [&](const auto& b) {
        using B = std::remove_cvref_t<decltype(b)>;
        if constexpr (std::is_same_v<typename B::variable_type, V>) {
            const auto seeded = seed(b.value);
            return binding<V, std::remove_cv_t<decltype(seeded)>>{seeded};
        } else {
            return b;
        }
    };
    return make_environment(one(bs)...);
}

}  // namespace detail
}  // namespace ctdiff
