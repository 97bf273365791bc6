#include "model/report_json.hpp"

#include <fmt/format.h>

#include "support/json_writer.hpp"

namespace goescape {

using nlohmann::json;

namespace {

template <typename T>
json optional_to_json(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

// Reading: each helper names the field it failed on.
struct Reader {
  const json& object;
  std::string where;
  std::optional<Error> error;

  void fail(std::string_view field, std::string_view expected) {
    if (!error)
      error = Error{fmt::format("{}: field \"{}\" is missing or not {}", where, field, expected),
                    ExitCode::usage};
  }
  std::string str(std::string_view field) {
    auto it = object.find(field);
    if (it == object.end() || !it->is_string()) {
      fail(field, "a string");
      return {};
    }
    return it->get<std::string>();
  }
  std::string str_or(std::string_view field, std::string fallback) {
    auto it = object.find(field);
    return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
  }
  std::optional<std::string> opt_str(std::string_view field) {
    auto it = object.find(field);
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) {
      fail(field, "a string or null");
      return std::nullopt;
    }
    return it->get<std::string>();
  }
  int integer(std::string_view field, int fallback = 0) {
    auto it = object.find(field);
    if (it == object.end() || it->is_null()) return fallback;
    if (!it->is_number_integer()) {
      fail(field, "an integer");
      return fallback;
    }
    return it->get<int>();
  }
};

KindCounts counts_from_json(const json& j) {
  KindCounts counts;
  if (!j.is_object()) return counts;
  for (const auto& [key, value] : j.items()) {
    if (value.is_number_integer()) counts[key] = value.get<int>();
  }
  return counts;
}

}  // namespace

void write_finding_json(const Finding& f, std::string& out) {
  JsonWriter w(out);
  const auto position = [&](const Position& pos) {
    w.key("file");
    w.value(pos.file);
    w.key("line");
    w.value(pos.line);
    w.key("col");
    w.value(pos.col);
  };
  w.begin_object();
  w.key("kind");
  w.value(kind_name(f.kind));
  position(f.pos);
  w.key("message");
  w.optional_value(f.message);
  w.key("expr");
  w.value(f.expr);
  w.key("package");
  w.value(f.package);
  w.key("function");
  w.optional_value(f.function);
  w.key("inlined_from");
  if (f.inlined_from) {
    w.begin_object();
    w.key("function");
    w.value(f.inlined_from->function);
    w.key("file");
    if (f.inlined_from->file.empty())
      w.null();
    else
      w.value(f.inlined_from->file);
    w.key("line");
    if (f.inlined_from->line)
      w.value(f.inlined_from->line);
    else
      w.null();
    w.end_object();
  } else {
    w.null();
  }
  w.key("flow");
  w.begin_array();
  for (const FlowStep& step : f.flow) {
    w.begin_object();
    w.key("reason");
    w.value(step.reason);
    w.key("text");
    w.value(step.text);
    position(step.pos);
    w.end_object();
  }
  w.end_array();
  w.key("pattern");
  w.optional_value(f.pattern);
  w.key("playbook");
  w.optional_value(f.playbook);
  w.key("suggestion");
  w.optional_value(f.suggestion);
  w.key("profile");
  if (f.profile) {
    w.begin_object();
    w.key("alloc_space");
    w.value(f.profile->alloc_space);
    w.key("alloc_objects");
    w.value(f.profile->alloc_objects);
    w.key("inuse_space");
    w.value(f.profile->inuse_space);
    w.key("inuse_objects");
    w.value(f.profile->inuse_objects);
    w.key("cold");
    w.value(f.profile->cold);
    w.end_object();
  } else {
    w.null();
  }
  w.key("fingerprint");
  w.value(f.fingerprint);
  // Fields beyond SPEC.md's minimum, useful to tools and to --explain.
  if (f.held_back) {
    w.key("held_back");
    w.value(*f.held_back);
  }
  if (f.fix) {
    w.key("fix");
    w.begin_object();
    w.key("line");
    w.value(f.fix->line);
    w.key("col");
    w.value(f.fix->col);
    w.key("end_col");
    w.value(f.fix->end_col);
    w.key("text");
    w.value(f.fix->text);
    w.end_object();
  }
  if (f.occurrences > 1) {
    w.key("occurrences");
    w.value(f.occurrences);
  }
  if (!f.variant.empty()) {
    w.key("variant");
    w.value(f.variant);
  }
  if (f.printed_file != f.pos.file) {
    w.key("printed_file");
    w.value(f.printed_file);
  }
  if (!f.detail.empty()) {
    w.key("detail");
    w.value(f.detail);
  }
  if (f.derefs >= 0) {
    w.key("derefs");
    w.value(f.derefs);
  }
  if (!f.captures.empty()) {
    w.key("captures");
    w.begin_array();
    for (const Capture& c : f.captures) {
      w.begin_object();
      w.key("closure");
      w.value(c.closure);
      w.key("var");
      w.value(c.var);
      w.key("by");
      w.value(c.by_ref ? "ref" : "value");
      w.key("addr");
      w.value(c.addr);
      w.key("assign");
      w.value(c.assign);
      w.key("width");
      w.value(c.width);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

json finding_to_json(const Finding& f) {
  std::string text;
  write_finding_json(f, text);
  return json::parse(text);
}

void write_function_json(const FunctionSummary& f, std::string& out) {
  JsonWriter w(out);
  w.begin_object();
  w.key("function");
  w.value(f.function);
  w.key("package");
  w.value(f.package);
  w.key("file");
  w.value(f.file);
  w.key("line");
  w.value(f.line);
  w.key("counts");
  w.begin_object();
  for (const auto& [kind, count] : f.counts) {
    w.key(kind);
    w.value(count);
  }
  w.end_object();
  w.end_object();
}

void write_diagnostic_json(const Diagnostic& d, std::string& out) {
  JsonWriter w(out);
  w.begin_object();
  w.key("package");
  w.value(d.package);
  w.key("text");
  w.value(d.text);
  w.end_object();
}

json function_to_json(const FunctionSummary& f) {
  std::string text;
  write_function_json(f, text);
  return json::parse(text);
}

json diagnostic_to_json(const Diagnostic& d) {
  std::string text;
  write_diagnostic_json(d, text);
  return json::parse(text);
}

json stats_to_json(const ParseStats& s) {
  return {{"lines", s.lines},
          {"verdict_lines", s.verdict_lines},
          {"explanation_lines", s.explanation_lines},
          {"orphan_explanations", s.orphan_explanations},
          {"duplicate_lines", s.duplicate_lines},
          {"header_lines", s.header_lines},
          {"noise_lines", s.noise_lines},
          {"unclassified", s.unclassified}};
}

json report_to_json(const Report& r) {
  json out = json::object();
  out["schema"] = r.schema;
  out["tool"] = {{"name", r.tool.name}, {"version", r.tool.version}};
  out["go"] = {{"version", optional_to_json(r.go.version)}, {"flags", r.go.flags}};
  out["root"] = r.root;
  json findings = json::array();
  for (const Finding& f : r.findings) findings.push_back(finding_to_json(f));
  out["findings"] = std::move(findings);
  json functions = json::array();
  for (const FunctionSummary& f : r.functions) functions.push_back(function_to_json(f));
  out["functions"] = std::move(functions);
  out["summary"] = r.summary;
  json diagnostics = json::array();
  for (const Diagnostic& d : r.diagnostics) diagnostics.push_back(diagnostic_to_json(d));
  out["diagnostics"] = std::move(diagnostics);
  out["stats"] = stats_to_json(r.stats);
  return out;
}

Result<Finding> finding_from_json(const json& j) {
  if (!j.is_object()) return Error{"a finding is not a JSON object", ExitCode::usage};
  Reader r{j, "finding", std::nullopt};
  Finding f;
  const std::string kind = r.str("kind");
  if (auto k = kind_from_name(kind)) {
    f.kind = *k;
  } else if (!r.error) {
    return Error{fmt::format("finding: unknown kind \"{}\"", kind), ExitCode::usage};
  }
  f.pos.file = r.str_or("file", "");
  f.pos.line = r.integer("line");
  f.pos.col = r.integer("col");
  f.printed_file = r.str_or("printed_file", f.pos.file);
  f.message = r.opt_str("message");
  f.expr = r.str_or("expr", "");
  f.package = r.str_or("package", "");
  f.variant = r.str_or("variant", "");
  f.function = r.opt_str("function");
  if (auto it = j.find("inlined_from"); it != j.end() && it->is_object()) {
    Reader inl{*it, "inlined_from", std::nullopt};
    f.inlined_from =
        InlinedFrom{inl.str_or("function", ""), inl.str_or("file", ""), inl.integer("line")};
  }
  if (auto it = j.find("flow"); it != j.end() && it->is_array()) {
    for (const json& step : *it) {
      if (!step.is_object()) continue;
      Reader s{step, "flow", std::nullopt};
      f.flow.push_back(
          FlowStep{s.str_or("reason", ""), s.str_or("text", ""),
                   Position{s.str_or("file", ""), s.integer("line"), s.integer("col")}});
    }
  }
  f.pattern = r.opt_str("pattern");
  f.playbook = r.opt_str("playbook");
  f.suggestion = r.opt_str("suggestion");
  f.held_back = r.opt_str("held_back");
  if (auto it = j.find("fix"); it != j.end() && it->is_object()) {
    Reader fix{*it, "fix", std::nullopt};
    f.fix = TextEdit{fix.integer("line"), fix.integer("col"), fix.integer("end_col"),
                     fix.str_or("text", "")};
  }
  if (auto it = j.find("profile"); it != j.end() && it->is_object()) {
    ProfileFigures p;
    p.alloc_space = it->value("alloc_space", std::int64_t{0});
    p.alloc_objects = it->value("alloc_objects", std::int64_t{0});
    p.inuse_space = it->value("inuse_space", std::int64_t{0});
    p.inuse_objects = it->value("inuse_objects", std::int64_t{0});
    p.cold = it->value("cold", false);
    f.profile = p;
  }
  f.fingerprint = r.str_or("fingerprint", "");
  f.occurrences = r.integer("occurrences", 1);
  f.detail = r.str_or("detail", "");
  f.derefs = r.integer("derefs", -1);
  if (r.error) return *r.error;
  return f;
}

Result<Report> report_from_json(const json& j) {
  if (!j.is_object()) return Error{"the report is not a JSON object", ExitCode::usage};
  Reader r{j, "report", std::nullopt};
  Report report;
  report.schema = r.str("schema");
  if (r.error) return *r.error;
  if (report.schema != "goescape/report/v1") {
    return Error{
        fmt::format("report: schema is \"{}\", expected \"goescape/report/v1\"", report.schema),
        ExitCode::usage};
  }
  if (auto it = j.find("tool"); it != j.end() && it->is_object()) {
    report.tool.version = it->value("version", std::string());
  }
  if (auto it = j.find("go"); it != j.end() && it->is_object()) {
    if (auto v = it->find("version"); v != it->end() && v->is_string())
      report.go.version = v->get<std::string>();
    report.go.flags = it->value("flags", std::string("-m=2"));
  }
  report.root = r.str_or("root", "");
  auto findings = j.find("findings");
  if (findings == j.end() || !findings->is_array())
    return Error{"report: field \"findings\" is missing or not an array", ExitCode::usage};
  std::size_t index = 0;
  for (const json& item : *findings) {
    auto finding = finding_from_json(item);
    if (!finding)
      return Error{fmt::format("report: findings[{}]: {}", index, finding.error().message),
                   ExitCode::usage};
    report.findings.push_back(std::move(finding).value());
    ++index;
  }
  if (auto it = j.find("functions"); it != j.end() && it->is_array()) {
    for (const json& item : *it) {
      if (!item.is_object()) continue;
      FunctionSummary f;
      f.function = item.value("function", std::string());
      f.package = item.value("package", std::string());
      f.file = item.value("file", std::string());
      f.line = item.value("line", 0);
      if (auto c = item.find("counts"); c != item.end()) f.counts = counts_from_json(*c);
      report.functions.push_back(std::move(f));
    }
  }
  if (auto it = j.find("summary"); it != j.end()) report.summary = counts_from_json(*it);
  if (auto it = j.find("diagnostics"); it != j.end() && it->is_array()) {
    for (const json& item : *it) {
      if (item.is_object())
        report.diagnostics.push_back(
            {item.value("package", std::string()), item.value("text", std::string())});
    }
  }
  return report;
}

}  // namespace goescape
