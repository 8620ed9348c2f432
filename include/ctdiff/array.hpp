/// \file
/// Arrays: `forward`, `backward`, `forward_backward`, `forward_save`,
/// `backward_saved`, `rrelu_training` (array/).
#pragma once

#include <ctdiff/array/array.hpp>
#include <ctdiff/array/layer.hpp>
