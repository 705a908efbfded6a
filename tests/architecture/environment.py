#!/usr/bin/env python3
"""Every environment variable the library reads is documented.

A variable that changes what libnnc does must be one an embedder can find: each name the
library's sources pass to getenv or secure_getenv must appear in docs/c-api.md's table of
environment variables (or be read only by the nnc command, in tools/, which is not
checked). A getenv of a name that is not a literal fails too, unless its line says why
("model files' os.getenv").

usage: environment.py TOP
"""
import os
import re
import sys

top = sys.argv[1]
doc = open(os.path.join(top, "docs", "c-api.md"), encoding="utf-8").read()
start = doc.find("Environment variables the library reads")
table = doc[start:doc.find("\n## ", start)] if start >= 0 else ""
if not table:
    sys.exit("docs/c-api.md has no 'Environment variables the library reads' table")
documented = set(re.findall(r"`([A-Z][A-Z0-9_]*)", table))

# The library is every folder the build compiles into libnnc (nnc_module in CMakeLists.txt).
cmake = open(os.path.join(top, "CMakeLists.txt"), encoding="utf-8").read()
modules = re.findall(r"^nnc_module\((\w+)", cmake, re.M)
if len(modules) < 10:
    sys.exit(f"found only the modules {modules} in CMakeLists.txt")

call = re.compile(r"\b(?:secure_)?getenv\(([^)]*)\)")
errors, seen = [], set()
for m in modules:
    for root, _, files in os.walk(os.path.join(top, m)):
        for f in sorted(files):
            if not f.endswith((".c", ".h", ".in")):
                continue
            path = os.path.join(root, f)
            for n, line in enumerate(open(path, encoding="utf-8"), 1):
                for arg in call.findall(line):
                    where = f"{os.path.relpath(path, top)}:{n}"
                    lit = re.fullmatch(r'\s*"([^"]+)"\s*', arg)
                    if lit:
                        seen.add(lit.group(1))
                        if lit.group(1) not in documented:
                            errors.append(f"{where}: {lit.group(1)} is not in docs/c-api.md's "
                                          "table of environment variables")
                    elif "os.getenv" not in line and "model files" not in line:
                        errors.append(f"{where}: getenv({arg.strip()}) of a name that is not "
                                      "a literal: say why on its line")
for e in errors:
    print(e, file=sys.stderr)
if errors:
    sys.exit(1)
print(f"{len(seen)} environment variables read by the library, each documented")
