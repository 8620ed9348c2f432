/// \file
/// The registry of activations: every activation header, and one line per
/// activation in `CTDIFF_ACTIVATIONS`. The umbrella header includes the
/// activations through this file, and the tests, the fuzzer and the gallery
/// check themselves against the list (tests/registry: every header under
/// activations/ is registered). Adding an activation is its header plus its
/// include and its line here.
///
/// `CTDIFF_ACTIVATIONS(X)` calls `X(name, call)` for every activation, where
/// `call` applies it to the expression `a` (and `b`, the gate, for the gated
/// activations of two inputs) with its default parameters, or typical ones where
/// it has no defaults (threshold):
///
///     #define NAME_OF(name, call) #name,
///     constexpr const char* names[] = {CTDIFF_ACTIVATIONS(NAME_OF)};
#pragma once

#include <ctdiff/activations/celu.hpp>
#include <ctdiff/activations/elu.hpp>
#include <ctdiff/activations/geglu.hpp>
#include <ctdiff/activations/geglu_tanh.hpp>
#include <ctdiff/activations/gelu.hpp>
#include <ctdiff/activations/gelu_tanh.hpp>
#include <ctdiff/activations/glu.hpp>
#include <ctdiff/activations/hardshrink.hpp>
#include <ctdiff/activations/hardsigmoid.hpp>
#include <ctdiff/activations/hardswish.hpp>
#include <ctdiff/activations/hardtanh.hpp>
#include <ctdiff/activations/leaky_relu.hpp>
#include <ctdiff/activations/log_sigmoid.hpp>
#include <ctdiff/activations/mish.hpp>
#include <ctdiff/activations/prelu.hpp>
#include <ctdiff/activations/reglu.hpp>
#include <ctdiff/activations/relu.hpp>
#include <ctdiff/activations/relu6.hpp>
#include <ctdiff/activations/rrelu.hpp>
#include <ctdiff/activations/selu.hpp>
#include <ctdiff/activations/sigmoid.hpp>
#include <ctdiff/activations/silu.hpp>
#include <ctdiff/activations/snake.hpp>
#include <ctdiff/activations/softplus.hpp>
#include <ctdiff/activations/softshrink.hpp>
#include <ctdiff/activations/softsign.hpp>
#include <ctdiff/activations/sparse_plus.hpp>
#include <ctdiff/activations/squareplus.hpp>
#include <ctdiff/activations/swiglu.hpp>
#include <ctdiff/activations/tanh.hpp>
#include <ctdiff/activations/tanhshrink.hpp>
#include <ctdiff/activations/threshold.hpp>

// clang-format off
#define CTDIFF_ACTIVATIONS(X)                                                              \
    X(relu, relu(a))                                                                       \
    X(relu6, relu6(a))                                                                     \
    X(leaky_relu, leaky_relu(a))                                                           \
    X(prelu, prelu(a, 0.25))                                                               \
    X(rrelu, rrelu(a))                                                                     \
    X(elu, elu(a))                                                                         \
    X(selu, selu(a))                                                                       \
    X(celu, celu(a))                                                                       \
    X(gelu, gelu(a))                                                                       \
    X(gelu_tanh, gelu_tanh(a))                                                             \
    X(silu, silu(a))                                                                       \
    X(mish, mish(a))                                                                       \
    X(softplus, softplus(a))                                                               \
    X(softsign, softsign(a))                                                               \
    X(hardtanh, hardtanh(a))                                                               \
    X(hardsigmoid, hardsigmoid(a))                                                         \
    X(hardswish, hardswish(a))                                                             \
    X(log_sigmoid, log_sigmoid(a))                                                         \
    X(sigmoid, sigmoid(a))                                                                 \
    X(tanh, tanh(a))                                                                       \
    X(tanhshrink, tanhshrink(a))                                                           \
    X(softshrink, softshrink(a))                                                           \
    X(hardshrink, hardshrink(a))                                                           \
    X(threshold, threshold(a, 0.5, -2.0))                                                  \
    X(squareplus, squareplus(a))                                                           \
    X(sparse_plus, sparse_plus(a))                                                         \
    X(snake, snake(a))                                                                     \
    X(glu, glu(a, b))                                                                      \
    X(swiglu, swiglu(a, b))                                                                \
    X(geglu, geglu(a, b))                                                                  \
    X(geglu_tanh, geglu_tanh(a, b))                                                        \
    X(reglu, reglu(a, b))
// clang-format on
