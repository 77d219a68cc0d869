#pragma once
// Errors as values at module boundaries (docs/conventions.md, section 4).
// Every fallible engine command returns Result<T>; callers map ErrorCode to
// their own transport (HTTP status, CLI exit code) in exactly one place.
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace switchyard {

// The one list of error kinds. Each transport maps it in exactly one place
// (HTTP: api/errors.cc; CLI: exit codes); nothing else picks status codes.
enum class ErrorCode {
  kInvalidArgument,  // malformed or out-of-range input; `field` names it
  kNotFound,         // an id or name that does not exist
  kAlreadyExists,    // a create of something that exists
  kIllegalState,     // the command is not allowed in the current state
  kCapacity,         // a configured limit was reached
  kConflict,         // a concurrent request holds what this one needs (retry later)
  kUnprocessable,    // well-formed, but contradicts an earlier request (e.g. an
                     //   idempotency key reused with another body)
  kUnauthenticated,  // no or bad credentials (API boundary)
  kPermissionDenied, // the caller's role may not do this (API boundary)
  kRateLimited,      // too many attempts; retry after the time the error says
  kUnavailable,      // the service cannot serve now (store failed, shutting down)
  kExpired,          // a one-time token or link past its lifetime
  kInternal,         // a broken invariant or an I/O failure, never user input
};

std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;  // the offending input field, when there is one
  int64_t retry_after_ms = 0;  // kRateLimited / kUnavailable: when to try again (0 = unknown)
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> make_error(ErrorCode code, std::string message,
                                         std::string field = {}) {
  return std::unexpected(Error{code, std::move(message), std::move(field)});
}

}  // namespace switchyard
