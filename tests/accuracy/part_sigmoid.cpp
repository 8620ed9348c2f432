#include "harness.hpp"

BOOST_AUTO_TEST_SUITE(accuracy_sigmoid)
ACCURACY_TEST(log_sigmoid)
ACCURACY_TEST(sigmoid)
ACCURACY_TEST(tanh)
ACCURACY_TEST(tanhshrink)
BOOST_AUTO_TEST_SUITE_END()
