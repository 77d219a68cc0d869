#pragma once
// Errors as values at module boundaries (docs/architecture.md, "Contract").
// Every fallible engine command returns Result<T>; callers map ErrorCode to
// their own transport (HTTP status, CLI exit code) in exactly one place.
#include <expected>
#include <string>
#include <string_view>

namespace switchyard {

enum class ErrorCode {
  kInvalidArgument,  // malformed or out-of-range input; `field` names it
  kNotFound,         // an id or name that does not exist
  kAlreadyExists,    // a create of something that exists
  kIllegalState,     // the command is not allowed in the current state
  kCapacity,         // a configured limit was reached
  kUnauthenticated,  // no or bad credentials (API boundary)
  kPermissionDenied, // the caller's role may not do this (API boundary)
  kInternal,         // a broken invariant or an I/O failure, never user input
};

std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;  // the offending input field, when there is one
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> make_error(ErrorCode code, std::string message,
                                         std::string field = {}) {
  return std::unexpected(Error{code, std::move(message), std::move(field)});
}

}  // namespace switchyard
