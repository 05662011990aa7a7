// Unit tests: explicit_meta (being written).
#include <catch2/catch.hpp>
