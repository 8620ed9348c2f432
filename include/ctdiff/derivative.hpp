/// \file
/// Symbolic differentiation: `d(e, x)` and `d<n>(e, x)` (derivative/).
#pragma once

#include <ctdiff/derivative/d.hpp>
