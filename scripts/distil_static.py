"""Distil the static encoder from the bundled MiniLM now, instead of on first use.

    python scripts/distil_static.py [--out PATH]

Every wordpiece of the vocabulary goes through the model once (its ONNX export, offline),
then PCA to 256 dimensions and smooth-inverse-frequency weights (audit.static_model).
Prints where the table went, its sha256 (the encoder's fingerprint) and the time.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path


def main() -> None:
    from audit.model_files import sha256_file
    from audit.static_model import distil

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, help="where to write the table (default: the user cache directory)")
    args = ap.parse_args()
    t = time.perf_counter()
    path = distil(path=args.out)
    print(f"{path}: sha256 {sha256_file(path)}, {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
