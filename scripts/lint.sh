#!/usr/bin/env bash
# The lint: clang-format (every C++ file), the include-layer rule (scripts/check_include_layers.py,
# docs/architecture.md), and clang-tidy over core/, tools/ and plugins/ with the checked-in
# configs (.clang-tidy, plugins/.clang-tidy); its function-size findings (over 100 lines) are
# compared with the ratchet scripts/function_size_ratchet.txt (scripts/check_function_size.py).
# Needs a configured build directory with compile_commands.json (argument 1, default build/release).
# clang-tidy runs one process per file on every core (about 5 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build/release}
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h' 2>/dev/null || find core include tools tests examples plugins -name '*.[ch]pp' -o -name '*.h')
echo "lint: clang-format on ${#files[@]} files"
clang-format --dry-run -Werror "${files[@]}"
python3 scripts/check_include_layers.py
# The plugins first: their translation units are the slowest, so no core idles at the end.
mapfile -t tidy_files < <(printf '%s\n' "${files[@]}" | grep -E '^plugins/.*\.cpp$';
                          printf '%s\n' "${files[@]}" | grep -E '^(core|tools)/.*\.cpp$')
echo "lint: clang-tidy on ${#tidy_files[@]} files"
start=$(date +%s)
# One run: its output is shown without clang-tidy's noise, its status (xargs is non-zero when any
# clang-tidy run failed) decides. Function-size findings are warnings here; the ratchet decides.
tidy_log=$(mktemp)
trap 'rm -f "$tidy_log"' EXIT
status=0
printf '%s\n' "${tidy_files[@]}" | xargs -P "$(nproc)" -n 1 clang-tidy -p "$build_dir" --quiet \
    --warnings-as-errors='*,-readability-function-size' \
    --extra-arg=-Wno-unknown-warning-option --extra-arg=-idirafter/usr/lib/gcc/x86_64-linux-gnu/12/include \
    --extra-arg=-include --extra-arg="$PWD/scripts/clang_tidy_gcc_compat.h" \
    >"$tidy_log" 2>&1 || status=$?
echo "lint: clang-tidy took $(( $(date +%s) - start )) s"
if [ "$status" -ne 0 ]; then
  # The findings that fail (errors, with their source lines and notes), without the warnings.
  grep -E -A3 ': error:' "$tidy_log" || cat "$tidy_log"
  echo "lint: clang-tidy failed"
  exit 1
fi
python3 scripts/check_function_size.py --ratchet scripts/function_size_ratchet.txt "$tidy_log"
echo "lint: ok"
