// Helpers shared by the array tests: ULP distance, the agreement bound, inputs.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <vector>

namespace ctdiff_arrays_test {

/// |c - r| in ULPs of r (in T); NaN and inf must match.
template <class T>
double ulps_apart(T c, T r) {
    if (std::isnan(r) || std::isnan(c)) return std::isnan(r) == std::isnan(c) ? 0.0 : INFINITY;
    if (std::isinf(r) || std::isinf(c)) return r == c ? 0.0 : INFINITY;
    const T m = std::fabs(r);
    const T spacing = m < std::numeric_limits<T>::min()
                          ? std::numeric_limits<T>::denorm_min()
                          : std::nextafter(m, std::numeric_limits<T>::infinity()) - m;
    return static_cast<double>(std::fabs(static_cast<long double>(c) - static_cast<long double>(r)) /
                               static_cast<long double>(spacing));
}

/// Inputs: special values first (so they land in every lane as n grows), then random ones.
template <class T>
std::vector<T> inputs(std::size_t n, unsigned seed) {
    const T special[] = {T(0),
                         -T(0),
                         T(1),
                         T(-1),
                         T(0.5),
                         T(-3.25),
                         std::numeric_limits<T>::quiet_NaN(),
                         std::numeric_limits<T>::infinity(),
                         -std::numeric_limits<T>::infinity(),
                         std::numeric_limits<T>::denorm_min(),
                         T(40),
                         T(-40),
                         T(1e-8),
                         T(-1e-8)};
    std::mt19937 gen(seed);
    std::uniform_real_distribution<T> dist(T(-12), T(12));
    std::vector<T> v(n);
    for (std::size_t i = 0; i < n; ++i)
        v[i] = i < std::size(special) && (seed % 2 == 0) ? special[i] : dist(gen);
    return v;
}

/// Upper bound on |simd - scalar|: 4 ULP, or an absolute floor of 4 ULP of 1 beside zeros of f and f'.
template <class T>
bool agree(T c, T r, T floor_at = T(1)) {
    if (ulps_apart(c, r) <= 4.0) return true;
    return std::isfinite(c) && std::isfinite(r) &&
           std::fabs(c - r) <= T(4) * std::numeric_limits<T>::epsilon() * floor_at;
}

}  // namespace ctdiff_arrays_test
