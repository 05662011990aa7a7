// Unit tests of access tokens: loading and validating one, loopback addresses, the header check.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "pt/error.h"
#include "server/auth.h"

using pt::server::bearer_matches;
using pt::server::is_loopback_host;
using pt::server::load_bearer_token;

TEST_CASE("bearer_matches: the scheme in any case, the token exactly", "[auth]") {
  const std::string token = "abcdefghijklmnop0123";
  const struct {
    std::string header;
    bool ok;
  } cases[] = {
      {"Bearer abcdefghijklmnop0123", true},
      {"bearer abcdefghijklmnop0123", true},
      {"BEARER abcdefghijklmnop0123", true},
      {"Bearer abcdefghijklmnop012", false},    // a prefix
      {"Bearer abcdefghijklmnop01234", false},  // longer
      {"Bearer Abcdefghijklmnop0123", false},   // the token is case-sensitive
      {"Basic abcdefghijklmnop0123", false},
      {"Bearer  abcdefghijklmnop0123", false},
      {"abcdefghijklmnop0123", false},
      {"", false},
      {"Bearer ", false},
  };
  for (const auto& c : cases) {
    INFO(c.header);
    CHECK(bearer_matches(c.header, token) == c.ok);
  }
}

TEST_CASE("is_loopback_host", "[auth]") {
  for (const char* host : {"127.0.0.1", "127.1.2.3", "::1", "localhost"}) {
    INFO(host);
    CHECK(is_loopback_host(host));
  }
  for (const char* host : {"0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.org", "localhost.example.org", ""}) {
    INFO(host);
    CHECK_FALSE(is_loopback_host(host));
  }
}

TEST_CASE("load_bearer_token: a file's first line, else the environment; bad tokens refused", "[auth]") {
  const auto dir = std::filesystem::temp_directory_path() / ("pt-auth-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  };
  ::unsetenv(pt::server::kTokenEnvVar);
  CHECK(load_bearer_token("").empty());
  CHECK(load_bearer_token(write("ok", "  abcdefghijklmnop0123  \nsecond line\n")) == "abcdefghijklmnop0123");
  CHECK(load_bearer_token(write("padded", "abcdefghijklmnop0123==\n")) == "abcdefghijklmnop0123==");
  CHECK_THROWS_AS(load_bearer_token(write("short", "abc\n")), pt::ConfigError);
  CHECK_THROWS_AS(load_bearer_token(write("space", "abcdefgh ijklmnop0123\n")), pt::ConfigError);
  CHECK_THROWS_AS(load_bearer_token(write("inner-pad", "abcdefgh=ijklmnop0123\n")), pt::ConfigError);
  CHECK_THROWS_AS(load_bearer_token(write("empty", "")), pt::ConfigError);
  CHECK_THROWS_AS(load_bearer_token((dir / "missing").string()), pt::ConfigError);
  ::setenv(pt::server::kTokenEnvVar, "from-the-environment-0123", 1);
  CHECK(load_bearer_token("") == "from-the-environment-0123");
  CHECK(load_bearer_token(write("ok2", "file-wins-over-env-0123\n")) == "file-wins-over-env-0123");
  ::setenv(pt::server::kTokenEnvVar, "short", 1);
  CHECK_THROWS_AS(load_bearer_token(""), pt::ConfigError);
  ::unsetenv(pt::server::kTokenEnvVar);
  std::filesystem::remove_all(dir);
}
