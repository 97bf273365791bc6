// The catalog loader. Each file is checked completely (a broken file does not
// hide the problems of the next one), and the problems of all files come back
// in one Error, one line each, so a team fixing its pattern directory sees
// everything at once.
#include "catalog/catalog.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "catalog/matchers.hpp"
#include "support/json_type.hpp"

namespace goescape {

namespace fs = std::filesystem;
using nlohmann::json;

const Pattern* Catalog::find(std::string_view id) const {
  for (const Pattern& p : patterns)
    if (p.id == id) return &p;
  return nullptr;
}

namespace {

// Go releases are 1.N; anything past this is a typo, not a future release.
constexpr int max_go_minor = 999;
// Priorities order patterns; they need no more than this.
constexpr int max_priority = 1000000;

// Collects the problems of one file, each as `FILE: FIELD: what`.
class Problems {
 public:
  explicit Problems(std::vector<std::string>& out, std::string file)
      : out_(out), file_(std::move(file)) {}
  void add(std::string_view field, std::string_view what) {
    out_.push_back(field.empty() ? fmt::format("{}: {}", file_, what)
                                 : fmt::format("{}: {}: {}", file_, field, what));
    ++count_;
  }
  int count() const { return count_; }

 private:
  std::vector<std::string>& out_;
  std::string file_;
  int count_ = 0;
};

// Named groups `(?P<name>` of an RE2 pattern, in order.
std::vector<std::string> group_names(std::string_view pattern) {
  std::vector<std::string> names;
  for (std::size_t at = pattern.find("(?P<"); at != std::string_view::npos;
       at = pattern.find("(?P<", at + 4)) {
    std::size_t end = pattern.find('>', at + 4);
    if (end == std::string_view::npos) break;
    names.emplace_back(pattern.substr(at + 4, end - at - 4));
  }
  return names;
}

// Reads one pattern object; every problem goes to `problems`.
class PatternReader {
 public:
  PatternReader(Problems& problems, Pattern& pattern) : problems_(problems), p_(pattern) {}

  void read(const json& root) {
    if (!root.is_object()) {
      problems_.add("", fmt::format("expected a JSON object, found {}", json_type_name(root)));
      return;
    }
    static const std::set<std::string> top = {"id",       "title",      "playbook", "description",
                                              "match",    "suggestion", "before",   "after",
                                              "when_not", "priority",   "rewrite"};
    for (const auto& [key, value] : root.items())
      if (!top.count(key)) problems_.add(key, "unknown field");

    text(root, "id", p_.id, true);
    if (!p_.id.empty()) {
      static const Regex id_form("^[a-z0-9][a-z0-9-]*$");
      if (!id_form.full_match(p_.id))
        problems_.add("id", fmt::format("\"{}\" is not lower-case words joined by '-'", p_.id));
    }
    text(root, "title", p_.title, true);
    text(root, "playbook", p_.playbook, true);
    if (!p_.playbook.empty()) {
      static const Regex section("^[0-9]+(\\.[0-9]+)?$");
      if (!section.full_match(p_.playbook))
        problems_.add("playbook", fmt::format("\"{}\" is not a PLAYBOOK section (\"7\", \"9.1\")",
                                              p_.playbook));
    }
    text(root, "description", p_.description, false);
    if (p_.description.empty()) p_.description = p_.title;
    text(root, "suggestion", p_.suggestion, true);
    text(root, "before", p_.before, true);
    text(root, "after", p_.after, true);
    text(root, "when_not", p_.when_not, true);
    if (auto it = root.find("priority"); it != root.end()) {
      // get<int>() would truncate 2^40 without a word.
      if (!it->is_number_integer() || *it < -max_priority || *it > max_priority)
        problems_.add("priority", fmt::format("expected an integer from {} to {}, found {}",
                                              -max_priority, max_priority, it->dump()));
      else
        p_.priority = it->get<int>();
    }
    if (auto it = root.find("match"); it == root.end()) {
      problems_.add("match", "missing required field");
    } else {
      read_match(*it);
    }
    if (auto it = root.find("rewrite"); it != root.end()) read_rewrite(*it);
    check_placeholders();
  }

 private:
  void text(const json& obj, const std::string& key, std::string& out, bool required,
            const std::string& path = {}) {
    const std::string field = path.empty() ? key : path + "." + key;
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) problems_.add(field, "missing required field");
      return;
    }
    if (it->is_string()) {
      out = it->get<std::string>();
      if (required && out.empty()) problems_.add(field, "must not be empty");
      return;
    }
    // Multi-line text (code examples) may be written as an array of lines.
    if (it->is_array() &&
        std::all_of(it->begin(), it->end(), [](const json& l) { return l.is_string(); })) {
      out.clear();
      for (const json& line : *it) out += line.get<std::string>() + "\n";
      if (!out.empty()) out.pop_back();
      return;
    }
    problems_.add(field, fmt::format("expected a string, found {}", json_type_name(*it)));
  }

  PatternRegex regex(const json& obj, const std::string& key, const std::string& field) {
    auto it = obj.find(key);
    if (it == obj.end()) return {};
    if (!it->is_string()) {
      problems_.add(
          field, fmt::format("expected an RE2 expression string, found {}", json_type_name(*it)));
      return {};
    }
    std::string pattern = it->get<std::string>();
    auto re = std::make_shared<const Regex>(pattern);
    if (!re->ok()) {
      problems_.add(field, fmt::format("invalid RE2 expression \"{}\": {}", pattern, re->error()));
      return {};
    }
    PatternRegex out{re, group_names(pattern)};
    for (const std::string& name : out.names) provided_.insert(name);
    return out;
  }

  std::vector<std::string> reasons(const json& obj, const std::string& key,
                                   const std::string& field) {
    std::vector<std::string> out;
    auto it = obj.find(key);
    if (it == obj.end()) return out;
    if (!it->is_array()) {
      problems_.add(field,
                    fmt::format("expected an array of strings, found {}", json_type_name(*it)));
      return out;
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& r = (*it)[i];
      if (!r.is_string() || r.get<std::string>().empty()) {
        problems_.add(fmt::format("{}[{}]", field, i), "expected a non-empty reason string");
        continue;
      }
      out.push_back(r.get<std::string>());
    }
    return out;
  }

  int go_minor(const json& obj, const std::string& key, const std::string& field) {
    auto it = obj.find(key);
    if (it == obj.end()) return 0;
    static const Regex form("^(?:go)?1\\.([0-9]+)$");
    if (it->is_string()) {
      const std::string& text = it->get_ref<const std::string&>();
      if (auto m = form.capture(text); m && (*m)[1]) {
        const std::string_view digits = *(*m)[1];
        int minor = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), minor);
        if (ec == std::errc() && minor <= max_go_minor) return minor;
        problems_.add(field, fmt::format("\"{}\" is no Go release (1.N with N at most {})", text,
                                         max_go_minor));
        return 0;
      }
    }
    problems_.add(field, "expected a Go release as \"1.N\"");
    return 0;
  }

  void read_match(const json& m) {
    if (!m.is_object()) {
      problems_.add("match", fmt::format("expected an object, found {}", json_type_name(m)));
      return;
    }
    static const std::set<std::string> known = {
        "kinds",    "expr",     "expr_not",  "message",  "source",       "source_not",
        "flow_all", "flow_any", "flow_none", "function", "function_not", "var_type",
        "in_loop",  "go_min",   "go_max",    "matcher"};
    for (const auto& [key, value] : m.items())
      if (!known.count(key)) problems_.add("match." + key, "unknown field");

    MatchConditions& c = p_.match;
    if (auto it = m.find("kinds"); it == m.end()) {
      problems_.add("match.kinds", "missing required field");
    } else if (!it->is_array() || it->empty()) {
      problems_.add("match.kinds", "expected a non-empty array of kind names");
    } else {
      for (std::size_t i = 0; i < it->size(); ++i) {
        const json& k = (*it)[i];
        auto kind = k.is_string() ? kind_from_name(k.get<std::string>()) : std::nullopt;
        if (!kind) {
          problems_.add(fmt::format("match.kinds[{}]", i),
                        fmt::format("unknown kind {} (known: {})", k.dump(), kind_names()));
          continue;
        }
        c.kinds.push_back(*kind);
      }
    }
    c.expr = regex(m, "expr", "match.expr");
    c.expr_not = regex(m, "expr_not", "match.expr_not");
    c.message = regex(m, "message", "match.message");
    c.source = regex(m, "source", "match.source");
    c.source_not = regex(m, "source_not", "match.source_not");
    c.function = regex(m, "function", "match.function");
    c.function_not = regex(m, "function_not", "match.function_not");
    c.var_type = regex(m, "var_type", "match.var_type");
    if (c.var_type) provided_.insert("type");  // the declared type it matched
    c.flow_all = reasons(m, "flow_all", "match.flow_all");
    c.flow_any = reasons(m, "flow_any", "match.flow_any");
    c.flow_none = reasons(m, "flow_none", "match.flow_none");
    if (auto it = m.find("in_loop"); it != m.end()) {
      if (!it->is_boolean())
        problems_.add("match.in_loop",
                      fmt::format("expected a boolean, found {}", json_type_name(*it)));
      else
        c.in_loop = it->get<bool>();
    }
    c.go_min = go_minor(m, "go_min", "match.go_min");
    c.go_max = go_minor(m, "go_max", "match.go_max");
    if (c.go_min && c.go_max && c.go_min > c.go_max)
      problems_.add("match.go_max", "is older than match.go_min");
    if (auto it = m.find("matcher"); it != m.end()) {
      const MatcherInfo* info = it->is_string() ? find_matcher(it->get<std::string>()) : nullptr;
      if (!info) {
        std::vector<std::string_view> ids;
        for (const MatcherInfo& each : builtin_matchers()) ids.push_back(each.id);
        problems_.add("match.matcher", fmt::format("unknown matcher {} (built-in: {})", it->dump(),
                                                   fmt::join(ids, ", ")));
      } else {
        c.matcher = std::string(info->id);
        add_words(info->placeholders);
      }
    }
    bool source_only = c.kinds.size() == 1 && c.kinds[0] == Kind::source_pattern;
    const MatcherInfo* matcher = c.matcher.empty() ? nullptr : find_matcher(c.matcher);
    if (source_only && !c.source && !(matcher && matcher->finds_lines))
      problems_.add("match.source", "a source_pattern needs a source expression to scan for");
  }

  void read_rewrite(const json& r) {
    if (!r.is_array()) {
      problems_.add("rewrite", fmt::format("expected an array of {{\"from\", \"to\"}} objects, "
                                           "found {}",
                                           json_type_name(r)));
      return;
    }
    for (std::size_t i = 0; i < r.size(); ++i) {
      const std::string field = fmt::format("rewrite[{}]", i);
      const json& rule = r[i];
      if (!rule.is_object()) {
        problems_.add(field, fmt::format("expected an object, found {}", json_type_name(rule)));
        continue;
      }
      for (const auto& [key, value] : rule.items())
        if (key != "from" && key != "to" && key != "fix" && key != "import")
          problems_.add(field + "." + key, "unknown field");
      RewriteRule out;
      if (!rule.contains("from")) problems_.add(field + ".from", "missing required field");
      out.from = regex(rule, "from", field + ".from");
      text(rule, "to", out.to, true, field);
      if (auto it = rule.find("fix"); it != rule.end()) {
        if (!it->is_boolean())
          problems_.add(field + ".fix",
                        fmt::format("expected a boolean, found {}", json_type_name(*it)));
        else
          out.fix = it->get<bool>();
      }
      text(rule, "import", out.import, false, field);
      if (!out.import.empty() && !out.fix)
        problems_.add(field + ".import", "only meaningful with \"fix\": true");
      templates_.emplace_back(field + ".to", out.to);
      if (out.from) p_.rewrite.push_back(std::move(out));
    }
  }

  void add_words(std::string_view words) {
    std::istringstream in{std::string(words)};
    for (std::string w; in >> w;) provided_.insert(w);
  }

  // Every {name} of the templates must be something a match can fill.
  void check_placeholders() {
    add_words(common_placeholders());
    templates_.emplace_back("suggestion", p_.suggestion);
    static const Regex placeholder("\\{([a-z_][a-z0-9_]*)\\}");
    for (const auto& [field, text] : templates_) {
      std::string_view rest = text;
      while (auto m = placeholder.capture(rest)) {
        std::string name(*(*m)[1]);
        if (!provided_.count(name))
          problems_.add(field, fmt::format("unknown placeholder {{{}}} (this pattern fills: {})",
                                           name, fmt::join(provided_, " ")));
        rest.remove_prefix(static_cast<std::size_t>((*m)[0]->data() - rest.data()) +
                           (*m)[0]->size());
      }
    }
  }

  Problems& problems_;
  Pattern& p_;
  std::set<std::string> provided_;
  std::vector<std::pair<std::string, std::string>> templates_;
};

// 1-based line and column of byte `offset` in `text`.
std::pair<int, int> line_col(std::string_view text, std::size_t offset) {
  int line = 1, col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

// Loads one file into `out`; false (with problems recorded) when it is unusable.
bool load_file(const fs::path& path, std::vector<std::string>& errors, Pattern& out) {
  Problems problems(errors, path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.add("", "cannot read the file");
    return false;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    auto [line, col] = line_col(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string what = e.what();
    // nlohmann's text repeats a position we give better; keep its reason.
    if (auto at = what.find("syntax error"); at != std::string::npos) what = what.substr(at);
    problems.add(fmt::format("line {} column {}", line, col), "JSON " + what);
    return false;
  } catch (const json::exception& e) {  // out_of_range: a number too large for a double
    problems.add("", fmt::format("JSON {}", e.what()));
    return false;
  }
  out.source_file = path.string();
  PatternReader reader(problems, out);
  reader.read(root);
  return problems.count() == 0;
}

}  // namespace

Result<Catalog> load_catalog(const std::vector<std::string>& dirs) {
  std::vector<std::string> errors;
  std::map<std::string, Pattern> by_id;
  for (const std::string& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      errors.push_back(fmt::format("{}: not a directory of pattern files", dir));
      continue;
    }
    std::vector<fs::path> files;
    // increment(ec), not ++: a directory that fails half-way is a problem to
    // report, not an exception.
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->path().extension() == ".json") files.push_back(it->path());
    if (ec) errors.push_back(fmt::format("{}: cannot list: {}", dir, ec.message()));
    std::sort(files.begin(), files.end());
    std::map<std::string, std::string> seen_here;  // id -> file, within this directory
    for (const fs::path& file : files) {
      Pattern pattern;
      if (!load_file(file, errors, pattern)) continue;
      auto [it, fresh] = seen_here.emplace(pattern.id, file.string());
      if (!fresh) {
        errors.push_back(fmt::format("{}: id: duplicate id \"{}\" (also in {})", file.string(),
                                     pattern.id, it->second));
        continue;
      }
      by_id[pattern.id] = std::move(pattern);  // a later directory replaces an earlier one
    }
  }
  if (!errors.empty()) {
    std::string message = fmt::format("the pattern catalog has {} problem{}:", errors.size(),
                                      errors.size() == 1 ? "" : "s");
    for (const std::string& e : errors) message += "\n  " + e;
    return Error{message, ExitCode::usage};
  }
  Catalog catalog;
  for (auto& [id, pattern] : by_id) catalog.patterns.push_back(std::move(pattern));
  return catalog;
}

}  // namespace goescape
