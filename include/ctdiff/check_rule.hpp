/// \file
/// Convenience header for authors of rules: the core (expressions, operators,
/// primitives, d, the passes, printing) and `ctdiff::check_rule`
/// (check/check_rule.hpp).
#pragma once

#include <ctdiff/check/check_rule.hpp>
#include <ctdiff/core.hpp>
