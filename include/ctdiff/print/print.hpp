/// \file
/// Printing: `to_string` (readable infix, minimal parentheses), `to_latex`,
/// and `operator<<`.
#pragma once

#include <charconv>
#include <iosfwd>
#include <string>
#include <type_traits>

#include <ctdiff/core/expression.hpp>

namespace ctdiff {

template <class T>
void scalar<T>::write(std::string& out, bool) const {
    if constexpr (std::is_floating_point_v<T>) {
        char buffer[64];
        const auto r = std::to_chars(buffer, buffer + sizeof buffer, value);  // shortest round trip
        out.append(buffer, r.ptr);
    } else {
        out += std::to_string(value);
    }
}

/// e as readable infix: `to_string(d(sigmoid(x), x)) == "sigmoid(x) * sigmoid(-x)"`.
template <expression E>
std::string to_string(const E& e) {
    std::string out;
    e.write(out, false);
    return out;
}

/// e as a LaTeX formula (no surrounding `$`).
template <expression E>
std::string to_latex(const E& e) {
    std::string out;
    e.write(out, true);
    return out;
}

/// Writes to_string(e). Declared on <iosfwd> only: the stream's own header is
/// the caller's, who has it if they print.
template <class Char, class Traits, expression E>
std::basic_ostream<Char, Traits>& operator<<(std::basic_ostream<Char, Traits>& os, const E& e) {
    return os << to_string(e);
}

}  // namespace ctdiff
