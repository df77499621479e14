#!/usr/bin/env python3
"""Rewrites tests/scenarios/trace_hashes.txt from the traces a dsim binary writes now.

usage: tests/scenarios/pin_trace_hashes.py path/to/dsim

Only after checking that every changed trace changed for a reason you can state in the commit
message (compare the traces themselves, e.g. with `dsim run --trace` before and after and diff).
The hash is FNV-1a over the trace's bytes, computed here independently of the C++ test.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

LARGEST_TRACED_SCENARIO = 10000

def fnv1a(data: bytes) -> int:
    value = 0xCBF29CE484222325
    for byte in data:
        value ^= byte
        value = (value * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value

def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    dsim = sys.argv[1]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    lines = ["# FNV-1a (64-bit) of each library scenario's trace at its own seed (dsim run SCENARIO --trace).",
             "# tests/scenarios/library_test.cc checks them; pin_trace_hashes.py rewrites them. A change here needs a",
             "# reason in its commit message."]
    with tempfile.TemporaryDirectory() as work:
        trace = os.path.join(work, "trace.jsonl")
        for path in sorted(glob.glob(os.path.join(root, "scenarios", "*", "*.json"))):
            name = os.path.relpath(path, os.path.join(root, "scenarios"))[:-len(".json")]
            # Too large to trace (library_test.cc's kLargestTracedScenario): run untraced by ctest.
            with open(path) as handle:
                if json.load(handle).get("nodes", 0) > LARGEST_TRACED_SCENARIO:
                    continue
            if os.path.exists(trace):
                os.remove(trace)
            # Exit 0 or 1 is a run (passed or failed checks); anything else, such as 2 for a scenario
            # the loader refuses, leaves no trace to pin.
            run = subprocess.run([dsim, "run", path, "--trace", trace, "-q"], capture_output=True, text=True)
            if run.returncode not in (0, 1) or not os.path.exists(trace):
                print("%s: dsim run exited %d without a trace to pin:\n%s" % (name, run.returncode, run.stderr),
                      file=sys.stderr)
                return 1
            with open(trace, "rb") as handle:
                lines.append("%s %016x" % (name, fnv1a(handle.read())))
    with open(os.path.join(root, "tests", "scenarios", "trace_hashes.txt"), "w") as out:
        out.write("\n".join(lines) + "\n")
    return 0

if __name__ == "__main__":
    sys.exit(main())
