// An activation's documentation and test data (activations/info.hpp): what a
// library activation writes once in its header, next to its rule, and what the
// gallery, the fuzzer, the exhaustive test and the tests read through the
// registry. A user's activation may carry the same data.
#include <ctdiff/ctdiff.hpp>

#include <cstdio>
#include <string_view>

// softclip(u, c = 1) = c u / (c + |u|): a primitive of two arguments, c smooth.
struct softclip_rule {
    static constexpr std::string_view name = "softclip";
    template <class T>
    static constexpr T value(T u, T c) {
        return c * u / (c + ctdiff::math::abs(u));
    }
    static constexpr auto derivative(auto u, auto c, auto) {
        return ctdiff::partials(ctdiff::pow(c / (c + ctdiff::abs(u)), 2),
                                ctdiff::pow(u / (c + ctdiff::abs(u)), 2));
    }
};
struct softclip_t : ctdiff::defaulted_parameter_function<softclip_rule, 1> {};
inline constexpr softclip_t softclip{};

//! [activation_info]
namespace ctdiff {
template <>
inline constexpr activation_info activation_info_of<"softclip">{
    .definition = R"(\frac{c\,x}{c + |x|},\quad c = 1)",
    .conventions =
        "Smooth to first order; softclip''(0) jumps and is 0 there (abs'(0) = 0). "
        "softclip(+-inf) = +-c.",
    .parameters = {{.name = "c", .value = 1.0, .smooth = true}},
    // c > 0: c = 0 is 0 / 0 at x = 0.
    .finite_where = [](double, double c) { return c > 1e-100; },
};
}  // namespace ctdiff
//! [activation_info]

int main() {
    //! [activation_info_use]
    constexpr const ctdiff::activation_info& info = ctdiff::activation_info_of<"softclip">;
    static_assert(info.complete() && info.first_parameter_smooth());
    constexpr auto x = ctdiff::var<"x">;
    // What the registry's consumers do: call it with its documented parameters.
    const auto f = ctdiff::typical_call<"softclip">(softclip, x, x);  // softclip(x), c at its default
    const double y = f(x = 3.0);                                      // 0.75
    //! [activation_info_use]
    std::printf("%s: %g, c = %g, %s\n", ctdiff::to_string(f).c_str(), y, info.parameters[0].value,
                std::string(info.conventions).c_str());
    const bool ok = y == 0.75 && info.parameter_count() == 1 && info.required_parameters() == 0 &&
                    info.finite_at(0.0, 1.0) && !info.finite_at(0.0, 0.0) &&
                    !ctdiff::activation_info_of<"no_such_activation">.complete();
    return ok ? 0 : 1;
}
