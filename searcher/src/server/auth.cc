// Bearer tokens: loading and validating one, loopback addresses, constant-time comparison.
#include "server/auth.h"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "pt/error.h"

namespace pt::server {
namespace {

bool token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
         c == '~' || c == '+' || c == '/';
}

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace

std::string load_bearer_token(const std::string& file) {
  std::string token, where;
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) throw ConfigError("cannot read the token file " + file);
    std::getline(in, token);
    where = "the token in " + file;
  } else if (const char* env = std::getenv(kTokenEnvVar)) {
    token = env;
    where = std::string("$") + kTokenEnvVar;
  } else {
    return {};
  }
  token = trimmed(token);
  if (token.size() < kMinTokenBytes)
    throw ConfigError(where + " is too short: at least " + std::to_string(kMinTokenBytes) + " characters (e.g. openssl rand -hex 32)");
  const auto end = token.find_last_not_of('=') + 1;  // "=" only as padding at the end
  if (!std::all_of(token.begin(), token.begin() + static_cast<std::ptrdiff_t>(end), token_char))
    throw ConfigError(where + " has characters a bearer token cannot have (letters, digits and -._~+/ only)");
  return token;
}

bool is_loopback_host(const std::string& host) {
  if (host == "localhost") return true;
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

bool bearer_matches(std::string_view authorization, std::string_view token) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() < kScheme.size()) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (static_cast<char>(std::tolower(static_cast<unsigned char>(authorization[i]))) != kScheme[i]) return false;
  const auto given = authorization.substr(kScheme.size());
  // Every byte of the token is looked at whatever the input, so timing says nothing about a prefix.
  unsigned char differ = given.size() == token.size() ? 0 : 1;
  for (std::size_t i = 0; i < token.size(); ++i)
    differ |= static_cast<unsigned char>(token[i] ^ (i < given.size() ? given[i] : 0));
  return differ == 0;
}

}  // namespace pt::server
