#!/usr/bin/env python3
"""The function-size ratchet: clang-tidy's readability-function-size findings against a list.

clang-tidy (.clang-tidy: LineThreshold 100) reports every function over 100 lines. The ratchet
file lists the functions allowed to be that long for now, one "FILE FUNCTION" a line ('#'
comments). The list may only shrink:
- a finding not in the list fails (split the function; do not add it);
- an entry with no finding fails too, so the entry of a function that was shortened, renamed
  or removed is deleted in the same change.
A function found once per translation unit that includes its header counts once; two long
functions of one name in one file need two entries.

Usage: check_function_size.py --ratchet FILE --root DIR LOG... | --self-test
LOG: clang-tidy output (warnings as "PATH:LINE:COL: warning: function 'NAME' exceeds ...").
"""
import argparse
import collections
import os
import re
import sys
import tempfile

FINDING_RE = re.compile(r"^(.*?):(\d+):\d+: (?:warning|error): function '(.+)' exceeds "
                        r"recommended size/complexity thresholds \[readability-function-size\]")


def findings(logs, root):
    """Counter of (file relative to root, function) over the logs, each location counted once."""
    seen = set()
    for log in logs:
        with open(log, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = FINDING_RE.match(line)
                if m:
                    path = os.path.relpath(os.path.abspath(m.group(1)), root).replace(os.sep, "/")
                    seen.add((path, int(m.group(2)), m.group(3)))
    return collections.Counter((path, name) for path, _, name in seen)


def read_ratchet(path):
    entries = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                file_name, _, function = line.partition(" ")
                entries[(file_name, function.strip())] += 1
    return entries


def compare(found, allowed, ratchet_name):
    """The messages of every difference (empty when the findings equal the list)."""
    messages = []
    for (path, name), count in sorted((found - allowed).items()):
        messages.append("%s: function '%s' is over 100 lines%s: split it (the list in %s may "
                        "only shrink)" % (path, name, " (%d more)" % count if count > 1 else "",
                                          ratchet_name))
    for (path, name), count in sorted((allowed - found).items()):
        messages.append("%s: '%s %s' no longer has a function over 100 lines: remove the entry"
                        % (ratchet_name, path, name))
    return messages


def self_test():
    with tempfile.TemporaryDirectory() as root:
        log = os.path.join(root, "tidy.log")
        with open(log, "w", encoding="utf-8") as f:
            f.write(f"{root}/core/a.cpp:10:6: warning: function 'big' exceeds recommended "
                    "size/complexity thresholds [readability-function-size]\n"
                    f"{root}/include/np/h.hpp:3:6: warning: function 'inl' exceeds recommended "
                    "size/complexity thresholds [readability-function-size]\n"
                    f"{root}/include/np/h.hpp:3:6: warning: function 'inl' exceeds recommended "
                    "size/complexity thresholds [readability-function-size]\n"
                    f"{root}/core/a.cpp:20:1: warning: other [bugprone-foo]\n")
        found = findings([log], root)
        ok = found == collections.Counter({("core/a.cpp", "big"): 1, ("include/np/h.hpp", "inl"): 1})
        same = compare(found, collections.Counter(found), "r")
        new = compare(found, collections.Counter({("core/a.cpp", "big"): 1}), "r")
        stale = compare(found, found + collections.Counter({("core/b.cpp", "gone"): 1}), "r")
        ok = ok and same == [] and len(new) == 1 and "'inl' is over 100" in new[0]
        ok = ok and len(stale) == 1 and "remove the entry" in stale[0]
    print("check_function_size: self-test %s" % ("ok" if ok else "failed"))
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ratchet")
    parser.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."))
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("logs", nargs="*")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    if not args.ratchet or not args.logs:
        parser.error("--ratchet and at least one LOG are required")
    root = os.path.abspath(args.root)
    messages = compare(findings(args.logs, root), read_ratchet(args.ratchet),
                       os.path.relpath(args.ratchet, root))
    for m in messages:
        print(m)
    if messages:
        return 1
    print("check_function_size: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
