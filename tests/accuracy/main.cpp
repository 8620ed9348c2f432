// The accuracy suite: every activation, float and double, orders 0 to 4,
// measured in ULPs against independent high-precision references. The
// global fixture writes the measured table (markdown) to CTDIFF_ACCURACY_TABLE.
#define BOOST_TEST_MODULE ctdiff_accuracy
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>
#include <set>
#include <string_view>

#include "harness.hpp"

namespace accuracy {

std::vector<row>& rows() {
    static std::vector<row> r;
    return r;
}

const std::vector<point>& points() {
    static const std::vector<point> pts = [] {
        std::set<double> xs;
        // A dense grid over [-30, 30], exact in float and double.
        for (int k = -30 * 64; k <= 30 * 64; ++k) xs.insert(k / 64.0);
        // Random floats on [-30, 30] (fixed seed): all mantissa patterns.
        std::mt19937_64 gen(20261127);
        std::uniform_real_distribution<float> uni(-30.0f, 30.0f);
        for (int i = 0; i < 1500; ++i) xs.insert(uni(gen));
        // Log-spaced magnitudes from the smallest subnormal to the largest finite value, both signs.
        std::uniform_real_distribution<double> mant(1.0, 2.0);
        for (int e = -1074; e <= 1023; e += 2) {
            const double m = std::ldexp(mant(gen), e);
            if (std::isfinite(m)) {
                xs.insert(m);
                xs.insert(-m);
            }
        }
        for (int e = -149; e <= 127; ++e) {
            const double m = static_cast<float>(std::ldexp(mant(gen), e));
            if (std::isfinite(m) && m != 0) {
                xs.insert(m);
                xs.insert(-m);
            }
        }
        for (const double m :
             {std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::min(),
              std::numeric_limits<double>::max(), double(std::numeric_limits<float>::denorm_min()),
              double(std::numeric_limits<float>::min()), double(std::numeric_limits<float>::max())}) {
            xs.insert(m);
            xs.insert(-m);
        }
        // Kinks and the switch points of the formulas, with 1 and 2 ULP either side in both types.
        // Transition points: exp overflow and underflow (float and double), sigmoid and tanh
        // saturation, the softplus threshold, the guards of the rules.
        const double specials[] = {0,     0.5,    1,     2,      3,     6,      20,    40,   64,
                                   1000,  9.01,   17.33, 18.72,  19.06, 36.74,  37.5,  38.5, 88.72,
                                   89.42, 103.97, 104.5, 709.78, 710.5, 745.13, 746.0, 14.5, 15.2};
        for (const double s0 : specials) {
            for (const double s : {s0, -s0}) {
                xs.insert(s);
                double u = s, v = s;
                float uf = static_cast<float>(s), vf = static_cast<float>(s);
                for (int i = 0; i < 2; ++i) {
                    u = std::nextafter(u, INFINITY);
                    v = std::nextafter(v, -INFINITY);
                    uf = std::nextafter(uf, INFINITY);
                    vf = std::nextafter(vf, -INFINITY);
                    xs.insert(u);
                    xs.insert(v);
                    xs.insert(uf);
                    xs.insert(vf);
                }
            }
        }
        // The float whose selu rounds to FLT_MAX, and its neighbours: selu's float scale,
        // rounded up, made it overflow (found by the exhaustive test).
        float edge = std::nextafter(3.23862215e38f, 0.0f);
        for (int i = 0; i < 3; ++i, edge = std::nextafter(edge, INFINITY)) {
            xs.insert(edge);
            xs.insert(-edge);
        }
        std::vector<point> out;
        for (const double x : xs) {
            const float f = static_cast<float>(x);
            out.push_back({x, std::isfinite(f) && static_cast<double>(f) == x});
        }
        out.push_back({-0.0, true});
        return out;
    }();
    return pts;
}

}  // namespace accuracy

/// The order column: the order in x, or the partial's name ("d/d beta").
static std::string order_of(const accuracy::row& r) {
    return r.order_label.empty() ? std::to_string(r.order) : r.order_label;
}

/// Writes the table once every test case has run.
struct write_table {
    write_table() = default;
    write_table(const write_table&) = delete;
    write_table& operator=(const write_table&) = delete;
    ~write_table() {
        std::ofstream out(CTDIFF_ACCURACY_TABLE);
        out << "| activation | type | order | max ulp | mean ulp | worst x |\n";
        out << "|---|---|---|---|---|---|\n";
        auto all = accuracy::rows();
        std::stable_sort(all.begin(), all.end(),
                         [](const auto& a, const auto& b) { return a.activation < b.activation; });
        for (const auto& r : all) {
            char buffer[256];
            std::snprintf(buffer, sizeof buffer, "| %s | %s | %s | %.2f | %.3f | %.9g |\n",
                          r.activation.c_str(), r.type.c_str(), order_of(r).c_str(), r.max_ulp, r.mean_ulp,
                          r.worst_x);
            out << buffer;
        }
        // The underflow band, where it is worse: results below 2^p times the smallest normal
        // number, in units of the subnormal spacing there (x * g(x) with g(x) subnormal).
        out << "\nUnderflow band (reference below 2^24 FLT_MIN or 2^53 DBL_MIN), rows worse than above:\n\n";
        out << "| activation | type | order | max ulp | mean ulp | worst x |\n";
        out << "|---|---|---|---|---|---|\n";
        for (const auto& r : all) {
            if (r.band_max_ulp <= std::max(r.max_ulp, 4.0)) continue;
            char buffer[256];
            std::snprintf(buffer, sizeof buffer, "| %s | %s | %s | %.2f | - | %.9g |\n", r.activation.c_str(),
                          r.type.c_str(), order_of(r).c_str(), r.band_max_ulp, r.band_worst_x);
            out << buffer;
        }
    }
};
BOOST_TEST_GLOBAL_FIXTURE(write_table);
