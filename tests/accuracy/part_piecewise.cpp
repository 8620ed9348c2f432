#include "harness.hpp"

BOOST_AUTO_TEST_SUITE(accuracy_piecewise)
ACCURACY_TEST(relu)
ACCURACY_TEST(relu6)
ACCURACY_TEST(leaky_relu)
ACCURACY_TEST(prelu)
ACCURACY_TEST(hardtanh)
ACCURACY_TEST(hardsigmoid)
ACCURACY_TEST(hardswish)
ACCURACY_TEST(softshrink)
ACCURACY_TEST(hardshrink)
ACCURACY_TEST(threshold)
BOOST_AUTO_TEST_SUITE_END()
