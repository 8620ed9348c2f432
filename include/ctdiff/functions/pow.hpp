/// \file
/// `pow(e, n)`: integer powers (an operation of the core, see core/operators.hpp).
#pragma once

#include <ctdiff/core/operators.hpp>
