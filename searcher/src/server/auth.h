// Bearer-token access to the server: where the token comes from, what a valid one is, and checking a request's.
#pragma once

#include <string>
#include <string_view>

namespace pt::server {

inline constexpr const char* kTokenEnvVar = "PTSEARCH_TOKEN";
inline constexpr std::size_t kMinTokenBytes = 16;

// The token in `file` (its first line, surrounding white space dropped) when a file is named,
// else $PTSEARCH_TOKEN, else empty (no token). Throws pt::ConfigError for an unreadable file or a
// token that is too short (kMinTokenBytes) or has characters RFC 6750 does not allow
// (letters, digits, "-._~+/", "=" at the end).
std::string load_bearer_token(const std::string& file);

// Whether `host` (as given to --listen) is a loopback address: 127.0.0.0/8, ::1 or "localhost".
bool is_loopback_host(const std::string& host);

// Whether an Authorization header value is "Bearer <token>" (the scheme in any case), compared
// in time that does not depend on where the two differ.
bool bearer_matches(std::string_view authorization, std::string_view token);

}  // namespace pt::server
