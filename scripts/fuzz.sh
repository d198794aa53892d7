#!/usr/bin/env bash
# Runs the libFuzzer targets of the `fuzz` preset for a bounded time each, starting from their seed
# corpora (tests/fuzz/corpus/<fuzzer>, which also keeps the reproducers of past findings), and
# fails on any finding: a crash, a sanitizer report, an exception that is not an np::Error, an
# input slower than --timeout seconds or a process above --rss-mb MiB. Prints each fuzzer's
# execution count (libFuzzer's final "Done N runs" line). New inputs the fuzzers find and the
# inputs of findings go to <build>/fuzz-work/<fuzzer>/, never into the repository.
# --keep-going (for triage): the fuzzer runs in a child process and goes on after findings, which
# all land in <build>/fuzz-work/<fuzzer>/artifacts/; the script then fails if there are any.
# usage: scripts/fuzz.sh [--build-dir DIR] [--seconds N] [--timeout S] [--rss-mb M] [--keep-going]
#                        [FUZZER ...]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=build/fuzz
seconds=30
timeout=10
rss_mb=2048
keep_going=0
fuzzers=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --rss-mb) rss_mb=$2; shift 2 ;;
    --keep-going) keep_going=1; shift ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) fuzzers+=("$1"); shift ;;
  esac
done
if [ ${#fuzzers[@]} -eq 0 ]; then
  for src in tests/fuzz/fuzz_*.cpp; do fuzzers+=("$(basename "$src" .cpp)"); done
fi

failed=()
for f in "${fuzzers[@]}"; do
  # Absolute paths: a fuzzer may change its working directory (fuzz_batch does).
  bin=$(realpath -m "$build_dir/bin/$f")
  seeds=$(realpath "tests/fuzz/corpus/$f")
  work=$(realpath -m "$build_dir/fuzz-work/$f")
  if [ ! -x "$bin" ]; then
    echo "fuzz: $bin is missing (cmake --build --preset fuzz)" >&2
    exit 2
  fi
  rm -rf "$work/artifacts"
  mkdir -p "$work/corpus" "$work/artifacts"
  args=(-max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb="$rss_mb"
        -artifact_prefix="$work/artifacts/" -print_final_stats=1)
  if [ "$keep_going" -eq 1 ]; then
    args+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  fi
  if [ -f "tests/fuzz/$f.dict" ]; then args+=(-dict="$(realpath "tests/fuzz/$f.dict")"); fi
  status=0
  "$bin" "${args[@]}" "$work/corpus" "$seeds" >"$work/log" 2>&1 || status=$?
  if [ "$keep_going" -eq 1 ] && [ -n "$(ls "$work/artifacts")" ]; then status=1; fi
  runs=$(grep -Eo 'Done [0-9]+ runs in [0-9]+ second\(s\)' "$work/log" | tail -n 1 || true)
  if [ "$status" -ne 0 ]; then
    echo "fuzz: $f FAILED (status $status); its log, $work/log, ends:"
    tail -n 60 "$work/log"
    for artifact in "$work"/artifacts/*; do
      [ -e "$artifact" ] || continue
      echo "fuzz: $f: reproducer: $artifact"
      for seed in "$seeds"/*; do  # a checked-in seed or reproducer that still fails
        if cmp -s "$artifact" "$seed"; then echo "fuzz: $f:   = tests/fuzz/corpus/$f/${seed##*/}"; fi
      done
    done
    failed+=("$f")
  else
    seed_files=("$seeds"/*)
    echo "fuzz: $f: ${runs:-no libFuzzer 'Done' line} (from ${#seed_files[@]} seeds)"
  fi
done
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: findings in ${failed[*]}"
  exit 1
fi
echo "fuzz: ok"
