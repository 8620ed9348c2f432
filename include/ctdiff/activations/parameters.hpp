/// \file
/// How activations take their parameters: the rule toolkit (core/rule_toolkit.hpp),
/// included under its former name.
#pragma once

#include <ctdiff/core/rule_toolkit.hpp>
