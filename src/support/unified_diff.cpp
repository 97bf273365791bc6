// Myers' O((N+M)D) difference algorithm over lines, after the common head
// and tail are set aside: fixes change a few lines of a file, so D is small
// and a large file costs little more than comparing it once.
#include "support/unified_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace goescape {

namespace {

struct Line {
  std::string_view text;  // without '\n'
  bool newline = true;    // followed by '\n' in the file
};

std::vector<Line> lines_of(std::string_view text) {
  std::vector<Line> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      out.push_back({text.substr(start), false});
      break;
    }
    out.push_back({text.substr(start, end - start), true});
    start = end + 1;
  }
  return out;
}

bool same(const Line& a, const Line& b) { return a.text == b.text && a.newline == b.newline; }

enum class Op { keep, remove, add };

// The edit script between a[0, n) and b[0, m): Myers' greedy forward search,
// keeping each round's frontier for the walk back.
std::vector<Op> script(const std::vector<Line>& a, const std::vector<Line>& b) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  const int max = n + m;
  const int offset = max + 1;
  std::vector<int> v(static_cast<std::size_t>(2 * max + 3), 0);
  std::vector<std::vector<int>> trace;
  int found = -1;
  for (int d = 0; d <= max && found < 0; ++d) {
    trace.push_back(v);
    for (int k = -d; k <= d; k += 2) {
      int x;
      if (k == -d || (k != d && v[static_cast<std::size_t>(offset + k - 1)] <
                                    v[static_cast<std::size_t>(offset + k + 1)]))
        x = v[static_cast<std::size_t>(offset + k + 1)];
      else
        x = v[static_cast<std::size_t>(offset + k - 1)] + 1;
      int y = x - k;
      while (x < n && y < m && same(a[static_cast<std::size_t>(x)], b[static_cast<std::size_t>(y)]))
        ++x, ++y;
      v[static_cast<std::size_t>(offset + k)] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  trace.push_back(v);
  // Walk back from (n, m) through the saved frontiers.
  std::vector<Op> ops;
  int x = n, y = m;
  for (int d = found; d > 0; --d) {
    const std::vector<int>& prev = trace[static_cast<std::size_t>(d)];
    const int k = x - y;
    int prev_k;
    if (k == -d || (k != d && prev[static_cast<std::size_t>(offset + k - 1)] <
                                  prev[static_cast<std::size_t>(offset + k + 1)]))
      prev_k = k + 1;
    else
      prev_k = k - 1;
    const int prev_x = prev[static_cast<std::size_t>(offset + prev_k)];
    const int prev_y = prev_x - prev_k;
    while (x > prev_x && y > prev_y) {
      ops.push_back(Op::keep);
      --x, --y;
    }
    ops.push_back(x == prev_x ? Op::add : Op::remove);
    x = prev_x;
    y = prev_y;
  }
  while (x > 0 && y > 0) {
    ops.push_back(Op::keep);
    --x, --y;
  }
  std::reverse(ops.begin(), ops.end());
  return ops;
}

void print_line(std::string& out, char mark, const Line& line) {
  out += mark;
  out.append(line.text);
  out += '\n';
  if (!line.newline) out += "\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(std::string_view path, std::string_view before, std::string_view after,
                         int context) {
  const std::vector<Line> a = lines_of(before);
  const std::vector<Line> b = lines_of(after);
  // The common head and tail need no search.
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && same(a[head], b[head])) ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         same(a[a.size() - 1 - tail], b[b.size() - 1 - tail]))
    ++tail;
  if (head == a.size() && head == b.size()) return {};
  const std::vector<Line> mid_a(a.begin() + static_cast<long>(head),
                                a.end() - static_cast<long>(tail));
  const std::vector<Line> mid_b(b.begin() + static_cast<long>(head),
                                b.end() - static_cast<long>(tail));
  std::vector<Op> ops(head, Op::keep);
  const std::vector<Op> middle = script(mid_a, mid_b);
  ops.insert(ops.end(), middle.begin(), middle.end());
  ops.insert(ops.end(), tail, Op::keep);

  std::string out = fmt::format("--- a/{0}\n+++ b/{0}\n", path);
  // Hunks: runs of changes with their context, merged when close.
  std::size_t i = 0;
  const auto ctx = static_cast<std::size_t>(std::max(context, 0));
  std::size_t ai = 0, bi = 0;  // lines of a and b before ops[i]
  while (i < ops.size()) {
    if (ops[i] == Op::keep) {
      ++ai, ++bi, ++i;
      continue;
    }
    // A hunk starts `ctx` lines before this change.
    const std::size_t back = std::min({ctx, ai, bi});
    std::size_t start = i - back;
    std::size_t a_start = ai - back, b_start = bi - back;
    std::size_t end = i;  // one past the last op of the hunk
    std::size_t keeps = 0;
    for (std::size_t j = i; j < ops.size(); ++j) {
      if (ops[j] == Op::keep) {
        if (++keeps > 2 * ctx) break;
      } else {
        keeps = 0;
        end = j + 1;
      }
    }
    end = std::min(ops.size(), end + ctx);
    std::string body;
    std::size_t x = a_start, y = b_start, a_count = 0, b_count = 0;
    for (std::size_t j = start; j < end; ++j) {
      switch (ops[j]) {
        case Op::keep:
          print_line(body, ' ', a[x++]);
          ++y, ++a_count, ++b_count;
          break;
        case Op::remove:
          print_line(body, '-', a[x++]);
          ++a_count;
          break;
        case Op::add:
          print_line(body, '+', b[y++]);
          ++b_count;
          break;
      }
    }
    const auto range = [](std::size_t first, std::size_t count) {
      // diff -u: a hunk that adds to an empty range names the line before it.
      const std::size_t shown = count == 0 ? first : first + 1;
      return count == 1 ? fmt::format("{}", shown) : fmt::format("{},{}", shown, count);
    };
    out += fmt::format("@@ -{} +{} @@\n", range(a_start, a_count), range(b_start, b_count));
    out += body;
    ai = x, bi = y, i = end;
  }
  return out;
}

}  // namespace goescape
