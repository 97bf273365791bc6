#include "output/sarif_rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "output/chain.hpp"
#include "output/escape.hpp"

namespace goescape {

namespace {

// Plain-text descriptions of the rules for findings no pattern matched.
struct KindText {
  Kind kind;
  std::string_view short_description;
  std::string_view full_description;
  std::string_view help;
};

constexpr KindText kind_texts[] = {
    {Kind::moved_to_heap, "Local variable moved to the heap",
     "Escape analysis found that a local variable outlives its function's stack frame (its "
     "address escapes), so the compiler allocates it on the heap.",
     "Keep the address from outliving the call: return the value instead of a pointer, let the "
     "caller supply the storage, or do not store the address in longer-lived data. "
     "`go build -gcflags=-m=2` prints the full flow."},
    {Kind::escapes_to_heap, "Value escapes to the heap",
     "A value (often one converted to an interface, captured by a closure or too large for the "
     "stack) escapes, so creating it allocates on the heap.",
     "On hot paths avoid interface conversions and closures that capture the value: prefer "
     "concrete-typed functions (strconv instead of fmt), reuse buffers, or preallocate."},
    {Kind::does_not_escape, "Value does not escape",
     "Escape analysis proved that the value stays on the stack.",
     "Informational: nothing to change."},
    {Kind::leaking_param, "Parameter leaks",
     "The parameter's value flows to the heap or out of the function, so arguments passed to "
     "it escape at every call site.",
     "If callers pass addresses of locals, consider not retaining the parameter, or copying "
     "what is kept."},
    {Kind::leaking_param_content, "Parameter contents leak",
     "What the parameter points to flows to the heap or out of the function.",
     "Callers' data reachable from this parameter escapes; copy what is retained."},
    {Kind::leaking_param_to_result, "Parameter leaks to a result",
     "The parameter flows to a result: it escapes exactly when the caller's result does.",
     "Informational: escape depends on what callers do with the result."},
    {Kind::can_inline, "Function can be inlined", "The compiler can inline this function.",
     "Informational: nothing to change."},
    {Kind::cannot_inline, "Function cannot be inlined",
     "The compiler will not inline this function; values passed to it cannot benefit from the "
     "caller's escape analysis.",
     "Informational: small hot functions that cannot be inlined may force escapes in callers."},
    {Kind::inlining_call, "Call inlined", "The compiler inlined this call.",
     "Informational: nothing to change."},
    {Kind::devirtualized, "Interface call devirtualized",
     "The compiler replaced an interface method call with a direct call.",
     "Informational: nothing to change."},
    {Kind::other, "Other escape-analysis diagnostic",
     "A compiler diagnostic of the escape-analysis output that has no more specific rule.",
     "See the message; `go build -gcflags=-m=2` prints the context."},
    {Kind::source_pattern, "Allocation-prone source pattern",
     "A construct in the source text that allocates on every execution although the compiler "
     "reports nothing at that line (for example regexp.MustCompile inside a function body).",
     "Hoist the work out of the function (a package-level variable) or cache its result."},
};

constexpr std::string_view kind_rule_prefix = "goescape/";

// "addr-stored-by-callee" / "goescape/moved_to_heap" -> "AddrStoredByCallee" /
// "MovedToHeap": SARIF's `name` is an identifier-like form of the id.
std::string pascal_case(std::string_view id) {
  if (id.starts_with(kind_rule_prefix)) id.remove_prefix(kind_rule_prefix.size());
  std::string out;
  bool upper = true;
  for (char c : id) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      upper = true;
      continue;
    }
    out += (upper && c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out.empty() ? "Rule" : out;
}

const std::vector<std::string> base_tags = {"performance", "escape-analysis"};

Rule pattern_rule(const Pattern& p) {
  Rule rule;
  rule.id = p.id;
  rule.name = pascal_case(p.id);
  rule.short_description = p.title.empty() ? p.id : one_line(p.title);
  rule.full_description = p.description.empty() ? rule.short_description : p.description;
  rule.playbook = p.playbook;
  rule.tags = base_tags;
  if (!p.playbook.empty()) rule.tags.push_back("playbook-" + one_line(p.playbook));

  std::string text = rule.full_description;
  std::string md = markdown_text(rule.full_description) + "\n";
  if (!p.suggestion.empty()) {
    text += "\n\nSuggested rewrite: " + p.suggestion;
    md += "\n**Suggested rewrite:** " + markdown_text(p.suggestion) + "\n";
  }
  if (!p.before.empty()) {
    text += "\n\nBefore:\n" + p.before;
    md += "\n**Before**\n\n" + markdown_code_block(p.before, "go");
  }
  if (!p.after.empty()) {
    text += "\n\nAfter:\n" + p.after;
    md += "\n**After**\n\n" + markdown_code_block(p.after, "go");
  }
  if (!p.when_not.empty()) {
    text += "\n\nWhen not to: " + p.when_not;
    md += "\n**When not to:** " + markdown_text(p.when_not) + "\n";
  }
  if (!p.playbook.empty()) {
    text += fmt::format("\n\nPlaybook: section {} of PLAYBOOK.md.", p.playbook);
    md += fmt::format("\nPlaybook: section {} of PLAYBOOK.md.\n", markdown_text(p.playbook));
  }
  rule.help_text = std::move(text);
  rule.help_markdown = std::move(md);
  return rule;
}

Rule kind_rule(const KindText& k) {
  Rule rule;
  rule.id = fmt::format("{}{}", kind_rule_prefix, kind_name(k.kind));
  rule.name = pascal_case(rule.id);
  rule.short_description = k.short_description;
  rule.full_description = k.full_description;
  rule.help_text = fmt::format("{}\n\n{}", k.full_description, k.help);
  rule.help_markdown = fmt::format("{}\n\n{}\n", k.full_description, k.help);
  rule.tags = base_tags;
  Finding probe;
  probe.kind = k.kind;
  rule.level = finding_level(probe);
  return rule;
}

// A rule for a pattern id the catalog does not hold (a report rendered
// without its catalog): declared so every result's ruleId resolves.
Rule unknown_pattern_rule(const std::string& id) {
  Rule rule;
  rule.id = id;
  rule.name = pascal_case(id);
  rule.short_description = fmt::format("Rewrite pattern {}", one_line(id));
  rule.full_description = "A pattern of the goescape catalog; its description was not loaded.";
  rule.help_text = fmt::format("Run `goescape patterns {}` for its explanation.", one_line(id));
  rule.help_markdown = rule.help_text;
  rule.tags = base_tags;
  return rule;
}

}  // namespace

std::string_view level_name(Level level) {
  switch (level) {
    case Level::note:
      return "note";
    case Level::warning:
      return "warning";
    case Level::error:
      return "error";
  }
  return "warning";
}

std::string rule_id(const Finding& finding) {
  if (finding.pattern && !finding.pattern->empty()) return *finding.pattern;
  return fmt::format("{}{}", kind_rule_prefix, kind_name(finding.kind));
}

const Pattern* find_pattern(const RenderOptions& options, const Finding& finding) {
  if (!options.catalog || !finding.pattern) return nullptr;
  for (const Pattern& p : *options.catalog) {
    if (p.id == *finding.pattern) return &p;
  }
  return nullptr;
}

std::vector<Rule> build_rules(const RenderOptions& options,
                              const std::vector<const Finding*>& findings) {
  std::vector<Rule> rules;
  std::set<std::string> declared;
  const auto add = [&](Rule rule) {
    if (declared.insert(rule.id).second) rules.push_back(std::move(rule));
  };
  if (options.catalog) {
    for (const Pattern& p : *options.catalog) add(pattern_rule(p));
  }
  for (const KindText& k : kind_texts) add(kind_rule(k));
  for (const Finding* f : findings) {
    if (std::string id = rule_id(*f); !declared.contains(id)) add(unknown_pattern_rule(id));
  }
  return rules;
}

Level finding_level(const Finding& finding) {
  return finding.allocates() || finding.kind == Kind::source_pattern ? Level::warning : Level::note;
}

std::vector<const Finding*> annotated_findings(const Report& report, const RenderOptions& options) {
  std::vector<const Finding*> out;
  for (const Finding& f : report.findings) {
    if (options.all || f.allocates() || f.kind == Kind::source_pattern) out.push_back(&f);
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding* a, const Finding* b) {
    return std::forward_as_tuple(a->pos.file, a->pos.line, a->pos.col, rule_id(*a)) <
           std::forward_as_tuple(b->pos.file, b->pos.line, b->pos.col, rule_id(*b));
  });
  return out;
}

bool annotation_priority(const Finding* a, const Finding* b) {
  const auto rank = [](const Finding* f) {
    if (f->allocates()) return f->suggestion ? 0 : 1;
    return f->kind == Kind::source_pattern ? 2 : 3;
  };
  if (rank(a) != rank(b)) return rank(a) < rank(b);
  if (profile_bytes(*a) != profile_bytes(*b)) return profile_bytes(*a) > profile_bytes(*b);
  return std::tie(a->pos.file, a->pos.line, a->pos.col) <
         std::tie(b->pos.file, b->pos.line, b->pos.col);
}

std::int64_t profile_bytes(const Finding& finding) {
  return finding.profile ? finding.profile->alloc_space : 0;
}

std::string short_function(std::string_view function) {
  // Type arguments and receivers may hold import paths of their own; only a
  // slash before the first `[` or `(` belongs to the function's package.
  std::size_t stop = function.find_first_of("[(");
  std::size_t slash = function.substr(0, stop).rfind('/');
  return std::string(slash == std::string_view::npos ? function : function.substr(slash + 1));
}

std::string finding_headline(const RenderOptions& options, const Finding& finding) {
  std::string text;
  if (finding.message && !finding.message->empty()) {
    text = *finding.message;
  } else {
    const Pattern* p = find_pattern(options, finding);
    std::string what = p && !p->title.empty() ? p->title : "source pattern " + rule_id(finding);
    text = finding.expr.empty() ? what : fmt::format("{}: {}", what, finding.expr);
  }
  if (finding.function) text += fmt::format(" (in {})", short_function(*finding.function));
  return text;
}

std::string finding_details(const RenderOptions& options, const Finding& finding) {
  std::string text = finding_headline(options, finding);
  if (finding.allocation && *finding.allocation != Allocation::always) {
    text += fmt::format("\nAllocates: {} ({})", allocation_name(*finding.allocation),
                        finding.allocation_note);
  }
  if (finding.suggestion) text += "\nSuggestion: " + *finding.suggestion;
  if (std::string chain = reason_chain(finding); !chain.empty()) text += "\nWhy: " + chain;
  if (finding.profile && !finding.profile->cold) {
    text += fmt::format("\nProfile: {} bytes in {} objects at this line",
                        finding.profile->alloc_space, finding.profile->alloc_objects);
  }
  return text;
}

const Fix* applicable_fix(const Finding& finding) {
  const auto& fix = finding.fix;
  if (!fix || !finding.suggestion || fix->edits.empty()) return nullptr;
  for (const TextEdit& e : fix->edits) {
    if (e.file.empty() || e.line <= 0 || e.col <= 0 || e.end_line < e.line ||
        (e.end_line == e.line && e.end_col < e.col) || e.end_col <= 0 ||
        valid_utf8(e.text) != e.text || valid_utf8(e.file) != e.file)
      return nullptr;
  }
  return &*fix;
}

int end_byte_column(const Finding& finding) {
  const Position& pos = finding.pos;
  if (pos.col <= 0 || finding.expr.empty() || finding.source_line.empty()) return 0;
  std::string_view line = finding.source_line;
  auto start = static_cast<std::size_t>(pos.col - 1);
  if (start >= line.size() || !line.substr(start).starts_with(finding.expr)) return 0;
  return pos.col + static_cast<int>(finding.expr.size());
}

}  // namespace goescape
