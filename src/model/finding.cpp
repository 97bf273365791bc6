#include "model/finding.hpp"

namespace goescape {

std::string_view allocation_name(Allocation a) {
  switch (a) {
    case Allocation::always:
      return "always";
    case Allocation::sometimes:
      return "sometimes";
    case Allocation::never:
      return "never";
  }
  return "always";
}

std::optional<Allocation> allocation_from_name(std::string_view name) {
  for (Allocation a : {Allocation::always, Allocation::sometimes, Allocation::never})
    if (allocation_name(a) == name) return a;
  return std::nullopt;
}

}  // namespace goescape
