// Unit tests: actors (being written).
#include <catch2/catch.hpp>
