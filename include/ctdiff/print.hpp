/// \file
/// Printing: `to_string` (readable infix, minimal parentheses), `to_latex`,
/// and `operator<<`.
#pragma once

#include <charconv>
#include <ostream>
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

template <expression E>
std::ostream& operator<<(std::ostream& os, const E& e) {
    return os << to_string(e);
}

}  // namespace ctdiff
