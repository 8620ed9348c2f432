#include "harness.hpp"

BOOST_AUTO_TEST_SUITE(accuracy_gated)
ACCURACY_TEST(silu)
ACCURACY_TEST(mish)
BOOST_AUTO_TEST_SUITE_END()
