/// \file
/// Arrays on several threads: `forward`, `backward` and `forward_backward` with an
/// execution policy first, `ctdiff::parallel{n}`, split a long array into n pieces and
/// run the one-thread pass on each piece in its own `std::thread`.
///
/// \code
/// forward(parallel{2}, f, in, out);                            // out[i] = f(in[i]), two threads
/// forward_backward(parallel{2}, f, in, grad_out, out, grad_in);
/// \endcode
///
/// The result is bit-identical to the one-thread call: the pieces begin at multiples of
/// the SIMD batch width, so every element is computed by the same batch of the same
/// elements as in one pass. Pieces are at least `min_piece` elements (16384 unless given) (a short
/// array runs on fewer threads, down to the calling thread alone). Ranges are checked
/// as the one-thread functions check them, on the whole ranges, before any thread
/// starts; a thread count below 1 throws `std::invalid_argument`. Parameter gradients
/// (variables bound by name in `backward` and `forward_backward`) are sums whose order a
/// split would change, so those calls are a compile error here: use the one-thread form.
/// Opt-in: this header includes `<thread>`, which `<ctdiff/array.hpp>` does not.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <ctdiff/array/array.hpp>

namespace ctdiff {

/// Execution policy for the array functions: split the arrays across `threads` threads.
struct parallel {
    int threads = 1;
    /// The smallest piece a thread is given (elements): below it, starting a thread
    /// costs more than it saves.
    std::size_t min_piece = 16384;
};

namespace detail {

[[noreturn]] inline void parallel_count_error(const char* function, int threads) {
    throw std::invalid_argument(std::string("ctdiff::") + function + "(parallel{" + std::to_string(threads) +
                                "}, ...): the thread count must be at least 1");
}

/// The pieces [begin, end) of n elements for p: boundaries at multiples of the batch width W.
template <class T>
std::vector<std::size_t> parallel_bounds(const char* function, const parallel& p, std::size_t n) {
    if (p.threads < 1) parallel_count_error(function, p.threads);
    constexpr std::size_t W = math::simd_width_v<T>;
    const std::size_t batches = (n + W - 1) / W;
    const std::size_t by_size = p.min_piece == 0 ? batches : n / p.min_piece;
    std::size_t pieces = static_cast<std::size_t>(p.threads);
    if (pieces > by_size) pieces = by_size == 0 ? 1 : by_size;
    if (pieces > batches) pieces = batches == 0 ? 1 : batches;
    std::vector<std::size_t> bounds(pieces + 1, n);
    bounds[0] = 0;
    for (std::size_t k = 1; k < pieces; ++k) bounds[k] = batches * k / pieces * W;
    return bounds;
}

/// Runs piece(begin, end) for each piece, the first on the calling thread (and any whose
/// thread could not be started: the result is the same, only slower).
template <class F>
void run_pieces(const std::vector<std::size_t>& bounds, const F& piece) {
    std::vector<std::thread> workers;
    std::size_t k = 1;
    try {
        workers.reserve(bounds.size() - 1);
        for (; k + 1 < bounds.size(); ++k)
            workers.emplace_back([&piece, b = bounds[k], e = bounds[k + 1]] { piece(b, e); });
    } catch (...) {  // std::system_error or bad_alloc: no more threads
    }
    for (std::size_t j = k; j + 1 < bounds.size(); ++j) piece(bounds[j], bounds[j + 1]);
    piece(bounds[0], bounds[1]);
    for (auto& w : workers) w.join();
}

}  // namespace detail

/// `out[i] = f(in[i])` on `p.threads` threads, bit-identical to `forward(f, in, out, bs...)`.
template <expression E, detail::array_input In, detail::array_output Out, class... Bs>
void forward(const parallel& p, const E& e, In&& in, Out&& out, const Bs&... bs) {
    using T = detail::array_element_t<In>;
    static_assert(std::is_same_v<T, detail::array_element_t<Out>>,
                  "ctdiff::forward(parallel, f, in, out): in and out must have the same element type");
    detail::check_array_call<E, T, Bs...>();
    constexpr const char* fn = "forward";
    const detail::array_ref<const T> ri = detail::storage_ref(fn, "in", in);
    const auto ro = detail::storage_ref(fn, "out", out);
    detail::check_ranges<T>(fn, {ri}, {ro});
    detail::run_pieces(detail::parallel_bounds<T>(fn, p, ri.size), [&](std::size_t b, std::size_t end) {
        forward(e, view(ri.data + b, end - b), view(ro.data + b, end - b), bs...);
    });
}

/// `grad_in[i] = f'(in[i]) * grad_out[i]` on `p.threads` threads, bit-identical to the
/// one-thread `backward`. Variables bound by name are a compile error (see the file comment).
template <expression E, detail::array_input In, detail::array_input GradOut, detail::array_output GradIn,
          class... Bs>
void backward(const parallel& p, const E& e, In&& in, GradOut&& grad_out, GradIn&& grad_in, const Bs&...) {
    using T = detail::array_element_t<In>;
    static_assert(sizeof...(Bs) == 0,
                  "ctdiff::backward(parallel, ...): parameter gradients (variables bound by name) are sums "
                  "in one thread's order; call backward without parallel for them");
    static_assert(
        std::is_same_v<T, detail::array_element_t<GradOut>> &&
            std::is_same_v<T, detail::array_element_t<GradIn>>,
        "ctdiff::backward(parallel, f, in, grad_out, grad_in): the ranges must have the same element type");
    if constexpr (sizeof...(Bs) == 0) {
        detail::check_array_call<E, T>();
        constexpr const char* fn = "backward";
        const detail::array_ref<const T> ri = detail::storage_ref(fn, "in", in);
        const detail::array_ref<const T> rgo = detail::storage_ref(fn, "grad_out", grad_out);
        const auto rgi = detail::storage_ref(fn, "grad_in", grad_in);
        detail::check_ranges<T>(fn, {ri, rgo}, {rgi});
        detail::run_pieces(detail::parallel_bounds<T>(fn, p, ri.size), [&](std::size_t b, std::size_t end) {
            backward(e, view(ri.data + b, end - b), view(rgo.data + b, end - b), view(rgi.data + b, end - b));
        });
    }
}

/// `out = f(in)` and `grad_in = f'(in) * grad_out` in one pass on `p.threads` threads,
/// bit-identical to the one-thread `forward_backward`. Variables bound by name are a
/// compile error (see the file comment).
template <expression E, detail::array_input In, detail::array_input GradOut, detail::array_output Out,
          detail::array_output GradIn, class... Bs>
void forward_backward(const parallel& p, const E& e, In&& in, GradOut&& grad_out, Out&& out, GradIn&& grad_in,
                      const Bs&...) {
    using T = detail::array_element_t<In>;
    static_assert(
        sizeof...(Bs) == 0,
        "ctdiff::forward_backward(parallel, ...): parameter gradients (variables bound by name) are "
        "sums in one thread's order; call forward_backward without parallel for them");
    static_assert(
        std::is_same_v<T, detail::array_element_t<GradOut>> &&
            std::is_same_v<T, detail::array_element_t<Out>> &&
            std::is_same_v<T, detail::array_element_t<GradIn>>,
        "ctdiff::forward_backward(parallel, f, in, grad_out, out, grad_in): the ranges must have the "
        "same element type");
    if constexpr (sizeof...(Bs) == 0) {
        detail::check_array_call<E, T>();
        constexpr const char* fn = "forward_backward";
        const detail::array_ref<const T> ri = detail::storage_ref(fn, "in", in);
        const detail::array_ref<const T> rgo = detail::storage_ref(fn, "grad_out", grad_out);
        const auto ro = detail::storage_ref(fn, "out", out);
        const auto rgi = detail::storage_ref(fn, "grad_in", grad_in);
        detail::check_ranges<T>(fn, {ri, rgo}, {ro, rgi});
        detail::run_pieces(detail::parallel_bounds<T>(fn, p, ri.size), [&](std::size_t b, std::size_t end) {
            forward_backward(e, view(ri.data + b, end - b), view(rgo.data + b, end - b),
                             view(ro.data + b, end - b), view(rgi.data + b, end - b));
        });
    }
}

}  // namespace ctdiff
