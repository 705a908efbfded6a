#!/usr/bin/env python3
"""The layering of docs/architecture.md, checked on the sources.

Each module's row in the table "What each folder holds and may include" names the folders
whose headers it may include. CMakeLists.txt gives each module exactly those include
directories, so a crossing include fails to compile; this check also catches what the
compiler cannot: a path that climbs out of the folder ("../codegen/codegen.h"), and a table
that no longer says what the build does (every header a module includes must be its own,
nnc.h, a generated one, or a header of a folder its row names).

usage: includes.py TOP GENERATED_DIR
"""
import os
import re
import sys

top, generated = sys.argv[1], sys.argv[2]
doc = open(os.path.join(top, "docs", "architecture.md"), encoding="utf-8").read()

allowed = {}
for line in doc.splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) != 3 or not re.fullmatch(r"`\w+/`", cells[0]):
        continue
    folder = cells[0].strip("`/")
    allowed[folder] = {m for m in re.findall(r"`(\w+)/`", cells[2])}

skip = {"include", "tests", "tools"}  # the public header; "everything" for the last two
modules = [m for m in allowed if m not in skip and os.path.isdir(os.path.join(top, m))]
if len(modules) < 10:
    sys.exit(f"includes.py: found only {len(modules)} module rows in docs/architecture.md")

def headers(folder):
    path = os.path.join(top, folder)
    return {f for f in os.listdir(path) if os.path.isfile(os.path.join(path, f))}

own = {m: headers(m) for m in modules}
gen = {f for _, _, files in os.walk(generated) for f in files}
problems = []
for m in modules:
    for name in sorted(own[m]):
        if not name.endswith((".c", ".h")):
            continue
        text = open(os.path.join(top, m, name), encoding="utf-8").read()
        for n, line in enumerate(text.splitlines(), 1):
            hit = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if not hit:
                continue
            inc = hit.group(1)
            where = f"{m}/{name}:{n}"
            if "/" in inc:
                problems.append(f"{where}: includes \"{inc}\" by a path; name the header alone")
            elif inc in own[m] or inc == "nnc.h" or inc in gen:
                continue
            else:
                homes = [o for o in modules if inc in own[o]]
                if not homes:
                    problems.append(f"{where}: \"{inc}\" is in no module")
                elif not any(h in allowed[m] for h in homes):
                    problems.append(f"{where}: includes {homes[0]}/{inc}, but docs/architecture.md "
                                    f"lets {m}/ include only {', '.join(sorted(allowed[m]))}")
for p in problems:
    print(p)
print(f"{len(modules)} modules checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
