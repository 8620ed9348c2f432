#include "harness.hpp"

BOOST_AUTO_TEST_SUITE(accuracy_gelu)
ACCURACY_TEST(gelu)
ACCURACY_TEST(gelu_tanh)
BOOST_AUTO_TEST_SUITE_END()
