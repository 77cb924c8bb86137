// Catch2 v2 main for the PostgreSQL layer's tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
