#define BOOST_TEST_MODULE ctdiff_hardening
#include <boost/test/unit_test.hpp>
