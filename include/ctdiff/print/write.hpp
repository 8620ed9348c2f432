/// \file
/// The printing traversal: how every kind of expression writes itself as infix
/// text or LaTeX, and how tightly it binds (its precedence, for parentheses).
///
/// Printing is a room of its own, as differentiation is (derivative/derive.hpp):
/// the core's expression types and operation tags know nothing of it. A node
/// kind prints through `write_impl<Op>`, one specialization per operation tag:
///
///     template <> struct ctdiff::write_impl<my_op> {
///         template <class N> static int precedence(const N&);
///         template <class N> static void write(std::string& out, bool latex, const N& n);
///     };
///
/// A tag that carries static `precedence(n)` and `write(out, latex, n)` members
/// itself is printed through them (the primary template), so a tag written in
/// one struct keeps working. Node kinds of the derivative layer (the NaN guard,
/// higher-order nodes) print through print/derivative_nodes.hpp.
#pragma once

#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <ctdiff/core/operation_tags.hpp>
#include <ctdiff/core/primitive.hpp>

namespace ctdiff {

/// How nodes of operation Op print (see the file comment). The primary template
/// serves tags that print themselves.
template <class Op>
struct write_impl {
    template <class N>
    static int precedence(const N& n) {
        if constexpr (requires { Op::precedence(n); }) {
            return Op::precedence(n);
        } else {
            static_assert(detail::always_false_v<Op>,
                          "ctdiff::to_string: this operation has no printing rule: specialize "
                          "ctdiff::write_impl<Op> (print/write.hpp), or give the tag static "
                          "precedence(n) and write(out, latex, n)");
            return 0;
        }
    }
    template <class N>
    static void write(std::string& out, bool latex, const N& n) {
        if constexpr (requires { Op::write(out, latex, n); }) {
            Op::write(out, latex, n);
        } else {
            static_assert(detail::always_false_v<Op>,
                          "ctdiff::to_string: this operation has no printing rule: specialize "
                          "ctdiff::write_impl<Op> (print/write.hpp), or give the tag static "
                          "precedence(n) and write(out, latex, n)");
        }
    }
};

namespace detail {

/// How expression type E prints: one specialization per kind of expression
/// (variables, constants, numbers, rule slots, nodes).
template <class E>
struct expression_writer;

/// How tightly e binds (precedence_level).
template <class E>
int precedence_of(const E& e) {
    return expression_writer<E>::precedence(e);
}

/// Appends e to out, as infix text or LaTeX.
template <class E>
void write_to(std::string& out, bool latex, const E& e) {
    expression_writer<E>::write(out, latex, e);
}

/// Writes e, in parentheses when it binds more loosely than min_precedence.
template <class E>
void write_operand(std::string& out, bool latex, const E& e, int min_precedence) {
    if (precedence_of(e) < min_precedence) {
        out += latex ? "\\left(" : "(";
        write_to(out, latex, e);
        out += latex ? "\\right)" : ")";
    } else {
        write_to(out, latex, e);
    }
}

/// Left operand at the same precedence, right operand one tighter: the printed
/// string re-parses to the same evaluation order.
template <class N>
void write_infix(std::string& out, bool latex, const N& n, int precedence, const char* symbol) {
    write_operand(out, latex, child_at<0>(n), precedence);
    out += symbol;
    write_operand(out, latex, child_at<1>(n), precedence + 1);
}

template <fixed_string S>
struct expression_writer<variable<S>> {
    static int precedence(const variable<S>&) noexcept { return precedence_level::atom; }
    static void write(std::string& out, bool, const variable<S>&) { out += S.view(); }
};

template <long long N, long long D>
struct expression_writer<constant<N, D>> {
    static int precedence(const constant<N, D>&) noexcept {
        return D != 1 ? precedence_level::product
                      : (N < 0 ? precedence_level::negation : precedence_level::atom);
    }
    static void write(std::string& out, bool latex, const constant<N, D>&) {
        if (D == 1) {
            out += std::to_string(N);
        } else if (latex) {
            if (N < 0) out += '-';
            out += "\\frac{" + std::to_string(N < 0 ? -N : N) + "}{" + std::to_string(D) + "}";
        } else {
            out += std::to_string(N) + "/" + std::to_string(D);
        }
    }
};

template <class Tag>
struct expression_writer<named_constant<Tag>> {
    static int precedence(const named_constant<Tag>&) noexcept { return Tag::precedence; }
    static void write(std::string& out, bool latex, const named_constant<Tag>&) {
        out += latex ? Tag::latex : Tag::name;
    }
};

template <class T>
struct expression_writer<scalar<T>> {
    static int precedence(const scalar<T>& s) noexcept {
        return s.value < T{} ? precedence_level::negation : precedence_level::atom;
    }
    static void write(std::string& out, bool, const scalar<T>& s) {
        if constexpr (std::is_floating_point_v<T>) {
            char buffer[64];
            const auto r = std::to_chars(buffer, buffer + sizeof buffer, s.value);  // shortest round trip
            out.append(buffer, r.ptr);
        } else {
            out += std::to_string(s.value);
        }
    }
};

template <std::size_t I>
struct expression_writer<slot<I>> {
    static int precedence(const slot<I>&) noexcept { return precedence_level::atom; }
    static void write(std::string& out, bool, const slot<I>&) { out += I == 0 ? "u" : (I == 1 ? "y" : "w"); }
};

template <class Op, class... Cs>
struct expression_writer<node<Op, Cs...>> {
    static int precedence(const node<Op, Cs...>& n) { return write_impl<Op>::precedence(n); }
    static void write(std::string& out, bool latex, const node<Op, Cs...>& n) {
        write_impl<Op>::write(out, latex, n);
    }
};

/// A printing rule's precedence when it does not depend on the node.
template <int Precedence>
struct fixed_precedence {
    template <class N>
    static constexpr int precedence(const N&) noexcept {
        return Precedence;
    }
};

}  // namespace detail

template <>
struct write_impl<add_op> : detail::fixed_precedence<precedence_level::sum> {
    template <class N>
    static void write(std::string& out, bool latex, const N& n) {
        detail::write_infix(out, latex, n, precedence_level::sum, " + ");
    }
};

template <>
struct write_impl<sub_op> : detail::fixed_precedence<precedence_level::sum> {
    template <class N>
    static void write(std::string& out, bool latex, const N& n) {
        detail::write_infix(out, latex, n, precedence_level::sum, " - ");
    }
};

template <>
struct write_impl<mul_op> : detail::fixed_precedence<precedence_level::product> {
    template <class N>
    static void write(std::string& out, bool latex, const N& n) {
        detail::write_infix(out, latex, n, precedence_level::product, latex ? " \\cdot " : " * ");
    }
};

template <>
struct write_impl<div_op> : detail::fixed_precedence<precedence_level::product> {
    template <class N>
    static void write(std::string& out, bool latex, const N& n) {
        if (latex) {
            out += "\\frac{";
            detail::write_to(out, true, detail::child_at<0>(n));
            out += "}{";
            detail::write_to(out, true, detail::child_at<1>(n));
            out += "}";
        } else {
            detail::write_infix(out, latex, n, precedence_level::product, " / ");
        }
    }
};

template <>
struct write_impl<neg_op> : detail::fixed_precedence<precedence_level::negation> {
    template <class N>
    static void write(std::string& out, bool latex, const N& n) {
        out += "-";
        detail::write_operand(out, latex, detail::child_at<0>(n), precedence_level::power);
    }
};

template <>
struct write_impl<pow_op> {
    template <class N>
    static int precedence(const N& n) {
        const int e = pow_op::exponent(n);
        return e == 1 ? detail::precedence_of(detail::child_at<0>(n))
                      : (e == 0 ? precedence_level::atom : precedence_level::power);
    }
    template <class N>
    static void write(std::string& out, bool latex, const N& n) {
        const int e = pow_op::exponent(n);
        if (e == 0) {
            out += "1";
            return;
        }
        if (e == 1) {
            detail::write_to(out, latex, detail::child_at<0>(n));
            return;
        }
        detail::write_operand(out, latex, detail::child_at<0>(n), precedence_level::atom);
        // Appended piece by piece: "^" + std::to_string(e) (operator+ of a literal and a
        // temporary string) trips GCC 12's -Wrestrict false positive at -O3 (a bogus
        // overlap in the inlined insert).
        out += latex ? "^{" : "^";
        out += std::to_string(e);
        if (latex) out += '}';
    }
};

template <class Compare>
struct write_impl<compare_op<Compare>> : detail::fixed_precedence<precedence_level::comparison> {
    template <class N>
    static void write(std::string& out, bool latex, const N& n) {
        detail::write_operand(out, latex, detail::child_at<0>(n), precedence_level::sum);
        out += latex && Compare::symbol[2] == '=' ? (Compare::symbol[1] == '<' ? " \\le " : " \\ge ")
                                                  : Compare::symbol;
        detail::write_operand(out, latex, detail::child_at<1>(n), precedence_level::sum);
    }
};

template <>
struct write_impl<select_op> : detail::fixed_precedence<precedence_level::atom> {
    template <class N>
    static void write(std::string& out, bool latex, const N& n) {
        if (latex) {
            out += "\\begin{cases}";
            detail::write_to(out, true, detail::child_at<1>(n));
            out += " & ";
            detail::write_to(out, true, detail::child_at<0>(n));
            out += " \\\\ ";
            detail::write_to(out, true, detail::child_at<2>(n));
            out += " & \\text{otherwise}\\end{cases}";
        } else {
            out += "select(";
            detail::write_to(out, false, detail::child_at<0>(n));
            out += ", ";
            detail::write_to(out, false, detail::child_at<1>(n));
            out += ", ";
            detail::write_to(out, false, detail::child_at<2>(n));
            out += ")";
        }
    }
};

/// A primitive prints as its rule's name applied to its arguments (`latex`, when
/// the rule gives one, in LaTeX; else `\operatorname{name}`).
template <class Rule>
struct write_impl<function_op<Rule>> : detail::fixed_precedence<precedence_level::atom> {
    template <class N>
    static void write(std::string& out, bool latex, const N& n) {
        if (latex) {
            if constexpr (detail::has_latex_name<Rule>) {
                out += std::string_view{Rule::latex};
            } else {
                out += "\\operatorname{";
                out += std::string_view{Rule::name};
                out += "}";
            }
            out += "\\left(";
        } else {
            out += std::string_view{Rule::name};
            out += "(";
        }
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            std::size_t i = 0;
            ((out += (i++ == 0 ? "" : ", "), detail::write_to(out, latex, detail::child_at<I>(n))), ...);
        }
        (std::make_index_sequence<N::arity>{});
        out += latex ? "\\right)" : ")";
    }
};

}  // namespace ctdiff
