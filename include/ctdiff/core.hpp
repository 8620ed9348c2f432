/// \file
/// The core without the primitives: expressions, operators, evaluation,
/// symbolic and numeric derivatives, printing.
#pragma once

#include <ctdiff/core/evaluate.hpp>
#include <ctdiff/core/operators.hpp>
#include <ctdiff/core/primitive.hpp>
#include <ctdiff/derivative.hpp>
#include <ctdiff/evaluation.hpp>
#include <ctdiff/print.hpp>
