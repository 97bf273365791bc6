// How the reports a person reads (text, markdown, html) lay findings out:
// which findings the details show, how they group into one block per site
// (the allocating findings of one line of one function; the inlined copies
// of one allocation of the module's code, once, at their source), how blocks
// group by function, cold code after the rest, and text widths.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/finding.hpp"
#include "model/overview.hpp"

namespace goescape {

// Columns `text` takes on a terminal: its code points (each counted 1).
std::size_t display_width(std::string_view text);

// `text` cut to at most `width` columns, ending in "…" when cut.
std::string fit_width(std::string_view text, std::size_t width);

// `text` with its ", "-separated items after the first `keep` replaced by
// "… (N more)": a list that names a few and counts the rest.
std::string list_some(const std::vector<std::string>& items, std::size_t keep);

// "file.go:12:5", or "file.go:12" without a column.
std::string position_text(const Position& pos);

// An estimated weight (OverviewSite::per_call): "150", "2.5", "0.05".
std::string per_call_text(double per_call);

// What an estimated weight means, in one line (the overview's legend).
inline constexpr std::string_view estimate_legend =
    "estimated allocations per call of the function: 1 each (½ if only sometimes), ×10 per "
    "enclosing loop, ÷100 on an error or panic path";

// Whether the details show `f`: allocating heap findings and source
// patterns; with `all` every finding (escapes that allocate nothing too).
bool shown_in_details(const Finding& f, bool all);

// One site as the details show it.
struct SiteBlock {
  Position pos;          // the line (col: the first finding's); an inlined body: its callee's line
  std::string function;  // the function heading it goes under
  std::vector<const Finding*> findings;        // by column
  const InlinedSites* inlined = nullptr;       // set for an inlined body shown at its source
  std::vector<Position> alike;                 // blocks folded into this one (fold_alike_blocks)
  std::vector<const Finding*> alike_findings;  // their findings
};

// The findings of one function heading, blocks by line.
struct FunctionBlocks {
  std::string function;  // "(outside any function)" when unknown
  std::vector<SiteBlock> blocks;
  int allocations = 0;  // allocating findings in the blocks
  std::int64_t bytes = 0;
};

// The blocks of `findings` (of one package, all shown), grouped by function,
// heaviest function first (profile bytes, then allocations), blocks by
// position. With `one_per_finding` each finding is a block of its own;
// otherwise the allocating findings of one line of one function are one
// block, and an inlined copy whose group `overview` knows is shown once, at
// its source, under its callee: the first time a member is met (`shown`
// remembers the groups already shown), never again.
std::vector<FunctionBlocks> function_blocks(const std::vector<const Finding*>& findings,
                                            const Overview* overview, bool one_per_finding,
                                            std::set<std::string>& shown);

// Folds the blocks of one function that allocate the same expressions (the
// appends of an append-style function, the same literal built on several
// paths), with no suggestion and no profile figures, into the first of them,
// which lists the others' positions and keeps their findings for their
// reason chains.
void fold_alike_blocks(FunctionBlocks& function);

// "lines 12, 14, … (3 more)" for positions in `file`, else "a.go:12, b.go:3".
std::string positions_text(const std::vector<Position>& positions, const std::string& file,
                           std::size_t keep);

// The first line of a block: the compiler's message for one finding; for
// several, each allocating expression once ("moved to heap: x; a, b escape
// to heap").
std::string block_headline(const SiteBlock& block);

}  // namespace goescape
