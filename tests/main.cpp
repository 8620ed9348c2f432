#define BOOST_TEST_MODULE ctdiff
#include <boost/test/unit_test.hpp>
