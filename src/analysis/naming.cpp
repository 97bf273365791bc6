#include "analysis/naming.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace goescape {

namespace fs = std::filesystem;

namespace {

// The first segment of a function name, at bracket and parenthesis depth 0:
// "(*LRU[...])" of "(*LRU[...]).Put", "main" of "main.Logging.func7.1".
std::string_view root_segment(std::string_view name) {
  int depth = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && depth > 0) --depth;
    if (c == '.' && depth == 0 && i > 0) return name.substr(0, i);
  }
  return name;
}

// `pkg/mod/example.com/x@v1.2.3/sub` -> `example.com/x/sub`: the version
// dropped, `!x` (the module cache's escape of an upper-case letter) -> `X`.
std::string decode_module_cache_dir(std::string_view rest) {
  std::string out;
  bool in_version = false;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (c == '/') in_version = false;
    if (c == '@') in_version = true;
    if (in_version) continue;
    if (c == '!' && i + 1 < rest.size()) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(rest[++i])));
      continue;
    }
    out += c;
  }
  return out;
}

// Inlining verdicts are about a function's code: printed at a function
// literal's `func`, they are about the literal (`can inline F.func1`), not
// about the enclosing function that evaluates it.
bool about_function_code(const Finding& f) {
  return f.kind == Kind::can_inline || f.kind == Kind::cannot_inline;
}

}  // namespace

std::string symbol_prefix(std::string_view import_path) {
  const std::size_t slash = import_path.rfind('/');
  std::string out;
  out.reserve(import_path.size());
  for (std::size_t i = 0; i < import_path.size(); ++i) {
    const auto c = static_cast<unsigned char>(import_path[i]);
    const bool last_element = slash == std::string_view::npos || i > slash;
    if (c <= ' ' || (c == '.' && last_element) || c == '%' || c == '"' || c >= 0x7f) {
      static constexpr char hex[] = "0123456789abcdef";
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string import_path_of_file(std::string_view absolute_path, std::string_view block,
                                const AnalysisContext& ctx) {
  if (absolute_path.empty() || absolute_path.front() != '/') return {};
  const std::string_view dir = absolute_path.substr(0, absolute_path.rfind('/'));
  // A directory named after the block's package: the file is the block's.
  // Under a `src/` directory that also teaches where other packages' paths
  // start (GOROOT/src, a GOPATH), for the files of inlined or generic code.
  for (std::string_view path : {block, std::string_view(block).substr(0, block.rfind("_test"))}) {
    if (path.empty() || dir.size() <= path.size() || !dir.ends_with(path) ||
        dir[dir.size() - path.size() - 1] != '/')
      continue;
    std::string_view root = dir.substr(0, dir.size() - path.size());
    if (root.ends_with("/src/") &&
        std::find(ctx.source_roots.begin(), ctx.source_roots.end(), root) == ctx.source_roots.end())
      ctx.source_roots.emplace_back(root);
    return std::string(block);
  }
  for (const std::string& root : ctx.source_roots) {
    if (!dir.starts_with(root)) continue;
    std::string_view rel = dir.substr(root.size());
    // cmd's vendored packages are imported without the vendor/ prefix
    // (std's own vendor/ packages keep it in their import paths).
    if (rel.starts_with("cmd/vendor/")) rel.remove_prefix(11);
    return std::string(rel);
  }
  // A GOROOT on this disk: a `src` directory with the runtime in it.
  for (auto at = dir.rfind("/src/"); at != std::string_view::npos && at > 0;
       at = dir.rfind("/src/", at - 1)) {
    const std::string root(dir.substr(0, at + 5));
    std::error_code ec;
    if (!fs::is_directory(root + "runtime", ec)) continue;
    ctx.source_roots.push_back(root);
    return import_path_of_file(absolute_path, block, ctx);
  }
  if (auto at = dir.find("/pkg/mod/"); at != std::string_view::npos) {
    std::string_view rest = dir.substr(at + 9);
    // A toolchain from the module cache is a GOROOT: its src/ holds std.
    if (rest.starts_with("golang.org/toolchain@")) {
      auto src = rest.find("/src/");
      return src == std::string_view::npos ? std::string() : std::string(rest.substr(src + 5));
    }
    if (!rest.starts_with("cache/")) return decode_module_cache_dir(rest);
  }
  return {};
}

FunctionNamer::FunctionNamer(const AnalysisContext& ctx, std::string block)
    : ctx_(ctx), block_(std::move(block)) {
  const GoPackage* package = ctx_.package(block_);
  if ((package && package->name == "main") || block_.ends_with(".test")) {
    block_prefix_ = "main";  // a command, or the generated test main
  } else if (const FactsIndex* facts = package ? nullptr : ctx_.facts_for(block_);
             facts && facts->facts().name == "main") {
    block_prefix_ = "main";
  } else {
    block_prefix_ = symbol_prefix(block_);
  }
}

FunctionNamer::FileInfo& FunctionNamer::info(const std::string& file) {
  auto it = files_.find(file);
  if (it != files_.end()) return it->second;
  FileInfo i;
  if (!file.empty() && file.front() != '<' && file.find('\\') == std::string::npos) {
    fs::path path(file);
    i.absolute =
        (path.is_absolute() ? path : fs::path(ctx_.root) / path).lexically_normal().string();
    i.facts = ctx_.facts_for_file(i.absolute, block_);
    if (i.facts) {
      const PackageFacts& facts = i.facts.index->facts();
      i.import_path = facts.import_path;
      i.prefix = facts.name == "main" ? "main" : symbol_prefix(facts.import_path);
    } else if (const GoPackage* package =
                   ctx_.package_in_dir(fs::path(i.absolute).parent_path().string())) {
      i.import_path = package->import_path;
      i.prefix = package->name == "main" ? "main" : symbol_prefix(package->import_path);
      // `p_test` files share the directory of `p`: their clause tells.
      ctx_.sources.load_package(*package, ctx_.tests);
      i.scanned = true;
      i.source = ctx_.sources.get(i.absolute);
      if (i.source && i.source->package_name != package->name &&
          i.source->package_name.ends_with("_test"))
        i.prefix = symbol_prefix(package->import_path + "_test");
    } else {
      i.import_path = import_path_of_file(i.absolute, block_, ctx_);
      i.prefix = i.import_path.empty() || i.import_path == block_ ? block_prefix_
                                                                  : symbol_prefix(i.import_path);
    }
  }
  return files_.emplace(file, std::move(i)).first->second;
}

const GoSourceFile* FunctionNamer::source(const std::string& file) {
  FileInfo& i = info(file);
  if (!i.scanned && !i.absolute.empty() && i.absolute.ends_with(".go")) {
    i.source = ctx_.sources.get(i.absolute);
    i.scanned = true;
  }
  return i.source;
}

const std::string& FunctionNamer::prefix(const std::string& file) { return info(file).prefix; }

std::optional<std::string> FunctionNamer::name(const Finding& f) {
  if (f.pos.line <= 0) return std::nullopt;
  FileInfo& file = info(f.pos.file);
  if (!f.log_function.empty()) return from_log(f, file);
  if (file.facts) return from_facts(f, file);
  return from_source(f, file);
}

std::string FunctionNamer::from_log(const Finding& f, FileInfo& file) {
  std::string key = file.absolute + '\0' + f.log_function;
  if (auto it = log_names_.find(key); it != log_names_.end()) return it->second;
  const std::string collapsed = collapse_type_arguments(f.log_function);
  const std::string& own = file.prefix.empty() ? block_prefix_ : file.prefix;
  std::string prefix = own;
  if (own != block_prefix_) {
    // Code of another package compiled here: a generic instantiated here
    // belongs to the package that declares it (`slices.Clone[...]`); a
    // closure inlined from there is a function of this package, named after
    // the function it was inlined into (`main.main.Logging.func1`). The
    // package that declares the name's first segment decides; without
    // facts, type arguments in it mean the generic.
    const std::string_view root = root_segment(collapsed);
    const FactsIndex* block_facts = ctx_.facts_for(block_);
    if (file.facts && file.facts.index->declares(own + "." + std::string(root))) {
      prefix = own;
    } else if (block_facts && block_facts->declares(block_prefix_ + "." + std::string(root))) {
      prefix = block_prefix_;
    } else if (root.find('[') == std::string_view::npos) {
      prefix = block_prefix_;
    }
  }
  std::string name = prefix.empty() ? collapsed : prefix + "." + collapsed;
  log_names_.emplace(std::move(key), name);
  return name;
}

std::optional<std::string> FunctionNamer::from_facts(const Finding& f, const FileInfo& file) {
  const FactsIndex& index = *file.facts.index;
  const PackageFacts& facts = index.facts();
  const bool code_verdict = about_function_code(f);
  // The site at the compiler's position knows the function that evaluates it
  // (a func literal's is the enclosing one).
  if (!code_verdict) {
    for (const FactSite* site : index.sites_at(file.facts.file, f.pos.line, f.pos.col)) {
      if (const FactFunction* fn = facts.function(site->function))
        return std::string(facts.text(fn->name));
    }
  }
  if (const FactFunction* fn =
          index.function_at(file.facts.file, f.pos.line, f.pos.col, code_verdict))
    return std::string(facts.text(fn->name));
  if (const FactFunction* init = index.package_init()) return std::string(facts.text(init->name));
  return file.prefix + ".init";
}

std::optional<std::string> FunctionNamer::from_source(const Finding& f, FileInfo& file) {
  const GoSourceFile* src = source(f.pos.file);
  if (!src) return std::nullopt;
  const GoFunc* fn = src->innermost_at(f.pos.line, f.pos.col);
  if (fn) {
    const bool literal_itself = fn->is_literal && fn->begin.line == f.pos.line &&
                                fn->begin.col == f.pos.col && !about_function_code(f);
    const bool range_clause = fn->kind == GoFuncKind::range_body && fn->begin.line == f.pos.line;
    // Evaluated by the enclosing function: at package level, the initialisation.
    if (literal_itself || range_clause)
      fn = fn->parent >= 0 ? &src->funcs[static_cast<std::size_t>(fn->parent)] : nullptr;
  }
  const std::string& prefix = file.prefix.empty() ? block_prefix_ : file.prefix;
  if (!fn) return prefix + ".init";  // package-level initialisation
  return prefix + "." + fn->name;
}

}  // namespace goescape
