// Fuzz target: the report reader `goescape diff` reads saved reports with
// (model/report_json.hpp, report_from_text). Any bytes give a Report or an
// Error, never an exception; a report that reads writes back to JSON that
// reads again to the same JSON (the writer and the reader agree on every
// field they both know).
#include <cassert>
#include <nlohmann/json.hpp>
#include <string_view>

#include "fuzz_target.hpp"
#include "model/report_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto report = goescape::report_from_text(text);
  if (!report) {
    assert(!report.error().message.empty());
    assert(report.error().exit_code == goescape::ExitCode::usage);
    return 0;
  }
  const nlohmann::json written = *report;
  const auto again = goescape::report_from_json(written);
  assert(again.ok());
  assert(nlohmann::json(*again) == written);
  return 0;
}
