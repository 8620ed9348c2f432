// backward over several inputs with a range whose gradient has nowhere to go.
// expect: ctdiff::backward and ctdiff::forward_backward: every range input needs the range its gradient goes
// to
#include <ctdiff/activations/sigmoid.hpp>
#include <ctdiff/array.hpp>

#include <vector>

int main() {
    constexpr auto a = ctdiff::var<"a">;
    constexpr auto b = ctdiff::var<"b">;
    const std::vector<float> va{1.0f, 2.0f}, vb{0.0f, 0.0f}, grad_out{1.0f, 1.0f};
    std::vector<float> grad_a(2), grad_b(2);
#ifdef CTDIFF_MISUSE
    ctdiff::backward(a * ctdiff::sigmoid(b), grad_out, ctdiff::input(a, va, grad_a), ctdiff::input(b, vb));
#else
    ctdiff::backward(a * ctdiff::sigmoid(b), grad_out, ctdiff::input(a, va, grad_a),
                     ctdiff::input(b, vb, grad_b));
#endif
    return grad_a[0] == 0.5f ? 0 : 1;
}
