/// \file
/// Arrays: `forward`, `backward`, `forward_backward` (array/).
#pragma once

#include <ctdiff/array/array.hpp>
