/// \file
/// `tanh`: the hyperbolic tangent (also an activation: activations/tanh.hpp).
#pragma once

#include <ctdiff/activations/tanh.hpp>
