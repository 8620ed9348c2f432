/// \file
/// How the derivative layer's node kinds print: the NaN guard prints as the
/// expression it guards, a partial in its rule's precision as the partial; a higher-order node `d<n>(e, x)`
/// prints as its symbolic expansion while that stays small (nodes times 3 per order at most
/// `print_expansion_limit`), else as `d^n/dx^n(e)`.
#pragma once

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

#include <ctdiff/derivative/guard.hpp>
#include <ctdiff/derivative/taylor.hpp>
#include <ctdiff/print/write.hpp>

namespace ctdiff {

namespace detail {
/// The printing rule of a node that prints as its first child (a node that changes how
/// its child evaluates, not what it means).
struct writes_first_child {
    template <class N>
    static int precedence(const N& n) {
        return detail::precedence_of(detail::child_at<0>(n));
    }
    template <class N>
    static void write(std::string& out, bool latex, const N& n) {
        detail::write_to(out, latex, detail::child_at<0>(n));
    }
};
}  // namespace detail

template <>
struct write_impl<nan_guard_op> : detail::writes_first_child {};

template <class Rule>
struct write_impl<rule_precision_op<Rule>> : detail::writes_first_child {};

template <std::size_t N, class X>
struct write_impl<taylor_op<N, X>> {
    /// Whether the node prints as its symbolic expansion.
    template <class Node>
    static constexpr bool expands() noexcept {
        using E = std::remove_cvref_t<decltype(detail::child_at<0>(std::declval<const Node&>()))>;
        std::size_t size = detail::node_count_v<E>;
        for (std::size_t k = 0; k < N && size <= detail::print_expansion_limit; ++k) size *= 3;
        return size <= detail::print_expansion_limit;
    }
    template <class Node>
    static int precedence(const Node& n) {
        if constexpr (expands<Node>()) {
            return detail::precedence_of(detail::expanded_derivative<N>(detail::child_at<0>(n), X{}));
        } else {
            return precedence_level::atom;
        }
    }
    template <class Node>
    static void write(std::string& out, bool latex, const Node& n) {
        if constexpr (expands<Node>()) {
            detail::write_to(out, latex, detail::expanded_derivative<N>(detail::child_at<0>(n), X{}));
        } else {
            const std::string order = std::to_string(N);
            const std::string name(X::name.view());
            out += latex ? "\\frac{d^{" + order + "}}{d" + name + "^{" + order + "}}\\left("
                         : "d^" + order + "/d" + name + "^" + order + "(";
            detail::write_to(out, latex, detail::child_at<0>(n));
            out += latex ? "\\right)" : ")";
        }
    }
};

}  // namespace ctdiff
