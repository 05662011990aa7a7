// The one error family of ptsearch: every library failure is a pt::Error carrying its context.
#pragma once

#include <stdexcept>
#include <string>

namespace pt {

// Base of all ptsearch errors. what() is one line, already naming the thing that failed.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reading or writing a file or folder failed (message names the path).
class IoError : public Error {
 public:
  using Error::Error;
};

// The index is missing, unreadable, corrupt, locked or of another schema version.
class IndexError : public Error {
 public:
  using Error::Error;
};

// The index was written by another schema version; it must be rebuilt.
class SchemaMismatchError : public IndexError {
 public:
  using IndexError::IndexError;
};

// A stored document record could not be decoded.
class RecordError : public Error {
 public:
  using Error::Error;
};

// The user's query (or a request parameter) is malformed.
class QueryError : public Error {
 public:
  using Error::Error;
};

// Text analysis failed (an ICU service could not be created).
class AnalysisError : public Error {
 public:
  using Error::Error;
};

// A document (or other named thing) that was asked for does not exist.
class NotFoundError : public Error {
 public:
  using Error::Error;
};

// An option or setting has a value the library cannot accept.
class ConfigError : public Error {
 public:
  using Error::Error;
};

}  // namespace pt
