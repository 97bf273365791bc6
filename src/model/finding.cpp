#include "model/finding.hpp"

namespace goescape {

std::string_view allocation_name(Allocation a) {
  switch (a) {
    case Allocation::always:
      return "always";
    case Allocation::sometimes:
      return "sometimes";
    case Allocation::never:
      return "never";
  }
  return "always";
}

std::optional<Allocation> allocation_from_name(std::string_view name) {
  for (Allocation a : {Allocation::always, Allocation::sometimes, Allocation::never})
    if (allocation_name(a) == name) return a;
  return std::nullopt;
}

std::string_view tests_verdict_name(TestsVerdict v) {
  switch (v) {
    case TestsVerdict::passed:
      return "passed";
    case TestsVerdict::failed:
      return "failed";
    case TestsVerdict::not_run:
      return "not_run";
  }
  return "not_run";
}

std::optional<TestsVerdict> tests_verdict_from_name(std::string_view name) {
  for (TestsVerdict v : {TestsVerdict::passed, TestsVerdict::failed, TestsVerdict::not_run})
    if (tests_verdict_name(v) == name) return v;
  return std::nullopt;
}

}  // namespace goescape
