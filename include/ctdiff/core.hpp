/// \file
/// The core without the primitives: expressions, operators, evaluation,
/// symbolic and numeric derivatives, printing.
#pragma once

#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/operators.hpp>
#include <ctdiff/core/primitive.hpp>
#include <ctdiff/derivative/d.hpp>
#include <ctdiff/passes/passes.hpp>
#include <ctdiff/print/print.hpp>
