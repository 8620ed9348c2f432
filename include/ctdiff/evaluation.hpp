/// \file
/// Numeric derivatives in one forward pass: `value_and_derivative`,
/// `derivatives<n>`, `gradient` (passes/).
#pragma once

#include <ctdiff/passes/passes.hpp>
