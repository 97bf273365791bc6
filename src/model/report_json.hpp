// The JSON form of the report model (SPEC.md, "The report model"), both ways:
// renderers write it, `diff` reads reports written earlier.
#pragma once

#include <nlohmann/json.hpp>

#include "model/finding.hpp"
#include "support/result.hpp"

namespace goescape {

// Appends the finding as one line of JSON (no newline) to `out`: the fast
// path for streaming reports. finding_to_json is the same, as a tree.
void write_finding_json(const Finding& finding, std::string& out);
nlohmann::json finding_to_json(const Finding& finding);
void write_function_json(const FunctionSummary& function, std::string& out);
void write_diagnostic_json(const Diagnostic& diagnostic, std::string& out);
nlohmann::json function_to_json(const FunctionSummary& function);
nlohmann::json diagnostic_to_json(const Diagnostic& diagnostic);
nlohmann::json stats_to_json(const ParseStats& stats);
nlohmann::json report_to_json(const Report& report);

// Reads a report written by report_to_json. Unknown fields are ignored; a
// missing or mistyped required field is an Error naming it.
Result<Finding> finding_from_json(const nlohmann::json& json);
Result<Report> report_from_json(const nlohmann::json& json);

}  // namespace goescape
