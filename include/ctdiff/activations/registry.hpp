/// \file
/// The registry of activations: every activation header, and one line per
/// activation in `CTDIFF_ACTIVATIONS`. The umbrella header includes the
/// activations through this file; the tests, the fuzzer, the exhaustive test,
/// the accuracy suite and the gallery iterate the list and read each
/// activation's data, `activation_info_of<f>` in its header (activations/info.hpp).
/// tests/registry checks that every header under activations/ is registered
/// (`activation_registry`) and that every registered activation has its data
/// (`activation_info`). Adding an activation is its header, plus its include
/// and its line here.
///
/// `CTDIFF_ACTIVATIONS(X)` calls `X(name)` for every activation: `ctdiff::name`
/// is the activation, `activation_info_of<#name>` its data, and
/// `CTDIFF_TYPICAL_CALL(name, x, g)` applies it as the consumers do
/// (`typical_call`, activations/info.hpp):
///
///     #define NAME_OF(name) #name,
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
#include <ctdiff/activations/info.hpp>
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
#define CTDIFF_ACTIVATIONS(X)           \
    X(relu)                             \
    X(relu6)                            \
    X(leaky_relu)                       \
    X(prelu)                            \
    X(rrelu)                            \
    X(elu)                              \
    X(selu)                             \
    X(celu)                             \
    X(gelu)                             \
    X(gelu_tanh)                        \
    X(silu)                             \
    X(mish)                             \
    X(softplus)                         \
    X(softsign)                         \
    X(hardtanh)                         \
    X(hardsigmoid)                      \
    X(hardswish)                        \
    X(log_sigmoid)                      \
    X(sigmoid)                          \
    X(tanh)                             \
    X(tanhshrink)                       \
    X(softshrink)                       \
    X(hardshrink)                       \
    X(threshold)                        \
    X(squareplus)                       \
    X(sparse_plus)                      \
    X(snake)                            \
    X(glu)                              \
    X(swiglu)                           \
    X(geglu)                            \
    X(geglu_tanh)                       \
    X(reglu)
// clang-format on

/// The registered activation `name` applied to x (and g, for a gated one), the
/// parameters without a default at their documented values: `typical_call`
/// through a lambda calling `ctdiff::name`.
#define CTDIFF_TYPICAL_CALL(name, x, g) \
    ::ctdiff::typical_call<#name>([](const auto&... args) { return ::ctdiff::name(args...); }, x, g)
