// A user's operation tag that evaluates but has no printing rule.
// expect: ctdiff::to_string: this operation has no printing rule: specialize ctdiff::write_impl<Op>
#include <ctdiff/core.hpp>
#include <ctdiff/print.hpp>

#include <string>

// Twice its argument: evaluation is the tag's own business.
struct twice_op {
    template <class Env, class N>
    static constexpr auto eval(const Env& env, const N& n) {
        return ctdiff::detail::child_at<0>(n).eval(env) * 2;
    }
};

#ifndef CTDIFF_MISUSE
// The twin: its printing rule, in the printing traversal's room.
template <>
struct ctdiff::write_impl<twice_op> {
    template <class N>
    static int precedence(const N&) {
        return precedence_level::atom;
    }
    template <class N>
    static void write(std::string& out, bool latex, const N& n) {
        out += "twice(";
        detail::write_to(out, latex, detail::child_at<0>(n));
        out += ")";
    }
};
#endif

int main() {
    constexpr auto x = ctdiff::var<"x">;
    const ctdiff::node<twice_op, std::remove_const_t<decltype(x)>> e{x};
    return ctdiff::to_string(e) == "twice(x)" && e(x = 1.5) == 3.0 ? 0 : 1;
}
