#!/usr/bin/env bash
# Installs every build, test and reference dependency from Debian 12 packages.
# Idempotent; must run as root (or with sudo available). Nothing is downloaded but Debian packages.
set -euo pipefail

packages=(
  build-essential g++ cmake ninja-build pkg-config git
  clang-format clang-tidy
  clang libclang-rt-14-dev  # the fuzz preset: clang++ and libFuzzer (libclang_rt.fuzzer)
  libboost-dev            # Boost.DLL (header-only), Boost.Multiprecision float128
  libtbb-dev              # oneTBB
  libspdlog-dev libfmt-dev
  nlohmann-json3-dev      # JSON for the call protocol
  libzip-dev zlib1g-dev   # .npz archives
  libxsimd-dev
  libgtest-dev libgmock-dev
  python3-numpy           # the reference, through /usr/bin/python3
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
