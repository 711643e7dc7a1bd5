#!/usr/bin/env python3
"""Merges the Cobertura files of one test run into a line per assembly: lines and branches covered.

Each test project measures the assemblies it loads; a line counts as covered when any run hit it,
a branch condition when any run took it. Usage: coverage.py FILE... (prints nothing without files).
"""
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict


def main(paths):
    lines = defaultdict(dict)      # assembly -> {(file, line): hit}
    branches = defaultdict(dict)   # assembly -> {(file, line, n): taken}
    for path in paths:
        root = ET.parse(path).getroot()
        for package in root.iter("package"):
            assembly = package.get("name")
            for cls in package.iter("class"):
                source = cls.get("filename")
                for line in cls.iter("line"):
                    key = (source, int(line.get("number")))
                    hit = int(line.get("hits", "0")) > 0
                    lines[assembly][key] = lines[assembly].get(key, False) or hit
                    cover = line.get("condition-coverage")
                    if line.get("branch") == "True" and cover:
                        # "50% (1/2)": taken/total conditions of this line in this run.
                        taken, total = cover.split("(")[1].rstrip(")").split("/")
                        for n in range(int(total)):
                            bkey = key + (n,)
                            branches[assembly][bkey] = branches[assembly].get(bkey, False) or n < int(taken)
    for assembly in sorted(lines):
        covered = sum(lines[assembly].values())
        total = len(lines[assembly])
        btaken = sum(branches[assembly].values())
        btotal = len(branches[assembly])
        line_rate = 100.0 * covered / total if total else 100.0
        branch_rate = 100.0 * btaken / btotal if btotal else 100.0
        print(f"coverage: {assembly}: lines {line_rate:.1f}% ({covered}/{total}), branches {branch_rate:.1f}% ({btaken}/{btotal})")


if __name__ == "__main__":
    main(sys.argv[1:])
