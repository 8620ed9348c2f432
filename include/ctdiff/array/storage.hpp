/// \file
/// What the array functions read and write: contiguous storage of float or
/// double, recognised by its shape, not by its library.
///
/// \code
/// forward(f, std::vector<float>{...}, out);        // standard contiguous ranges
/// forward(f, eigen_array, eigen_map);              // Eigen dense objects, Maps with unit inner stride
/// forward(f, view(p, n), view(q, n));              // pointer + length
/// \endcode
///
/// A range is anything `std::data` and `std::size` accept (containers with
/// `data()` and `size()`, `std::span`, C arrays). Eigen is never included:
/// its dense objects qualify through `data()` and `size()`, and the
/// storage's `InnerStrideAtCompileTime` (when it has one) must be 1, so a
/// `Map` with an `InnerStride` or a row of a column-major matrix is a
/// compile error that says how to pass it. A matrix is read as its flat
/// storage; a block of it whose columns are not adjacent (outer stride larger
/// than the inner size) throws `std::invalid_argument`.
#pragma once

#include <concepts>
#include <cstddef>
#include <stdexcept>
#include <string>  // also std::data and std::size, without <iterator>
#include <type_traits>
#include <utility>

namespace ctdiff {

/// Pointer + length as a range: `view(p, n)` (`p` may be null only when `n` is 0;
/// the array functions check it). `view(const float*, n)` is read-only.
template <class T>
struct array_view {
    T* pointer;
    std::size_t length;
    constexpr T* data() const noexcept { return pointer; }
    constexpr std::size_t size() const noexcept { return length; }
};

/// `view(p, n)`: the n elements from p, for the array functions.
template <class T>
constexpr array_view<T> view(T* p, std::size_t n) noexcept {
    static_assert(std::is_same_v<std::remove_cv_t<T>, float> || std::is_same_v<std::remove_cv_t<T>, double>,
                  "ctdiff::view(p, n): p must point to float or double");
    return {p, n};
}

namespace detail {

/// What std::data gives for a contiguous range: a pointer.
template <class P>
concept pointer_result = std::is_pointer_v<P>;

/// A range the array functions read: contiguous and sized, as std::data and
/// std::size see it (containers with data(), std::span, C arrays, Eigen dense
/// objects). Spelled without <ranges>, whose parse alone costs more than the
/// rest of ctdiff.
template <class R>
concept array_input = requires(R& r) {
    { std::data(r) } -> pointer_result;
    { std::size(r) } -> std::convertible_to<std::size_t>;
};

/// The element type a contiguous range points to (const for a read-only range).
template <class R>
using array_pointee_t = std::remove_pointer_t<decltype(std::data(std::declval<R&>()))>;

/// A range the array functions write: contiguous, sized and not const.
template <class R>
concept array_output = array_input<R> && !std::is_const_v<array_pointee_t<R>>;

template <class R>
using array_element_t = std::remove_cv_t<array_pointee_t<R>>;

/// True for float and double; named after what was passed, so that a failed
/// check prints the range and its element type.
template <class Element, class Range>
inline constexpr bool element_is_float_or_double_v =
    std::is_same_v<Element, float> || std::is_same_v<Element, double>;

/// The inner stride known at compile time: Eigen's `InnerStrideAtCompileTime`
/// where the type has one (Eigen's Dynamic is -1), else 1.
template <class R>
constexpr long long inner_stride_at_compile_time() noexcept {
    using D = std::remove_cvref_t<R>;
    if constexpr (requires { D::InnerStrideAtCompileTime; }) {
        return static_cast<long long>(D::InnerStrideAtCompileTime);
    } else {
        return 1;
    }
}
template <class Range>
inline constexpr bool storage_has_unit_inner_stride_v = inner_stride_at_compile_time<Range>() == 1;

/// The checks that can be made on the type: one line each, naming what was passed.
template <class R>
constexpr bool check_storage_type() noexcept {
    using T = array_element_t<R>;
    using D = std::remove_cvref_t<R>;
    static_assert(element_is_float_or_double_v<T, D>,
                  "ctdiff array functions: this range's elements are not float or double; accepted: "
                  "contiguous float or double storage (std::vector, std::array, std::span, C arrays, Eigen "
                  "dense objects and Maps with unit inner stride, ctdiff::view(pointer, length))");
    static_assert(storage_has_unit_inner_stride_v<D>,
                  "ctdiff array functions: this storage is strided (an Eigen::Map with an InnerStride, a row "
                  "of a column-major matrix); pass contiguous storage, e.g. a copy: Eigen::VectorXf "
                  "r = m.row(i), or a column of a column-major matrix");
    return element_is_float_or_double_v<T, D> && storage_has_unit_inner_stride_v<D>;
}

template <class T>
struct array_ref {
    T* data;
    std::size_t size;
    const char* name;
    constexpr operator array_ref<const T>() const noexcept  // NOLINT: a read-only view of the same range
        requires(!std::is_const_v<T>) {
        return {data, size, name};
    }
};

[[noreturn]] inline void array_null_error(const char* function, const char* name, std::size_t n) {
    throw std::invalid_argument(std::string("ctdiff::") + function + ": " + name +
                                " is a null pointer with " + std::to_string(n) + " elements");
}

/// The checked pointer and length of a range argument: null with a nonzero
/// length, and an Eigen block whose columns are not adjacent, throw.
template <class R>
auto storage_ref(const char* function, const char* name, R& r) {
    using P = array_pointee_t<R>;
    P* const p = std::data(r);
    const auto n = static_cast<std::size_t>(std::size(r));
    if (p == nullptr && n != 0) array_null_error(function, name, n);
    if constexpr (requires {
                      r.outerStride();
                      r.innerSize();
                      r.outerSize();
                  }) {
        const auto outer = static_cast<long long>(r.outerStride());
        const auto inner = static_cast<long long>(r.innerSize());
        if (r.outerSize() > 1 && outer != inner)
            throw std::invalid_argument(std::string("ctdiff::") + function + ": " + name +
                                        " is not contiguous (a block of a matrix: outer stride " +
                                        std::to_string(outer) + ", inner size " + std::to_string(inner) +
                                        "); pass a copy or the whole matrix");
    }
    return array_ref<P>{p, n, name};
}

}  // namespace detail
}  // namespace ctdiff
