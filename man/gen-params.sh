#!/usr/bin/env bash
# Regenerate the parameter list of man/man7/gyre.7 (between the lines
# `.\" BEGIN GENERATED PARAMETERS` and `.\" END GENERATED PARAMETERS`) from
# the registry in runtime/params.cc, the one place parameters are declared.
#
#   man/gen-params.sh           rewrite the block in place
#   man/gen-params.sh --check   exit 1 (and say so) when the block is stale;
#                               test/man/test_gyre7_params.sh runs this
set -euo pipefail
srcdir=$(cd "$(dirname "$0")/.." && pwd)
exec python3 - "$srcdir" "$@" <<'PYTHON'
import re, sys
srcdir, check = sys.argv[1], "--check" in sys.argv[2:]
registry = open(f"{srcdir}/runtime/params.cc").read()
string = r'"((?:[^"\\]|\\.)*)"'
spec = re.compile(r"Spec\{\s*" + string + r",\s*Type::(\w+),\s*" + string + r",\s*" + string + r",\s*" + string + r"\s*\}")
specs = spec.findall(registry)
declared = len(re.findall(r"\bSpec\{", registry))
if len(specs) != declared or not specs:
    sys.exit(f"gen-params.sh: parsed {len(specs)} of {declared} Spec{{...}} entries in runtime/params.cc; "
             "keep each entry in the form Spec{\"NAME\", Type::t, \"default\", \"component\", \"help\"}")

def roff(text):
    text = text.replace("\\\"", "\"").replace("\\", "\\e")
    return ("\\&" + text) if text[:1] in ".'" else text

lines = []
component = None
for name, typ, default, comp, help_text in specs:
    if comp != component:
        lines.append(".SS " + comp)
        component = comp
    shown = default if default != "" else "empty"
    lines += [".TP", ".B " + name, f"({typ}, default {roff(shown)})", roff(help_text)]
block = "\n".join(lines) + "\n"

path = f"{srcdir}/man/man7/gyre.7"
page = open(path).read()
begin, end = '.\\" BEGIN GENERATED PARAMETERS\n', '.\\" END GENERATED PARAMETERS\n'
if begin not in page or end not in page:
    sys.exit(f"gen-params.sh: {path} lacks the BEGIN/END GENERATED PARAMETERS lines")
head, rest = page.split(begin, 1)
_, tail = rest.split(end, 1)
new = head + begin + block + end + tail
if check:
    if new != page:
        sys.exit("gen-params.sh: man/man7/gyre.7 is stale against runtime/params.cc; run man/gen-params.sh")
    print(f"gyre.7 lists all {len(specs)} registered parameters")
elif new != page:
    open(path, "w").write(new)
    print(f"man/man7/gyre.7: parameter list regenerated ({len(specs)} parameters)")
PYTHON
