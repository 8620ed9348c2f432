/// \file
/// Numeric derivatives in one forward pass: `value_and_derivative`,
/// `derivatives<n>`, `gradient`, `wrt`, and `hessian` (passes/).
#pragma once

#include <ctdiff/passes/hessian.hpp>
#include <ctdiff/passes/passes.hpp>
