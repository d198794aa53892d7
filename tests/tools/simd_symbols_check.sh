#!/bin/sh
# Guards the rule of the per-target SIMD translation units: code compiled for AVX2/AVX-512 must
# stay private to its unit. A weak (vague-linkage) symbol holding VEX/EVEX instructions means an
# inline function or template instance was emitted by a SIMD unit and may be the copy the linker
# keeps for every caller, which would crash on a CPU without those instructions. Instances
# whose name carries an x86 SIMD architecture (xsimd's avx2, avx512bw, ... tags, as in
# xsimd::batch<float, xsimd::avx2>) are only ever called by code built for that architecture,
# so they may be shared (unoptimised builds emit them out of line).
# Usage: simd_symbols_check.sh LIBRARY...
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for lib in "$@"; do
  # Functions with at least one VEX/EVEX-encoded instruction (mnemonics v...).
  objdump -d --no-show-raw-insn "$lib" |
    awk '/^[0-9a-f]+ <.*>:$/ { sym = substr($2, 2, length($2) - 3) }
         /^ +[0-9a-f]+:\t/ { split($0, f, "\t"); if (f[2] ~ /^v[a-z]/) print sym }' |
    sort -u > "$work/vex"
  nm "$lib" | awk '$2 == "W" || $2 == "V" || $2 == "u" { print $3 }' |
    grep -v -E 'avx|fma' | sort -u > "$work/weak"
  comm -12 "$work/vex" "$work/weak" > "$work/shared"
  if [ -s "$work/shared" ]; then
    echo "$lib: weak symbols with AVX instructions:"
    cat "$work/shared"
    status=1
  else
    echo "$lib: ok ($(wc -l < "$work/vex") functions with AVX instructions, none shared with baseline code)"
  fi
done
exit $status
