// One part of the registered activations' accuracy tests: those whose index in
// the registry (activations/registry.hpp) is ACCURACY_PART modulo
// ACCURACY_PARTS. CMake compiles this file once per part (CMakeLists.txt), so
// that the parts build in parallel and adding an activation adds no line here.
#include "harness.hpp"

ACCURACY_REGISTERED_PART(ACCURACY_PART, ACCURACY_PARTS)
