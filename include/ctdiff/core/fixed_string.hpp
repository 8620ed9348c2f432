/// \file
/// `fixed_string`: a string literal usable as a template argument, so that a
/// variable's name is part of its type (`var<"x">`).
#pragma once

#include <cstddef>
#include <string_view>

namespace ctdiff {

/// A string literal of `N - 1` characters held by value; a structural type.
template <std::size_t N>
struct fixed_string {
    char chars[N]{};

    constexpr fixed_string(const char (&s)[N]) noexcept {  // NOLINT: implicit on purpose
        for (std::size_t i = 0; i < N; ++i) chars[i] = s[i];
    }
    [[nodiscard]] constexpr std::string_view view() const noexcept { return {chars, N - 1}; }
    [[nodiscard]] static constexpr std::size_t size() noexcept { return N - 1; }
    friend constexpr bool operator==(const fixed_string&, const fixed_string&) = default;
};

}  // namespace ctdiff
