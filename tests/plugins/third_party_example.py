"""The third-party example plugin (examples/third_party_plugin) builds outside the tree against
the installed package (find_package(numpy_plugins)) and is picked up through NUMPY_PLUGINS_PATH:
install this build to a temporary prefix, configure and build the example there, then call its
ufunc with the installed tool and compare with NumPy."""
import argparse
import json
import os
import shutil
import subprocess
import sys

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--build", required=True)
parser.add_argument("--source", required=True)
parser.add_argument("--work", required=True)
args = parser.parse_args()

work = os.path.abspath(args.work)
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
prefix = os.path.join(work, "prefix")


def run(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if proc.returncode != 0:
        print("FAILED:", " ".join(cmd), "\n", proc.stdout[-3000:], proc.stderr[-3000:])
        sys.exit(1)
    return proc


run(["cmake", "--install", args.build, "--prefix", prefix])
plugin_build = os.path.join(work, "build")
run(["cmake", "-S", args.source, "-B", plugin_build, "-G", "Ninja", "-DCMAKE_PREFIX_PATH=" + prefix,
     "-DCMAKE_BUILD_TYPE=Release"])
run(["cmake", "--build", plugin_build])
plugin = os.path.join(plugin_build, "example_cube.so")
assert os.path.exists(plugin), "example_cube.so was not built"

tool = os.path.join(prefix, "bin", "numpy-plugins")
env = dict(os.environ, NUMPY_PLUGINS_PATH=plugin_build)
failures = []
check = run([tool, "check", plugin], env=env)
if "valid plugin: example_cube" not in check.stdout:
    failures.append("check: " + check.stdout)
listing = json.loads(run([tool, "list", "--json"], env=env).stdout)
names = {p["name"]: p for p in listing["plugins"]}
for want in ("arith", "bitwise", "example_cube"):
    if names.get(want, {}).get("status") != "loaded":
        failures.append("installed tool does not load %s: %s" % (want, names.get(want)))
if [l["signature"] for l in names.get("example_cube", {}).get("loops", [])] != ["f->f", "d->d"]:
    failures.append("example_cube loops: %s" % names.get("example_cube"))
for dtype in ("float32", "float64"):
    x = np.linspace(-3, 3, 13).astype(dtype)
    xin, yout = os.path.join(work, "x_%s.npy" % dtype), os.path.join(work, "y_%s.npy" % dtype)
    np.save(xin, x)
    run([tool, "call", "cube", xin, "-o", yout], env=env)
    y = np.load(yout)
    if y.dtype != x.dtype or not np.array_equal(y, x * x * x):
        failures.append("cube(%s) = %r" % (dtype, y))
# int input resolves to the float64 loop (safe cast), as NumPy's linear search would.
xi = os.path.join(work, "xi.npy")
np.save(xi, np.arange(4))
run([tool, "call", "cube", xi, "-o", os.path.join(work, "yi.npy")], env=env)
if np.load(os.path.join(work, "yi.npy")).tolist() != [0.0, 1.0, 8.0, 27.0]:
    failures.append("cube(int) did not use the float64 loop")
for f in failures:
    print("FAIL:", f)
print("third-party example: %d failures" % len(failures))
sys.exit(1 if failures else 0)
