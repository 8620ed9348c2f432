#define BOOST_TEST_MODULE ctdiff_arrays
#include <boost/test/unit_test.hpp>
