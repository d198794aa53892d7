"""The plugin fault suite through the tool: a plugin directory holding every broken plugin of
tests/plugins/fault_plugin.cpp plus files that are not plugins (garbage, text, empty, a
directory named x.so, a symlink loop, the same plugin twice). `numpy-plugins list` and
`list --json` must survive (a crashing init is isolated in a child process), report each reason,
and keep the good plugins working; `check` must accept good files and reject bad ones with a
non-zero exit and the reason. Also checks `list --json` and `info` content for the project's
plugins. Needs no NumPy."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--tool", required=True)
parser.add_argument("--faults", required=True)
parser.add_argument("--plugins", required=True)
parser.add_argument("--work", required=True)
parser.add_argument("--dtype-plugin", required=True)
args = parser.parse_args()

failures = []


def expect(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


work = os.path.abspath(args.work)
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
os.chmod(work, 0o755)
for name in os.listdir(args.faults):
    shutil.copy(os.path.join(args.faults, name), os.path.join(work, name))
with open(os.path.join(work, "garbage.so"), "wb") as f:
    f.write(b"\x7fELF" + bytes(range(256)) * 4)
with open(os.path.join(work, "text.so"), "w") as f:
    f.write("not a library\n")
open(os.path.join(work, "empty.so"), "w").close()
os.mkdir(os.path.join(work, "x.so"))
os.symlink(os.path.join(work, "loop_b.so"), os.path.join(work, "loop_a.so"))
os.symlink(os.path.join(work, "loop_a.so"), os.path.join(work, "loop_b.so"))
os.symlink(os.path.join(args.plugins, "numpy_plugins_bitwise.so"), os.path.join(work, "bitwise_link.so"))
shutil.copy(args.dtype_plugin, os.path.join(work, "bfloat16_test.so"))

env = dict(os.environ, NUMPY_PLUGINS_PATH=work + ":" + args.plugins + ":", NUMPY_PLUGINS_LOG_LEVEL="off")


def run(*argv, **kw):
    return subprocess.run([args.tool] + list(argv), capture_output=True, text=True, env=env, **kw)


started = time.monotonic()
listing = run("list", "--json", timeout=120)
# fault_fork_holds_pipe's init leaves a process holding the probe's pipe for 20 s: the probe
# must not wait for it (it waits for its own child only, then stops the child's process group).
expect(time.monotonic() - started < 15, "list does not wait for a process a plugin forked (%.1f s)"
       % (time.monotonic() - started))
expect(listing.returncode == 0, "list --json exits 0 (got %d: %s)" % (listing.returncode, listing.stderr[-300:]))
data = json.loads(listing.stdout) if listing.returncode == 0 else {"plugins": []}
by_file = {os.path.basename(p["path"]): p for p in data["plugins"]}

EXPECTED_REASONS = {
    "fault_no_entry.so": "no 'np_plugin_entry_v1' entry point",
    "fault_wrong_major.so": "expected major 1, got 99",
    "fault_newer_minor.so": "expected ABI minor <= 2, got 9",
    "fault_short_struct.so": "NpPluginInfo too small",
    "fault_init_error.so": "this plugin refuses to initialise",
    "fault_init_throws.so": "init threw an exception",
    "fault_init_crash.so": "isolated in a child process",
    "fault_unresolved.so": "undefined symbol: np_fault_symbol_nobody_defines",
    "fault_duplicate_ufunc.so": "ufunc 'add' is already registered by 'arith'",
    "fault_duplicate_loop.so": "already registered by 'arith'",
    "fault_bad_loop.so": "bad type codes",
    "garbage.so": "cannot load",
    "text.so": "no ELF header",
    "empty.so": "empty file",
    "x.so": "not a regular file",
    "loop_a.so": "cannot resolve the path",
}
for name, reason in EXPECTED_REASONS.items():
    rec = by_file.get(name)
    expect(rec is not None, "list reports %s" % name)
    if rec:
        expect(rec["status"] == "failed", "%s failed (got %s)" % (name, rec["status"]))
        expect(reason in rec["reason"], "%s reason %r contains %r" % (name, rec["reason"], reason))
for good in ("fault_late_loops.so", "fault_late_ufunc.so", "fault_fork_holds_pipe.so", "numpy_plugins_arith.so",
             "numpy_plugins_bitwise.so"):
    rec = by_file.get(good)
    expect(rec is not None and rec["status"] == "loaded", "%s loaded (%s)" % (good, rec and rec["reason"]))
bitwise_records = [p for p in data["plugins"] if p["name"] == "bitwise"]
expect(len(bitwise_records) == 1, "the same plugin reached twice loads once (%d records)" % len(bitwise_records))

# list --json content for the project's plugins.
arith = by_file.get("numpy_plugins_arith.so", {})
expect(arith.get("license") == "BSD-3-Clause" and arith.get("abi") == "1.2", "arith metadata")
sigs = {(l["ufunc"], l["signature"]) for l in arith.get("loops", [])}
for want in [("add", "dd->d"), ("add", "Mm->M"), ("divmod", "ll->ll"), ("frexp", "d->di"), ("ldexp", "el->e"),
             ("absolute", "D->d"), ("isnat", "M->?"), ("sqrt", "kk->k".replace("kk", "k"))]:
    expect(want in sigs, "arith lists loop %s %s" % want)
expect(all(l["target"] in ("baseline", "avx2", "avx512") for l in arith.get("loops", [])),
       "every loop names its SIMD target")
targets = {l["target"] for l in arith.get("loops", []) if l["ufunc"] == "add" and l["signature"] == "dd->d"}
expect(len(targets) == 1, "add dd->d has one target (%s)" % targets)
expect(len(arith.get("ufuncs", [])) == 82, "arith defines 82 ufuncs (got %d)" % len(arith.get("ufuncs", [])))
expect(any(f["name"] == "reshape" and f["owner"] == "core" for f in data.get("functions", [])), "core functions listed")

# A dtype plugin: its dtype and the loops naming it.
bf = by_file.get("bfloat16_test.so", {})
expect(bf.get("status") == "loaded" and bf.get("dtypes") == ["bfloat16"], "bfloat16 plugin lists its dtype (%s)" % bf)
expect({"ufunc": "add", "signature": "bfloat16,bfloat16->bfloat16", "target": "baseline"} in bf.get("loops", []),
       "bfloat16 add loop listed")

# Text list survives too.
text = run("list")
expect(text.returncode == 0 and "fault_init_crash" in text.stdout and "arith 0.1.0  loaded" in text.stdout,
       "text list survives and shows the crash")

# Calls still work with the faulty directory on the path; the late plugins' ufunc has both loops.
info = run("info", "fault_twice", "--json")
expect(info.returncode == 0 and [l["signature"] for l in json.loads(info.stdout)["loops"]] == ["b->b", "d->d"],
       "deferred loops committed (%s)" % info.stdout[:200])
info = run("info", "add")
expect(info.returncode == 0 and "ufunc from 'arith'" in info.stdout and "identity 0" in info.stdout, "info add")
missing = run("info", "no_such_function")
expect(missing.returncode == 1 and "AttributeError" in missing.stderr, "info of an unknown name fails")

# check: good files exit 0, bad files exit 1 with the reason.
for name in ("numpy_plugins_arith.so",):
    r = run("check", os.path.join(args.plugins, name))
    expect(r.returncode == 0 and "valid plugin: arith" in r.stdout, "check accepts %s (%s)" % (name, r.stdout))
for name, reason in EXPECTED_REASONS.items():
    if name in ("fault_duplicate_ufunc.so", "fault_duplicate_loop.so"):
        continue  # valid on their own; they clash only with arith
    r = run("check", os.path.join(work, name))
    expect(r.returncode == 1, "check rejects %s (exit %d)" % (name, r.returncode))
    expect(reason in r.stdout, "check %s says %r (got %r)" % (name, reason, r.stdout.strip()))
started = time.monotonic()
r = run("check", os.path.join(work, "fault_fork_holds_pipe.so"), timeout=120)
expect(r.returncode == 0 and time.monotonic() - started < 15,
       "check does not wait for a process the plugin forked (exit %d, %.1f s)" % (r.returncode, time.monotonic() - started))
r = run("check", "/nonexistent/plugin.so")
expect(r.returncode == 1 and "cannot resolve" in r.stdout, "check of a missing file")

# NUMPY_PLUGINS_PATH=disable: no plugins, core still there.
env["NUMPY_PLUGINS_PATH"] = "disable"
r = run("list", "--json")
d = json.loads(r.stdout)
expect(r.returncode == 0 and d["plugins"] == [] and d["search_path"] == [], "disable turns loading off")

print("fault suite: %d failures" % len(failures))
sys.exit(1 if failures else 0)
