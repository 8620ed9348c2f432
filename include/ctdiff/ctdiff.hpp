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

#include <ctdiff/activations/registry.hpp>

#include <ctdiff/derivative/d.hpp>
#include <ctdiff/passes/hessian.hpp>
#include <ctdiff/passes/passes.hpp>
#include <ctdiff/print/print.hpp>

#include <ctdiff/array/array.hpp>
#include <ctdiff/array/layer.hpp>
