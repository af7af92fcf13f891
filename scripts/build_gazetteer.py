#!/usr/bin/env python3
"""Build the tacitus gazetteer (same as ``tacitus gazetteer build``).

    PYTHONPATH=src .venv/bin/python scripts/build_gazetteer.py [PATH]

PATH defaults to $TACITUS_GAZETTEER or ~/.cache/tacitus/gazetteer-<version>.sqlite.
"""
import sys
import time
from pathlib import Path

from tacitus.geo.build import build

if __name__ == "__main__":
    t0 = time.perf_counter()
    out = build(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    print(f"built {out} ({out.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")
