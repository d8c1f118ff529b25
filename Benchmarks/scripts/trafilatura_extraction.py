#!/usr/bin/env python3
"""Anchor for `newswatch-bench extraction`: trafilatura (the leading Python extractor) on
the same HTML pages, one core, CPU time of the best of N rounds, scored with the
project's scorer.

usage: python3 Benchmarks/scripts/trafilatura_extraction.py [--rounds N]
needs: pip install trafilatura
"""
import argparse, gzip, json, os, subprocess, sys, tempfile, time
from pathlib import Path

import trafilatura

SHARED = Path(os.environ.get("NEWSWATCH_SHARED", Path(__file__).resolve().parents[3] / "shared"))


def pages(corpus):
    folder = SHARED / "corpus" / corpus
    truth = json.loads((folder / "ground-truth.json").read_text())
    return folder, {name: gzip.decompress((folder / "html" / f"{name}.html.gz").read_bytes()) for name in sorted(truth)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    for corpus in ["extraction-dev", "readability-dev"]:
        folder, files = pages(corpus)
        best, bodies = float("inf"), {}
        for _ in range(rounds):
            start = time.process_time()
            for name, html in files.items():
                # Bytes in, as newswatch gets them (the gunzip is outside the timing for both).
                bodies[name] = {"articleBody": trafilatura.extract(html) or ""}
            best = min(best, time.process_time() - start)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as out:
            json.dump(bodies, out)
        score = subprocess.run(
            [sys.executable, str(SHARED / "tools" / "score_extraction.py"), str(folder / "ground-truth.json"), out.name],
            capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        os.unlink(out.name)
        print(f"{corpus}: trafilatura {trafilatura.__version__}: {len(files) / best:.1f} pages/s "
              f"(best of {rounds} rounds {best:.2f} s CPU), {score}")


if __name__ == "__main__":
    main()
