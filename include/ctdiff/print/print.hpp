/// \file
/// Printing: `to_string` (readable infix, minimal parentheses), `to_latex`,
/// and `operator<<`, over the printing traversal (write.hpp: one `write_impl`
/// per operation tag; derivative_nodes.hpp: the derivative layer's nodes).
#pragma once

#include <iosfwd>
#include <string>
#include <type_traits>

#include <ctdiff/core/expression.hpp>
#include <ctdiff/print/derivative_nodes.hpp>
#include <ctdiff/print/write.hpp>

namespace ctdiff {

/// e as readable infix: `to_string(d(sigmoid(x), x)) == "sigmoid(x) * sigmoid(-x)"`.
template <expression E>
std::string to_string(const E& e) {
    std::string out;
    detail::write_to(out, false, e);
    return out;
}

/// e as a LaTeX formula (no surrounding `$`).
template <expression E>
std::string to_latex(const E& e) {
    std::string out;
    detail::write_to(out, true, e);
    return out;
}

/// Writes to_string(e). Declared on <iosfwd> only: the stream's own header is
/// the caller's, who has it if they print.
template <class Char, class Traits, expression E>
std::basic_ostream<Char, Traits>& operator<<(std::basic_ostream<Char, Traits>& os, const E& e) {
    return os << to_string(e);
}

}  // namespace ctdiff
