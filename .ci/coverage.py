#!/usr/bin/env python3
"""Merges the Cobertura files of one test run into a line per assembly: lines and branches covered.

Each test project measures the assemblies it loads; a line counts as covered when any run hit it,
a branch condition when any run took it. Usage: coverage.py [--floor ASSEMBLY=LINES,BRANCHES]... FILE...
With --floor, exits 1 when that assembly is under either percentage (or was not measured at all).
"""
import os
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict


def main(args):
    floors = {}
    paths = []
    i = 0
    while i < len(args):
        if args[i] == "--floor":
            name, _, limits = args[i + 1].partition("=")
            line_floor, branch_floor = (float(x) for x in limits.split(","))
            floors[name] = (line_floor, branch_floor)
            i += 2
        else:
            paths.append(args[i])
            i += 1
    lines = defaultdict(dict)      # assembly -> {(file, line): hit}
    branches = defaultdict(dict)   # assembly -> {(file, line, n): taken}
    for path in paths:
        root = ET.parse(path).getroot()
        # A file's name is relative to the report's <source>, which coverlet sets to the longest root
        # the run's files share: Core's own tests say "Xif/XifReader.cs" where the others say
        # "OneClickPublish.Core/Xif/XifReader.cs". Keyed by full path, both are one file.
        sources = [s.text or "" for s in root.iter("source")]
        for package in root.iter("package"):
            assembly = package.get("name")
            for cls in package.iter("class"):
                source = full_path(cls.get("filename"), sources)
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
    failed = False
    for name in floors:
        if name not in lines:
            print(f"coverage: {name}: not measured, under its floor")
            failed = True
    for assembly in sorted(lines):
        covered = sum(lines[assembly].values())
        total = len(lines[assembly])
        btaken = sum(branches[assembly].values())
        btotal = len(branches[assembly])
        line_rate = 100.0 * covered / total if total else 100.0
        branch_rate = 100.0 * btaken / btotal if btotal else 100.0
        verdict = ""
        if assembly in floors:
            line_floor, branch_floor = floors[assembly]
            if round(line_rate, 1) < line_floor or round(branch_rate, 1) < branch_floor:
                verdict = f" UNDER the floor of {line_floor:g}% lines, {branch_floor:g}% branches"
                failed = True
            else:
                verdict = f" (floor {line_floor:g}%, {branch_floor:g}%)"
        print(f"coverage: {assembly}: lines {line_rate:.1f}% ({covered}/{total}), branches {branch_rate:.1f}% ({btaken}/{btotal}){verdict}")
    return 1 if failed else 0


def full_path(name, sources):
    if os.path.isabs(name) or not sources:
        return os.path.normpath(name)
    for root in sources:
        candidate = os.path.normpath(os.path.join(root, name))
        if os.path.exists(candidate):
            return candidate
    return os.path.normpath(os.path.join(sources[0], name))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
