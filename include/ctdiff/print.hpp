/// \file
/// Printing: `to_string`, `to_latex`, `operator<<` (print/).
#pragma once

#include <ctdiff/print/print.hpp>
