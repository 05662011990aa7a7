// Command-line plumbing shared by ptindex and ptsearch: CLI11 parsing, one-line errors, exit codes.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>
#include <optional>
#include <string>

#include "pt/error.h"

namespace pt::cli {

inline constexpr int kExitError = 1;  // the work failed (missing index, unreadable corpus ...)
inline constexpr int kExitUsage = 2;  // bad options or a malformed query

// Parses the command line. Returns the exit status when the program should stop now (--help and
// --version: 0; bad usage: one line on stderr, kExitUsage), or nullopt to go on. `hint` may add
// advice to a parse error's line.
inline std::optional<int> parse(CLI::App& app, int argc, char** argv,
                                const std::function<std::string(const CLI::ParseError&)>& hint = {}) {
  try {
    app.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const std::string extra = hint ? hint(e) : std::string();
    std::cerr << app.get_name() << ": " << e.what() << (extra.empty() ? " (see " + app.get_name() + " --help)" : extra) << "\n";
    return kExitUsage;
  }
}

// Runs the program's work and turns an escaping error into one line on stderr and an exit status:
// QueryError -> kExitUsage, any other error -> kExitError.
inline int run(const std::string& program, const std::function<int()>& body) {
  try {
    return body();
  } catch (const QueryError& e) {
    std::cerr << program << ": " << e.what() << "\n";
    return kExitUsage;
  } catch (const Error& e) {
    std::cerr << program << ": " << e.what() << "\n";
    return kExitError;
  } catch (const std::exception& e) {
    std::cerr << program << ": unexpected error: " << e.what() << "\n";
    return kExitError;
  }
}

}  // namespace pt::cli
