// The one Catch2 v2 main of every test executable (the library sciorex_catch_main): Catch's runner
// is a large header to compile, so it is compiled once for the whole tree, not once per executable.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
