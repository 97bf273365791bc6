#include "model/text_edit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace goescape {

namespace {

using Point = std::pair<int, int>;  // (line, col)

Point start_of(const TextEdit& e) { return {e.line, e.col}; }
Point end_of(const TextEdit& e) { return {e.end_line, e.end_col}; }

int newlines(std::string_view text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

// Byte offsets of each line's first byte (line 1 at index 0), plus the end.
std::vector<std::size_t> line_starts(std::string_view text) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts.push_back(i + 1);
  return starts;
}

// The offset of (line, col), or npos when it is not in the text: a column
// may point at the line end (one past its last byte), not beyond.
std::size_t offset_of(const std::vector<std::size_t>& starts, std::string_view text, int line,
                      int col) {
  if (line < 1 || col < 1 || static_cast<std::size_t>(line) > starts.size())
    return std::string_view::npos;
  const std::size_t begin = starts[static_cast<std::size_t>(line - 1)];
  std::size_t end = static_cast<std::size_t>(line) < starts.size()
                        ? starts[static_cast<std::size_t>(line)] - 1  // the '\n'
                        : text.size();
  const std::size_t at = begin + static_cast<std::size_t>(col - 1);
  return at <= end ? at : std::string_view::npos;
}

}  // namespace

bool edits_overlap(const TextEdit& a, const TextEdit& b) {
  if (a.file != b.file) return false;
  const bool a_insert = start_of(a) == end_of(a);
  const bool b_insert = start_of(b) == end_of(b);
  if (a_insert && b_insert) return false;
  if (a_insert) return start_of(b) < start_of(a) && start_of(a) < end_of(b);
  if (b_insert) return start_of(a) < start_of(b) && start_of(b) < end_of(a);
  return start_of(a) < end_of(b) && start_of(b) < end_of(a);
}

Result<std::string> apply_edits(std::string_view text, std::vector<TextEdit> edits) {
  // Identical edits (the same insertion asked for by two fixes) apply once.
  std::vector<TextEdit> unique;
  for (TextEdit& e : edits)
    if (std::find(unique.begin(), unique.end(), e) == unique.end()) unique.push_back(std::move(e));
  const std::vector<std::size_t> starts = line_starts(text);
  struct Placed {
    std::size_t begin, end;
    std::size_t order;
    const TextEdit* edit;
  };
  std::vector<Placed> placed;
  for (std::size_t i = 0; i < unique.size(); ++i) {
    const TextEdit& e = unique[i];
    const std::size_t begin = offset_of(starts, text, e.line, e.col);
    const std::size_t end = offset_of(starts, text, e.end_line, e.end_col);
    if (begin == std::string_view::npos || end == std::string_view::npos || end < begin)
      return Error{
          fmt::format("{}:{}:{}: the edit lies outside the file's text", e.file, e.line, e.col),
          ExitCode::usage};
    placed.push_back({begin, end, i, &e});
  }
  std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
    return std::tie(a.begin, a.end, a.order) < std::tie(b.begin, b.end, b.order);
  });
  std::string out;
  out.reserve(text.size() + 256);
  std::size_t at = 0;
  for (const Placed& p : placed) {
    if (p.begin < at)
      return Error{fmt::format("{}:{}:{}: the edit overlaps another", p.edit->file, p.edit->line,
                               p.edit->col),
                   ExitCode::usage};
    out.append(text.substr(at, p.begin - at));
    out += p.edit->text;
    at = p.end;
  }
  out.append(text.substr(at));
  return out;
}

std::pair<int, int> edited_lines(const TextEdit& edit, const std::vector<TextEdit>& all) {
  // Lines added before the edit by the edits that precede it.
  int shift = 0;
  std::vector<const TextEdit*> seen;
  for (const TextEdit& other : all) {
    if (other.file != edit.file || other == edit) continue;
    if (std::any_of(seen.begin(), seen.end(), [&](const TextEdit* s) { return *s == other; }))
      continue;
    seen.push_back(&other);
    if (end_of(other) <= start_of(edit) && !(start_of(other) == start_of(edit)))
      shift += newlines(other.text) - (other.end_line - other.line);
    else if (start_of(other) == start_of(edit) && start_of(other) == end_of(other) &&
             &other < &edit)
      shift += newlines(other.text);  // an earlier insertion at the same place
  }
  const int first = edit.line + shift;
  int lines = newlines(edit.text);
  if (!edit.text.empty() && edit.text.back() == '\n' && edit.col == 1) --lines;
  return {first, first + std::max(lines, 0)};
}

int moved_line(int line, const std::vector<TextEdit>& edits) {
  int shift = 0;
  std::vector<const TextEdit*> seen;
  for (const TextEdit& e : edits) {
    if (start_of(e) > Point{line, 1}) continue;
    if (std::any_of(seen.begin(), seen.end(), [&](const TextEdit* s) { return *s == e; })) continue;
    seen.push_back(&e);
    shift += newlines(e.text) - (e.end_line - e.line);
  }
  return line + shift;
}

std::pair<int, int> replaced_lines(const TextEdit& edit) {
  if (start_of(edit) == end_of(edit) && edit.col == 1 && !edit.text.empty() &&
      edit.text.back() == '\n')
    return {edit.line, edit.line - 1};
  return {edit.line, edit.end_line};
}

}  // namespace goescape
