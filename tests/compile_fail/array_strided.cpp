// Strided storage (an Eigen::Map with an InnerStride, a row of a column-major
// matrix): recognised by its InnerStrideAtCompileTime, refused with one line
// saying how to pass it. A stand-in type keeps the test free of Eigen
// (tests/arrays covers the real Eigen types when Eigen is installed).
// expect: ctdiff array functions: this storage is strided .*pass contiguous storage
#include <ctdiff/activations/relu.hpp>
#include <ctdiff/array.hpp>

#include <cstddef>

template <int Stride>
struct map_like {  // the shape of an Eigen::Map<VectorXf, 0, InnerStride<Stride>>
    enum { InnerStrideAtCompileTime = Stride };
    float* p;
    long n;
    float* data() const { return p; }
    long size() const { return n; }
};

int main() {
    constexpr auto x = ctdiff::var<"x">;
    float in[4] = {-1.0f, 2.0f, -3.0f, 4.0f};
    float out[4] = {};
#ifdef CTDIFF_MISUSE
    ctdiff::forward(ctdiff::relu(x), map_like<2>{in, 2}, map_like<1>{out, 2});
#else
    ctdiff::forward(ctdiff::relu(x), map_like<1>{in, 2}, map_like<1>{out, 2});
#endif
    return out[1] == 2.0f ? 0 : 1;
}
