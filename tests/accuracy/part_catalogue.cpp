#include "harness.hpp"

namespace accuracy {

/// snake's partial in alpha at alpha = 1 through every route that gives it (the
/// snake_alpha rows measure the primitive itself): gradient, d(e, a), the dual
/// and jet passes seeded in a; and the mixed partial d(d(e, x), a). Rows of
/// the table like the others; 4 ULP asserted.
template <class T>
void measure_snake_alpha_routes(const std::vector<point>& pts, const std::vector<derivs>& refs,
                                const std::vector<std::vector<crossing>>& cross, const char* type_name) {
    using namespace ctdiff;
    constexpr auto x = var<"x">;
    constexpr auto a = var<"a">;
    constexpr auto e = ctdiff::snake(x, a);
    constexpr auto da = d(e, a);
    constexpr auto dxa = d(d(e, x), a);
    std::array<stats, 2> st{};
    const T one = 1;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        if (std::is_same_v<T, float> && !pts[i].in_float) continue;
        const T v = static_cast<T>(pts[i].x);
        const std::vector<T> routes[2] = {
            {gradient(e, x = v, a = one)[a], static_cast<T>(da(x = v, a = one)),
             value_and_derivative(e, wrt(a), a = one, x = v).derivative,
             derivatives<2>(e, wrt(a), a = one, x = v)[1]},
            {static_cast<T>(dxa(x = v, a = one)), gradient(da, x = v, a = one)[x]}};
        for (std::size_t k = 0; k < 2; ++k) {
            double err = 0;
            for (const T c : routes[k])
                err = std::max(err, ulp_error<T>(c, refs[i][k], floor_at(cross[k], pts[i].x)));
            if (boost::multiprecision::abs(refs[i][k]) >=
                    real(std::numeric_limits<T>::min()) *
                        real(std::ldexp(1.0, std::numeric_limits<T>::digits)) ||
                refs[i][k] == 0)
                st[k].add_normal(err, pts[i].x);
            else
                st[k].add(err, pts[i].x);
        }
    }
    const char* names[] = {"snake(x, a) d/da routes, a = 1", "snake(x, a) d2/dxda routes, a = 1"};
    for (std::size_t k = 0; k < 2; ++k) {
        rows().push_back({names[k], type_name, k, st[k].max_normal,
                          st[k].n_normal ? st[k].sum_normal / st[k].n_normal : 0.0, st[k].worst_normal_x,
                          st[k].n_normal, st[k].max, st[k].worst_x});
        BOOST_TEST(st[k].max_normal <= 4.0, names[k] << " " << type_name << ": max " << st[k].max_normal
                                                     << " ULP at x = " << st[k].worst_normal_x);
        BOOST_TEST(st[k].max <= 4.0, names[k] << " " << type_name << ": underflow band max " << st[k].max
                                              << " ULP at x = " << st[k].worst_x);
    }
}

}  // namespace accuracy

BOOST_AUTO_TEST_SUITE(accuracy_catalogue)
ACCURACY_TEST(snake_alpha)

BOOST_AUTO_TEST_CASE(snake_alpha_routes) {
    using namespace accuracy;
    const auto& pts = points();
    std::vector<derivs> refs(pts.size());
    for (std::size_t i = 0; i < pts.size(); ++i)
        refs[i] = reference_at(::accuracy::snake_alpha{}, real(pts[i].x), pts[i].x);
    const auto cross = find_crossings(::accuracy::snake_alpha{}, pts, refs);
    measure_snake_alpha_routes<float>(pts, refs, cross, "float");
    measure_snake_alpha_routes<double>(pts, refs, cross, "double");
}
BOOST_AUTO_TEST_SUITE_END()
