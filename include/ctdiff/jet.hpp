/// \file
/// `jet<T, N>` (number/jet.hpp).
#pragma once

#include <ctdiff/number/jet.hpp>
