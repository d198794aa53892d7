#!/usr/bin/env python3
"""Checks every project #include edge against the layer rule of docs/architecture.md.

The rule (keep it and docs/architecture.md, "Include rule", in step):
- include/np: public headers include only include/np headers. The plugin SDK headers
  (SDK_HEADERS) include only SDK headers, so a plugin never sees the core's C++ API.
- core/<layer>: any include/np header, and the private headers of its own layer and of the layers
  before it in CORE_LAYERS (CORE_EXCEPTIONS lists the edges allowed besides).
- plugins/<name> (and the test plugins tests/plugins/*_plugin.cpp, examples/third_party_plugin):
  only SDK headers and files of their own directory tree.
- tools/<name>: include/np, its own files, and the core's private headers of TOOL_CORE_LAYERS.
- examples (hosts): include/np only.
Other directories (tests, bench, fuzz targets) are not constrained.

Only quoted includes and <np/...> are project includes; other <...> are system or third-party.
Usage: check_include_layers.py [--root DIR] | --self-test
"""
import argparse
import fnmatch
import os
import re
import sys
import tempfile

# Core layers, lowest first: each may include its own private headers and those of earlier ones.
CORE_LAYERS = ["util", "simd", "dtype", "layout", "print", "io", "engine", "routines", "registry",
               "plugins"]
# (including layer, included file) edges allowed besides: the per-element text interface is
# declared in print/ but used by the dtype layer's scalar and finfo text.
CORE_EXCEPTIONS = {("dtype", "core/print/format_element.hpp")}
# The plugin SDK: the headers of include/np a plugin may include (header-only or C ABI).
SDK_HEADERS = ["loop_abi.h", "plugin_abi.h", "plugin.hpp", "loop_helpers.hpp", "float16.hpp",
               "simd_level.hpp", "kernel_*.hpp"]
# The core's private layers the tool may include (it links the core: argument parsing, the result
# store, Python literal text).
TOOL_CORE_LAYERS = {"registry", "util"}

SCANNED_DIRS = ["include", "core", "plugins", "tools", "examples", "tests/plugins"]
SOURCE_SUFFIXES = (".cpp", ".hpp", ".h")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*(?:"([^"]+)"|<(np/[^>]+)>)')


def is_sdk(rel):
    return rel.startswith("include/np/") and any(
        fnmatch.fnmatch(rel[len("include/np/"):], pattern) for pattern in SDK_HEADERS)


def component(rel):
    """(kind, name) of a repository-relative path; None when it is not constrained."""
    parts = rel.split("/")
    if parts[0] == "include":
        return ("public", "np")
    if parts[0] == "core" and len(parts) > 2:
        return ("core", parts[1])
    if parts[0] == "plugins" and len(parts) > 2:
        return ("plugin", "plugins/" + parts[1])
    if parts[0] == "tools" and len(parts) > 2:
        return ("tool", "tools/" + parts[1])
    if rel.startswith("examples/third_party_plugin/"):
        return ("plugin", "examples/third_party_plugin")
    if fnmatch.fnmatch(rel, "tests/plugins/*_plugin.cpp"):
        return ("plugin", "tests/plugins")
    if parts[0] == "examples":
        return ("host", "examples")
    return None


def resolve(root, rel, text, comp):
    """The repository-relative path the include names, or None when no file matches."""
    bases = [os.path.dirname(rel), "include"]
    if comp[0] in ("core", "tool"):
        bases.append("core")
    if comp[0] in ("plugin", "tool"):
        bases.append(comp[1])
    for base in bases:
        candidate = os.path.normpath(os.path.join(base, text))
        if not candidate.startswith("..") and os.path.isfile(os.path.join(root, candidate)):
            return candidate.replace(os.sep, "/")
    return None


def violation(src, dst):
    """Why the edge src -> dst breaks the rule, or None."""
    comp, target = component(src), component(dst)
    kind = comp[0]
    if kind == "public":
        if target != ("public", "np"):
            return "public headers include only include/np"
        if is_sdk(src) and not is_sdk(dst):
            return "plugin SDK headers include only SDK headers (%s)" % ", ".join(SDK_HEADERS)
        return None
    if kind == "plugin":
        if is_sdk(dst) or target == comp:
            return None
        return "plugins include only the SDK headers (%s) and their own files" % ", ".join(
            SDK_HEADERS)
    if kind == "host":
        return None if target == ("public", "np") else "examples include only include/np"
    if target == ("public", "np") or target == comp:
        return None
    if kind == "tool":
        if target is not None and target[0] == "core" and target[1] in TOOL_CORE_LAYERS:
            return None
        return "tools include include/np, their own files and core/{%s} only" % ",".join(
            sorted(TOOL_CORE_LAYERS))
    # kind == "core"
    if target is None or target[0] != "core":
        return "the core includes only include/np and core/ headers"
    if (comp[1], dst) in CORE_EXCEPTIONS:
        return None
    below = CORE_LAYERS[:CORE_LAYERS.index(comp[1]) + 1]
    if target[1] in below:
        return None
    return "core/%s may include only core/{%s} (the layers up to it)" % (comp[1], ",".join(below))


def source_files(root):
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(SOURCE_SUFFIXES):
                    yield os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")


def check(root):
    """Every violation as 'file:line: message'."""
    problems = []
    for rel in source_files(root):
        comp = component(rel)
        if comp is None:
            continue
        if comp[0] == "core" and comp[1] not in CORE_LAYERS:
            problems.append("%s: core/%s is not a layer of CORE_LAYERS (scripts/"
                            "check_include_layers.py, docs/architecture.md)" % (rel, comp[1]))
            continue
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                m = INCLUDE_RE.match(line)
                if not m:
                    continue
                text = m.group(1) or m.group(2)
                dst = resolve(root, rel, text, comp)
                if dst is None:
                    problems.append('%s:%d: #include "%s" names no file of the tree' %
                                    (rel, number, text))
                    continue
                why = violation(rel, dst)
                if why:
                    problems.append('%s:%d: #include "%s" (%s): %s' % (rel, number, text, dst, why))
    return problems


def self_test():
    """A small tree with one allowed and one forbidden edge of every kind."""
    files = {
        "include/np/array.hpp": '#include "np/dtype.hpp"\n',
        "include/np/dtype.hpp": "",
        "include/np/plugin.hpp": '#include "np/plugin_abi.h"\n',
        "include/np/plugin_abi.h": '#include "np/array.hpp"\n',  # SDK -> API: bad
        "include/np/kernel_types.hpp": '#include <np/float16.hpp>\n',
        "include/np/float16.hpp": '#include "../../core/util/checked.hpp"\n',  # bad
        "core/util/checked.hpp": "#include <cstdint>\n",
        "core/dtype/dtype.cpp": '#include "util/checked.hpp"\n#include "print/format_element.hpp"\n'
                                '#include "np/array.hpp"\n',
        "core/dtype/cast.cpp": '#include "engine/executor.hpp"\n',  # upward: bad
        "core/print/format_element.hpp": '#include "dtype/dtype_impl.hpp"\n',
        "core/print/array_repr.cpp": '#include "format_element.hpp"\n',
        "core/dtype/dtype_impl.hpp": "",
        "core/engine/executor.hpp": '#include "registry/arg_parser.hpp"\n',  # bad
        "core/registry/arg_parser.hpp": '#include "engine/executor.hpp"\n',
        "core/newlayer/x.cpp": "",  # not a layer: bad
        "plugins/demo/demo.cpp": '#include "np/plugin.hpp"\n#include "demo_impl.hpp"\n'
                                 '#include <np/kernel_types.hpp>\n#include "np/array.hpp"\n',  # bad
        "plugins/demo/simd/demo_avx2.cpp": '#include "demo_impl.hpp"\n#include "simd/k.hpp"\n'
                                           '#include "util/checked.hpp"\n',  # last: bad
        "plugins/demo/demo_impl.hpp": "",
        "plugins/demo/simd/k.hpp": "",
        "tools/cli/main.cpp": '#include "registry/arg_parser.hpp"\n#include "cmd.hpp"\n'
                              '#include "engine/executor.hpp"\n',  # last: bad
        "tools/cli/cmd.hpp": '#include "np/array.hpp"\n#include "missing.hpp"\n',  # bad
        "examples/host.cpp": '#include "np/array.hpp"\n',
        "tests/plugins/p_plugin.cpp": '#include "np/plugin.hpp"\n#include "np/dtype.hpp"\n',  # bad
        "tests/plugins/loops_test.cpp": '#include "np/registry.hpp"\n',  # a test, not a plugin
        "tests/core/t.cpp": '#include "engine/executor.hpp"\n',  # unconstrained
    }
    expected = {
        "include/np/plugin_abi.h:1", "include/np/float16.hpp:1", "core/dtype/cast.cpp:1",
        "core/engine/executor.hpp:1", "core/newlayer/x.cpp", "plugins/demo/demo.cpp:4",
        "plugins/demo/simd/demo_avx2.cpp:3", "tools/cli/main.cpp:3", "tools/cli/cmd.hpp:2",
        "tests/plugins/p_plugin.cpp:2",
    }
    with tempfile.TemporaryDirectory() as root:
        for rel, text in files.items():
            os.makedirs(os.path.join(root, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
                f.write(text)
        problems = check(root)
    found = {p.split(": ")[0] for p in problems}
    if found != expected:
        print("self-test failed:\n  missed: %s\n  unexpected: %s" %
              (sorted(expected - found), sorted(found - expected)))
        for p in problems:
            print("  " + p)
        return 1
    print("check_include_layers: self-test ok (%d violations found as expected)" % len(expected))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."))
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    problems = check(os.path.abspath(args.root))
    for p in problems:
        print(p)
    if problems:
        print("check_include_layers: %d include(s) break the layer rule (docs/architecture.md)" %
              len(problems))
        return 1
    print("check_include_layers: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
