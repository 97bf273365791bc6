# Shared by scripts/run and scripts/test: install what the build needs (when
# we can), then configure and build. Sourced, not executed.

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${GOESCAPE_BUILD_DIR:-$repo_root/build}

# Debian packages the build needs, and a file each one provides.
build_packages=(
  "cmake:/usr/bin/cmake"
  "ninja-build:/usr/bin/ninja"
  "g++:/usr/bin/g++"
  "pkg-config:/usr/bin/pkg-config"
  "libre2-dev:/usr/include/re2/re2.h"
  "libcli11-dev:/usr/include/CLI/CLI.hpp"
  "libfmt-dev:/usr/include/fmt/format.h"
  "nlohmann-json3-dev:/usr/include/nlohmann/json.hpp"
  "catch2:/usr/include/catch2/catch.hpp"
)

# install_missing PKG:FILE... : apt-get installs the packages whose file is
# missing. Without root or apt, says what to install and fails.
install_missing() {
  local missing=() entry
  for entry in "$@"; do
    [ -e "${entry#*:}" ] || missing+=("${entry%%:*}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; fi
  fi
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; }; then
    echo "installing: ${missing[*]}" >&2
    $sudo apt-get update -qq >&2 || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    echo "goescape needs these Debian packages: ${missing[*]}" >&2
    echo "install them with: sudo apt-get install ${missing[*]}" >&2
    return 1
  fi
}

# build [extra cmake args...]: configure once, then build everything.
build() {
  install_missing "${build_packages[@]}"
  if [ ! -f "$build_dir/build.ninja" ]; then
    cmake -S "$repo_root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >&2
  fi
  cmake --build "$build_dir" >&2
}
