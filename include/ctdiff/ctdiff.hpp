/// \file
/// ctdiff: compile-time differentiation of activation functions. The umbrella header.
#pragma once

#include <ctdiff/core.hpp>

#include <ctdiff/functions/abs.hpp>
#include <ctdiff/functions/cos.hpp>
#include <ctdiff/functions/erf.hpp>
#include <ctdiff/functions/exp.hpp>
#include <ctdiff/functions/expm1.hpp>
#include <ctdiff/functions/log.hpp>
#include <ctdiff/functions/log1p.hpp>
#include <ctdiff/functions/pow.hpp>
#include <ctdiff/functions/sech2.hpp>
#include <ctdiff/functions/sign.hpp>
#include <ctdiff/functions/sin.hpp>
#include <ctdiff/functions/sqrt.hpp>
#include <ctdiff/functions/step.hpp>
#include <ctdiff/functions/tanh.hpp>

#include <ctdiff/activations/prelu.hpp>
#include <ctdiff/activations/relu.hpp>
#include <ctdiff/activations/sigmoid.hpp>
#include <ctdiff/activations/tanh.hpp>

#include <ctdiff/array.hpp>
