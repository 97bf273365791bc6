// Fuzz target: the facts helper's output reader (model/facts_json.hpp, on
// support/json_scan.hpp). Any bytes give facts or an Error, never an
// exception or a read out of range; and the scanner is never more lenient
// than nlohmann's parser: what it accepts nlohmann accepts, and what it
// rejects that nlohmann accepts is only a number out of a double's range,
// nesting past max_json_depth, or text after a NUL byte (which nlohmann
// takes for the end of the input).
#include <cassert>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "fuzz_target.hpp"
#include "model/facts_json.hpp"
#include "support/json_scan.hpp"

namespace {

class Ignore final : public goescape::JsonEvents {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool integer(std::int64_t) override { return true; }
  bool unsigned_integer(std::uint64_t) override { return true; }
  bool floating(double, std::string_view) override { return true; }
  bool string(std::string_view) override { return true; }
  bool key(std::string_view) override { return true; }
  bool start_object() override { return true; }
  bool end_object() override { return true; }
  bool start_array() override { return true; }
  bool end_array() override { return true; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto read = goescape::read_facts_line(text);
  if (read && read->package) {
    const goescape::PackageFacts& facts = *read->package;
    for (const goescape::FactSite& site : facts.sites) {
      assert(site.file < facts.files.size());
      assert(site.function >= -1 && site.function < static_cast<int>(facts.functions.size()));
    }
  }
  Ignore ignore;
  bool given = false;
  const std::string scanned = goescape::scan_json(
      [&] {
        if (given) return std::string_view();
        given = true;
        return text;
      },
      ignore);
  const bool accepted = nlohmann::json::accept(text.begin(), text.end());
  if (scanned.empty()) assert(accepted);
  if (!scanned.empty() && accepted && text.find('\0') == std::string_view::npos)
    assert(scanned.find("number out of range") != std::string::npos ||
           scanned.find("nested too deep") != std::string::npos);
  return 0;
}
