// Expected failures as values (DESIGN.md, "Errors"): a Result<T> holds either a
// T or an Error a user can act on, with the exit code SPEC.md gives it.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace goescape {

// Exit codes of SPEC.md.
enum class ExitCode : int {
  ok = 0,
  over_budget = 1,    // diff: the gate failed
  fixes_left = 1,     // fix: some selected fixes were not applied
  usage = 2,          // usage error or unreadable input
  go_failed = 3,      // the go command failed
  interrupted = 130,  // SIGINT
  terminated = 143,   // SIGTERM
};

struct Error {
  std::string message;  // one line, no trailing newline, no "error:" prefix
  ExitCode exit_code = ExitCode::usage;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status ok_status() { return Unit{}; }

// Thrown only from deep inside a stage that cannot return a Result (a renderer
// writing to a stream); caught once in main and turned into its exit code.
struct Failure {
  Error error;
};

}  // namespace goescape
