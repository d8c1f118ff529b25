#!/usr/bin/env python3
"""Speed anchor for the dedup benchmark: datasketch MinHash LSH on the dev corpus w3m dumps.

Per page: tokenise (lowercase words), word 4-gram shingles, MinHash with 128 permutations,
LSH query for near duplicates, insert. The same texts newswatch-bench dedup times.

    pip install datasketch
    python3 Benchmarks/scripts/datasketch_dedup.py [SHARED_FOLDER] [--batch]
"""
import os
import re
import sys
import time
from pathlib import Path

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+(?:'\w+)*")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    batch = "--batch" in sys.argv
    default = Path(__file__).resolve().parents[3] / "shared"
    shared = Path(args[0] if args else os.environ.get("NEWSWATCH_SHARED", default))
    folder = shared / "corpus/extraction-dev/text-w3m"
    texts = [p.read_text(errors="replace") for p in sorted(folder.glob("*.txt"))]
    rounds = 3
    start = time.perf_counter()
    for round_number in range(rounds):
        lsh = MinHashLSH(threshold=0.5, num_perm=128)
        for number, text in enumerate(texts):
            words = WORD.findall(text.lower())
            shingles = {" ".join(words[i:i + 4]).encode() for i in range(max(1, len(words) - 3))}
            minhash = MinHash(num_perm=128)
            if batch:
                minhash.update_batch(list(shingles))
            else:
                for shingle in shingles:
                    minhash.update(shingle)
            lsh.query(minhash)
            lsh.insert(f"{round_number}-{number}", minhash)
    elapsed = time.perf_counter() - start
    pages = rounds * len(texts)
    mode = "update_batch" if batch else "update"
    print(f"datasketch MinHash LSH (128 perms, {mode}): {pages} pages in {elapsed:.2f} s = {pages / elapsed:.1f} pages/s")


if __name__ == "__main__":
    main()
