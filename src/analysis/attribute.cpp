// attribute: which Go function each finding belongs to, named as the runtime
// and pprof name it, and - when the compiler reports an inlined callee's
// allocation at the call site - which callee it came from.
#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "analysis/naming.hpp"
#include "analysis/stages.hpp"

namespace goescape {

namespace fs = std::filesystem;

namespace {

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// "sub" for "sub.New" / "sub.(*T).M"; empty for "newT", "(*T).M", "T.M" (a
// method of this package looks like "T.M": callers check the package list).
std::string qualifier(std::string_view name) {
  std::size_t i = 0;
  while (i < name.size() && is_ident_char(name[i])) ++i;
  if (i == 0 || i >= name.size() || name[i] != '.') return {};
  return std::string(name.substr(0, i));
}

// The first identifier-like token of an expression as the compiler prints it
// ("&Box{...}" -> "Box", "make([]int, n)" -> "make", "x" -> "x").
std::string_view leading_token(std::string_view expr) {
  std::size_t i = 0;
  while (i < expr.size() && !is_ident_char(expr[i]) && expr[i] != '"') ++i;
  std::size_t j = i;
  while (j < expr.size() && is_ident_char(expr[j])) ++j;
  return expr.substr(i, j - i);
}

// Whether `expr` is visibly written on `line`: if not, the compiler printed an
// inlined callee's expression at the call site.
bool written_on_line(std::string_view expr, std::string_view line) {
  if (expr == "... argument" || expr == "func literal" || expr == "append") return true;
  if (expr.size() > 1 && expr.front() == '"') {
    // A string constant: the compiler may truncate it ("...), so compare a prefix.
    std::string_view text = expr.substr(1, 24);
    if (auto quote = text.find('"'); quote != std::string_view::npos) text = text.substr(0, quote);
    return line.find(text) != std::string_view::npos;
  }
  std::string_view token = leading_token(expr);
  if (token.empty()) return true;  // literals and operators: cannot tell, assume yes
  return line.find(token) != std::string_view::npos;
}

// "WriteString" for "strings.(*Builder).WriteString", "New" for "sub.New[...]".
std::string_view short_name(std::string_view name) {
  if (auto bracket = name.find('['); bracket != std::string_view::npos)
    name = name.substr(0, bracket);
  if (auto dot = name.find_last_of('.'); dot != std::string_view::npos) name.remove_prefix(dot + 1);
  return name;
}

// Of the calls inlined at one position (the call written on the line, then
// what the compiler inlined into it), the one the line names: what a reader
// can see. The first printed when none is named.
const std::string* outermost_callee(const std::vector<const std::string*>& callees,
                                    std::string_view line) {
  for (const std::string* c : callees) {
    std::string_view name = short_name(*c);
    if (!name.empty() && line.find(name) != std::string_view::npos) return c;
  }
  return callees.front();
}

class Attributor {
 public:
  Attributor(const AnalysisContext& ctx, PackageResult& result)
      : ctx_(ctx), result_(result), namer_(ctx, result.package) {
    for (const Finding& f : result.findings) {
      if (f.kind == Kind::inlining_call) inlined_at_[{f.pos.line, f.pos.col}].push_back(&f);
    }
  }

  void run() {
    for (Finding& f : result_.findings) attribute_one(f);
  }

 private:
  void attribute_one(Finding& f) {
    if (f.pos.line <= 0) return;
    f.function = namer_.name(f);
    // Only the code under the root is the user's: files elsewhere (GOROOT,
    // the module cache) stay absolute after resolve_positions; their text is
    // never shown or matched.
    const bool own = !f.pos.file.empty() && f.pos.file.front() != '<' && f.pos.file.front() != '/';
    const GoSourceFile* source = own ? namer_.source(f.pos.file) : nullptr;
    if (source) f.source_line = std::string(source->line_text(f.pos.line));
    if (f.kind == Kind::inlining_call) return;
    auto it = inlined_at_.find({f.pos.line, f.pos.col});
    if (it == inlined_at_.end()) return;
    std::vector<const std::string*> callees;
    for (const Finding* call : it->second)
      if (call->printed_file == f.printed_file) callees.push_back(&call->expr);
    if (callees.empty()) return;
    const std::string name_qualifier = f.kind == Kind::moved_to_heap ? qualifier(f.expr) : "";
    const std::string* callee = nullptr;
    if (!name_qualifier.empty()) {
      // `moved to heap: sub.v`: the callee of package sub that was inlined here.
      for (const std::string* c : callees)
        if (qualifier(*c) == name_qualifier) callee = c;
    } else if (source && !written_on_line(f.expr, f.source_line)) {
      callee = outermost_callee(callees, f.source_line);
    }
    if (callee) f.inlined_from = describe(*callee, namer_.prefix(f.pos.file));
  }

  // The runtime name of a callee as `inlining call to` prints it, and where
  // it is declared when that is in the module.
  InlinedFrom describe(const std::string& printed, const std::string& caller_prefix) {
    InlinedFrom out{printed, "", 0};
    std::string q = qualifier(printed);
    const GoPackage* package = nullptr;
    std::string local = printed;
    if (!q.empty()) {
      for (const auto& [path, p] : ctx_.packages) {
        if (p.name == q) {
          package = &p;
          break;
        }
      }
      if (package) local = printed.substr(q.size() + 1);
    }
    if (!package) {
      if (!q.empty()) return out;  // another module or the standard library
      package = ctx_.package(result_.package);
      out.function = caller_prefix.empty() ? printed : fmt::format("{}.{}", caller_prefix, printed);
    } else {
      out.function =
          fmt::format("{}.{}", package->name == "main" ? "main" : package->import_path, local);
    }
    if (!package) return out;
    // Compare without type arguments: the compiler prints F[go.shape.int].
    auto strip = [](std::string_view s) {
      std::string r;
      int depth = 0;
      for (char c : s) {
        if (c == '[') ++depth;
        if (depth == 0) r += c;
        if (c == ']' && depth > 0) --depth;
      }
      return r;
    };
    const std::string wanted = strip(local);
    for (const std::string& base : package->files) {
      fs::path file = fs::path(package->dir) / base;
      const GoSourceFile* src = ctx_.sources.get(file.string());
      if (!src) continue;
      for (const GoFunc& fn : src->funcs) {
        if (strip(fn.name) == wanted) {
          fs::path rel = file.lexically_relative(ctx_.root);
          out.file =
              (!rel.empty() && *rel.begin() != "..") ? rel.generic_string() : file.generic_string();
          out.line = fn.begin.line;
          return out;
        }
      }
    }
    return out;
  }

  const AnalysisContext& ctx_;
  PackageResult& result_;
  FunctionNamer namer_;
  std::map<std::pair<int, int>, std::vector<const Finding*>> inlined_at_;
};

}  // namespace

void attribute(PackageResult& result, const AnalysisContext& ctx) { Attributor(ctx, result).run(); }

}  // namespace goescape
