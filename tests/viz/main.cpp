// Catch2 v2 entry point for tcpsim-viz-tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
