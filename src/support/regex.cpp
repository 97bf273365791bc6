#include "support/regex.hpp"

#include <re2/re2.h>

namespace goescape {

Regex::Regex(std::string_view pattern) : pattern_(pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_encoding(RE2::Options::EncodingUTF8);
  re_ = std::make_unique<re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re_->ok()) error_ = re_->error();
}

Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

bool Regex::ok() const { return re_ && re_->ok(); }

bool Regex::search(std::string_view text) const {
  return ok() && RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

bool Regex::full_match(std::string_view text) const {
  return ok() && RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

std::optional<std::vector<std::optional<std::string_view>>> Regex::capture(
    std::string_view text) const {
  if (!ok()) return std::nullopt;
  const int groups = re_->NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> pieces(static_cast<std::size_t>(groups));
  re2::StringPiece input(text.data(), text.size());
  if (!re_->Match(input, 0, input.size(), RE2::UNANCHORED, pieces.data(), groups))
    return std::nullopt;
  std::vector<std::optional<std::string_view>> out;
  out.reserve(pieces.size());
  for (const auto& piece : pieces) {
    if (piece.data() == nullptr) {
      out.emplace_back(std::nullopt);
    } else {
      out.emplace_back(std::string_view(piece.data(), piece.size()));
    }
  }
  return out;
}

int Regex::group_index(std::string_view name) const {
  if (!ok()) return -1;
  const auto& names = re_->NamedCapturingGroups();
  auto it = names.find(std::string(name));
  return it == names.end() ? -1 : it->second;
}

int Regex::group_count() const { return ok() ? re_->NumberOfCapturingGroups() : 0; }

}  // namespace goescape
