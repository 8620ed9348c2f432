// Shared by the test suites: high-precision references and ULP distances.
#pragma once

#include <cmath>
#include <limits>
#include <string>

#include <boost/multiprecision/cpp_bin_float.hpp>

namespace ctdiff_test {

/// The reference type: 100 decimal digits, far beyond double.
using big = boost::multiprecision::cpp_bin_float_100;

/// The spacing of T at |r| (the subnormal spacing at 0).
template <class T>
T ulp_at(T r) {
    r = std::fabs(r);
    if (r < std::numeric_limits<T>::min()) return std::numeric_limits<T>::denorm_min();
    return std::nextafter(r, std::numeric_limits<T>::infinity()) - r;
}

/// |computed - reference| in units of the last place of the reference rounded to T.
/// NaN and inf must match exactly (distance 0, else infinite).
template <class T>
double ulp_error(T computed, const big& reference) {
    const T r = static_cast<T>(reference);
    if (std::isnan(r) || std::isnan(computed)) return std::isnan(r) == std::isnan(computed) ? 0.0 : INFINITY;
    if (std::isinf(r) || std::isinf(computed)) return r == computed ? 0.0 : INFINITY;
    const big diff = abs(big(computed) - reference);
    return static_cast<double>(diff / big(ulp_at(r)));
}

/// Within `ulps` of the reference, or within an absolute floor `floor` (used only
/// beside zero crossings, where a relative measure means nothing).
template <class T>
bool close(T computed, const big& reference, double ulps, double floor = 0.0) {
    if (ulp_error(computed, reference) <= ulps) return true;
    return floor > 0 && std::isfinite(computed) &&
           static_cast<double>(abs(big(computed) - reference)) <= floor;
}

}  // namespace ctdiff_test
