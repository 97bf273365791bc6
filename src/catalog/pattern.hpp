// A rewrite pattern of the catalog (patterns/*.json, one file each): what it
// matches, what it suggests, and when not to. Loaded and validated by
// catalog.hpp; matched against findings by analysis/match_engine.hpp.
//
// Match conditions are checked cheapest first (kind, go release, flow reasons,
// then the regular expressions, then the built-in matcher), so a pattern that
// cannot apply costs a few comparisons per finding.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/kind.hpp"
#include "support/regex.hpp"

namespace goescape {

// A compiled RE2 expression shared between copies of a Pattern (the catalog is
// copied when later directories override earlier ids; compiling twice would be
// waste). `names` lists its named groups, which become placeholders.
struct PatternRegex {
  std::shared_ptr<const Regex> re;
  std::vector<std::string> names;

  explicit operator bool() const { return re != nullptr; }
};

// One `rewrite` rule: applied to the finding's source line (trimmed); the first
// rule whose `from` matches produces the {after} placeholder, with \0..\9 and
// {placeholders} in `to` replaced. With `fix`, the replaced text is a drop-in
// replacement for the match, offered as a machine-applicable edit (reviewdog
// suggestions, SARIF fixes); `import` names a package the replacement uses,
// and the edit is offered only when the file imports it already.
struct RewriteRule {
  PatternRegex from;
  std::string to;
  bool fix = false;
  std::string import;
};

// The `match` object of a pattern file. An empty member means "no condition".
struct MatchConditions {
  std::vector<Kind> kinds;  // required, non-empty
  PatternRegex expr;        // on Finding::expr
  PatternRegex expr_not;
  PatternRegex message;  // on the compiler's message
  PatternRegex source;   // on the finding's source line
  PatternRegex source_not;
  std::vector<std::string> flow_all;   // every one of these -m=2 reasons present
  std::vector<std::string> flow_any;   // at least one present
  std::vector<std::string> flow_none;  // none present
  PatternRegex function;               // on the enclosing function's full name
  PatternRegex function_not;
  PatternRegex var_type;  // on the declared type of {var} in its function
  bool in_loop = false;   // the line is inside a `for` body of its function
  int go_min = 0;         // 1.minor bounds; 0 = open; unknown release matches
  int go_max = 0;
  std::string matcher;  // id of a built-in matcher, or empty
};

// One condition of a hold_back rule, over a predicate a matcher computes from
// the facts (catalog/matchers.hpp lists them): `name` (true, non-zero),
// `!name`, `name OP number` with OP one of < <= > >= == !=, or `name =~ RE`
// for a text predicate. A predicate the finding has no value for fails every
// condition.
struct PredicateTest {
  enum class Op { truthy, falsy, lt, le, gt, ge, eq, ne, matches };
  std::string name;
  Op op = Op::truthy;
  double number = 0;
  PatternRegex re;  // Op::matches
};

// A PLAYBOOK §16 "when not to" rule kept as data: when every condition holds,
// the pattern still names the finding but its suggestion is withheld, and
// Finding::held_back says `rule: why` (with `why`'s placeholders filled).
struct HoldBackRule {
  std::string rule;  // lower-case words joined by '-'
  std::vector<PredicateTest> when;
  std::string why;
};

struct Pattern {
  std::string id;           // stable: the SARIF rule id and part of the diff key
  std::string title;        // one line
  std::string playbook;     // "9.1", "7", ...
  std::string description;  // a paragraph: signal, cause, fix
  std::string suggestion;   // template with {placeholders} filled from a finding
  std::string before;       // example Go code
  std::string after;        // the same, rewritten
  std::string when_not;     // PLAYBOOK §16: when this advice is wrong
  std::string source_file;  // the JSON file it came from
  int priority = 100;       // lower is tried first; ties by id
  MatchConditions match;
  std::vector<RewriteRule> rewrite;
  std::vector<HoldBackRule> hold_back;  // tried in order; the first that holds wins
};

}  // namespace goescape
