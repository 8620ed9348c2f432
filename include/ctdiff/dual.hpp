/// \file
/// `dual<T>` (number/dual.hpp).
#pragma once

#include <ctdiff/number/dual.hpp>
