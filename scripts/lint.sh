#!/usr/bin/env bash
# clang-format (every C++ file) and clang-tidy (core and tool sources) with the checked-in configs.
# Needs a configured build directory with compile_commands.json (argument 1, default build/release).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build/release}
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h' 2>/dev/null || find core include tools tests examples plugins -name '*.[ch]pp' -o -name '*.h')
echo "lint: clang-format on ${#files[@]} files"
clang-format --dry-run -Werror "${files[@]}"
mapfile -t tidy_files < <(printf '%s\n' "${files[@]}" | grep -E '^(core|tools)/.*\.cpp$')
echo "lint: clang-tidy on ${#tidy_files[@]} files"
# One run: its output is shown without clang-tidy's noise, its status (xargs is non-zero when any
# clang-tidy run failed) decides.
tidy_log=$(mktemp)
status=0
printf '%s\n' "${tidy_files[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build_dir" --quiet --warnings-as-errors='*' \
    --extra-arg=-Wno-unknown-warning-option --extra-arg=-idirafter/usr/lib/gcc/x86_64-linux-gnu/12/include \
    >"$tidy_log" 2>&1 || status=$?
grep -v -E '^[0-9]+ warnings? generated|^Suppressed|^Use -header-filter' "$tidy_log" || true
rm -f "$tidy_log"
if [ "$status" -ne 0 ]; then
  echo "lint: clang-tidy failed"
  exit 1
fi
echo "lint: ok"
