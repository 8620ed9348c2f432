/// \file
/// Configuration macros shared by every ctdiff header.
#pragma once

/// Marks a function as callable from both host and CUDA device code.
/// Empty for every compiler but nvcc.
#if defined(__CUDACC__)
#define CTDIFF_HOST_DEVICE __host__ __device__
#else
#define CTDIFF_HOST_DEVICE
#endif

#define CTDIFF_VERSION_MAJOR 0
#define CTDIFF_VERSION_MINOR 1
#define CTDIFF_VERSION_PATCH 0

/// Keeps a function out of line: the jet pass's per-rule kernels, whose
/// inlining into one another costs the optimizer more than it gains at run time.
#if defined(__CUDACC__)
#define CTDIFF_NOINLINE __noinline__
#elif defined(__GNUC__) || defined(__clang__)
#define CTDIFF_NOINLINE __attribute__((noinline))
#else
#define CTDIFF_NOINLINE
#endif

/// Inlines a rule's fused kernel wherever it is called: an array pass over a composition
/// evaluates several batches node by node (array/array.hpp, group_eval), each node's
/// kernel once per batch, and those copies must sit side by side in one function for
/// the batches' chains to interleave (out of line, or with the optimizer's size limits,
/// they would not be inlined four times). Empty for nvcc and other compilers.
#if defined(__CUDACC__)
#define CTDIFF_KERNEL_INLINE
#elif defined(__GNUC__) || defined(__clang__)
#define CTDIFF_KERNEL_INLINE __attribute__((always_inline))
#else
#define CTDIFF_KERNEL_INLINE
#endif
