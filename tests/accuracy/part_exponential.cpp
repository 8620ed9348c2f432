#include "harness.hpp"

BOOST_AUTO_TEST_SUITE(accuracy_exponential)
ACCURACY_TEST(elu)
ACCURACY_TEST(selu)
ACCURACY_TEST(celu)
ACCURACY_TEST(softplus)
ACCURACY_TEST(softsign)
BOOST_AUTO_TEST_SUITE_END()
