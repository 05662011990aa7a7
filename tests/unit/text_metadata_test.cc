// Unit tests: text_metadata (being written).
#include <catch2/catch.hpp>
