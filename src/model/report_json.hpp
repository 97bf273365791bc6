// The JSON form of the report model (SPEC.md, "The report model"), both ways:
// renderers write it (as streamed text for the report, as nlohmann::json trees
// for the diff model), and `diff` reads reports written earlier.
//
// Writing is one routine per type, a template over the writer (JsonWriter for
// text, JsonTreeWriter for a tree), so text and tree never disagree and no
// tree is made by printing and re-parsing. Reading goes through nlohmann's
// from_json, one function per type; a missing or mistyped field is reported
// with its path ("findings[3].line") and never escapes as an exception.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "model/finding.hpp"
#include "support/result.hpp"

namespace goescape {

// Appends the value as one line of JSON (no newline) to `out`: the fast path
// for streaming reports.
void write_finding_json(const Finding& finding, std::string& out);
void write_function_json(const FunctionSummary& function, std::string& out);
void write_diagnostic_json(const Diagnostic& diagnostic, std::string& out);

// The same as trees (nlohmann's to_json, so `nlohmann::json j = finding;`).
void to_json(nlohmann::json& out, const Finding& finding);
void to_json(nlohmann::json& out, const FunctionSummary& function);
void to_json(nlohmann::json& out, const Diagnostic& diagnostic);
// The whole report, for tools and tests; renderers stream it instead.
void to_json(nlohmann::json& out, const Report& report);
nlohmann::json stats_to_json(const ParseStats& stats);

// Reads what to_json wrote. Unknown fields are ignored and optional ones may
// be missing; a missing required field, or any field of the wrong type or out
// of range, is an Error (ExitCode::usage) naming its path, e.g.
// `functions[2].line: expected an integer, found a string`. Never throws.
Result<Finding> finding_from_json(const nlohmann::json& json);
Result<Report> report_from_json(const nlohmann::json& json);

// report_from_json of the JSON text of a report file; text that is not JSON
// is an Error "not JSON: WHY" (ExitCode::usage). Never throws.
Result<Report> report_from_text(std::string_view text);

}  // namespace goescape
