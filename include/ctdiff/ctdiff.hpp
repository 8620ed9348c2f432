/// \file
/// ctdiff: compile-time differentiation of activation functions. The umbrella
/// header: the layers in order (DESIGN.md), every primitive, every traversal.
/// Arrays vectorize when CTDIFF_SIMD is 1 (math/simd.hpp).
#pragma once

#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/operators.hpp>
#include <ctdiff/core/primitive.hpp>

#include <ctdiff/functions/abs.hpp>
#include <ctdiff/functions/cos.hpp>
#include <ctdiff/functions/dsigmoid.hpp>
#include <ctdiff/functions/erf.hpp>
#include <ctdiff/functions/exp.hpp>
#include <ctdiff/functions/expm1.hpp>
#include <ctdiff/functions/log.hpp>
#include <ctdiff/functions/log1p.hpp>
#include <ctdiff/functions/norm_cdf.hpp>
#include <ctdiff/functions/norm_pdf.hpp>
#include <ctdiff/functions/pow.hpp>
#include <ctdiff/functions/sech2.hpp>
#include <ctdiff/functions/sign.hpp>
#include <ctdiff/functions/sin.hpp>
#include <ctdiff/functions/sqrt.hpp>
#include <ctdiff/functions/step.hpp>
#include <ctdiff/functions/tanh.hpp>

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

#include <ctdiff/derivative/d.hpp>
#include <ctdiff/passes/hessian.hpp>
#include <ctdiff/passes/passes.hpp>
#include <ctdiff/print/print.hpp>

#include <ctdiff/array/array.hpp>
#include <ctdiff/array/layer.hpp>
