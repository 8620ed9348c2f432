/// \file
/// `sech2`: defined with its derivative's partner in functions/tanh_sech2.hpp.
#pragma once

#include <ctdiff/functions/tanh_sech2.hpp>
