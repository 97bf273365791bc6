// The rule model SARIF defines, shared by every annotation format (SARIF,
// workflow commands, reviewdog, GitLab, Checkstyle, Markdown): which rule a
// finding reports under, its severity, the one message reviewers read, and
// which findings an annotation format shows, in which order.
//
// Rule ids are stable: a catalog pattern's id (pattern ids never change
// meaning), else "goescape/" + the kind's JSON name for findings no pattern
// matched. Every format uses the same id, so a finding is named the same way
// in the Security tab, a review comment and the GitLab widget.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/pattern.hpp"
#include "model/finding.hpp"
#include "output/renderer.hpp"

namespace goescape {

// Severity on the scale every annotation format has (SARIF level names).
enum class Level { note, warning, error };

// "note", "warning" or "error".
std::string_view level_name(Level level);

// The reporting descriptor of one rule, formatted for no particular syntax:
// text fields are plain text (help_markdown is Markdown).
struct Rule {
  std::string id;
  std::string name;               // PascalCase form of the id
  std::string short_description;  // one line
  std::string full_description;   // a paragraph
  std::string help_text;          // plain text, several lines
  std::string help_markdown;      // the same with the before/after as Go code
  std::string playbook;           // PLAYBOOK.md section, or empty
  std::vector<std::string> tags;  // at most 20 (GitHub's limit)
  Level level = Level::warning;   // default level
};

// The rule id a finding reports under (see the header comment).
std::string rule_id(const Finding& finding);

// The catalog pattern `finding` matched, or nullptr (no catalog, no pattern,
// or an id the catalog does not hold).
const Pattern* find_pattern(const RenderOptions& options, const Finding& finding);

// One rule per catalog pattern (catalog order), then one per kind (kind
// order), then one for each pattern id among `findings` that the catalog
// lacks, so every rule_id() of `findings` is declared exactly once.
std::vector<Rule> build_rules(const RenderOptions& options,
                              const std::vector<const Finding*>& findings);

// The level a finding is reported at: heap allocations and source patterns
// are warnings, everything else (advisory kinds, escapes that never
// allocate) a note.
Level finding_level(const Finding& finding);

// The findings an annotation format shows: heap allocations (escapes that
// allocate: Finding::allocates) and source patterns, or every finding with
// `options.all` (as the text format). Sorted
// by file, line, column, rule id, so output is deterministic.
std::vector<const Finding*> annotated_findings(const Report& report, const RenderOptions& options);

// Orders findings by what a reviewer should see first when only a few fit:
// heap allocations with a suggestion, then other heap allocations, then the
// rest; heaviest (profile bytes) first within each; then position.
bool annotation_priority(const Finding* a, const Finding* b);

// Bytes the heap profile attributes to the finding's line; 0 without one.
std::int64_t profile_bytes(const Finding& finding);

// The function name without its import path: "cache.(*LRU).Add.func1".
std::string short_function(std::string_view function);

// The first line a reviewer reads: the compiler's text verbatim, or for a
// source pattern its title and expression; then " (in FUNC)" when known.
// Raw text: each format escapes it.
std::string finding_headline(const RenderOptions& options, const Finding& finding);

// The headline, then on following lines whether it allocates (when not
// always), the suggestion, the reason chain and the profile figures, each
// present only when the finding has it.
std::string finding_details(const RenderOptions& options, const Finding& finding);

// The 1-based exclusive end byte column of the finding's expression, when its
// source line shows the expression at `pos.col`; 0 when that is unknown.
int end_byte_column(const Finding& finding);

// The finding's fix (Finding::fix) when a format can offer it: with a
// suggestion, and every edit a well-formed range of a named file with valid
// UTF-8 text; null otherwise.
const Fix* applicable_fix(const Finding& finding);

}  // namespace goescape
