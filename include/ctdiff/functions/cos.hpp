/// \file
/// `cos`: defined with its derivative's partner in functions/sin_cos.hpp.
#pragma once

#include <ctdiff/functions/sin_cos.hpp>
