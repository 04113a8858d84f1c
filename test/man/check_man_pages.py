#!/usr/bin/env python3
"""Checks Gyre's man pages against the library and the header.

usage: check_man_pages.py SRCDIR PREFIX
Fails (exit 1) when an exported MPI_/MPIX_ function has no page, when a page's
SYNOPSIS prototype differs from include/mpi.h, when a page misses a required
section, or when mandoc -Tlint complains. Prints one line per problem.
"""
import os
import re
import subprocess
import sys

REQUIRED = ["NAME", "SYNOPSIS", "DESCRIPTION", "ERRORS", "SEE ALSO"]


def exported_functions(prefix):
    lib = os.path.join(prefix, "lib", "libmpi.so")
    out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True, check=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TW" and re.match(r"MPIX?_", parts[2]):
            names.add(parts[2])
    return names


def normalise(proto):
    proto = re.sub(r"/\*.*?\*/", " ", proto)
    proto = re.sub(r"\s+", " ", proto).strip().rstrip(";").strip()
    proto = re.sub(r"\s*([(),*\[\]])\s*", r"\1", proto)
    return proto


def header_prototypes(srcdir):
    pre = subprocess.run(["cc", "-E", "-P", "-I", os.path.join(srcdir, "include"), "-x", "c",
                          os.path.join(srcdir, "include", "mpi.h")], capture_output=True, text=True, check=True).stdout
    protos = {}
    for m in re.finditer(r"([A-Za-z_][\w \*]*?\b(MPIX?_\w+)\s*\([^;{]*\))\s*(?:__attribute__\(\(.*?\)\)\s*)*;", pre, re.S):
        protos[m.group(2)] = normalise(m.group(1))
    return protos


def page_text(srcdir, name):
    path = os.path.join(srcdir, "man", "man3", name + ".3")
    if not os.path.exists(path):
        return None, path
    with open(path) as f:
        text = f.read()
    m = re.match(r"\.so\s+(\S+)", text)
    if m:  # a link page: check the target instead
        with open(os.path.join(srcdir, "man", m.group(1))) as f:
            text = f.read()
    return text, path


def synopsis_prototypes(text):
    m = re.search(r"^\.SH SYNOPSIS\n(.*?)^\.SH ", text, re.S | re.M)
    if not m:
        return {}
    body = m.group(1)
    body = "\n".join(l for l in body.splitlines() if not l.startswith(".") and not l.startswith("#"))
    body = body.replace("\\-", "-").replace("\\(em", "").replace("\\fB", "").replace("\\fR", "").replace("\\fI", "")
    protos = {}
    for p in body.split(";"):
        mm = re.search(r"\b(MPIX?_\w+)\s*\(", p)
        if mm:
            protos[mm.group(1)] = normalise(p)
    return protos


def main():
    srcdir, prefix = sys.argv[1], sys.argv[2]
    problems = []
    exported = exported_functions(prefix)
    header = header_prototypes(srcdir)
    for name in sorted(exported):
        text, path = page_text(srcdir, name)
        if text is None:
            problems.append(f"{name}: exported but has no man page ({os.path.relpath(path, srcdir)})")
            continue
        for sec in REQUIRED:
            if not re.search(r"^\.SH \"?" + re.escape(sec), text, re.M):
                problems.append(f"{name}: page lacks section {sec}")
        synopsis = synopsis_prototypes(text)
        if name not in synopsis:
            problems.append(f"{name}: SYNOPSIS does not show its prototype")
        elif name in header and synopsis[name] != header[name]:
            problems.append(f"{name}: SYNOPSIS differs from mpi.h\n   page:   {synopsis[name]}\n   mpi.h:  {header[name]}")
    pages = []
    for sec in ("man1", "man3", "man7"):
        d = os.path.join(srcdir, "man", sec)
        if os.path.isdir(d):
            pages += [os.path.join(d, p) for p in sorted(os.listdir(d)) if re.search(r"\.[137]$", p)]
    lint = subprocess.run(["mandoc", "-Tlint", "-W", "warning"] + [p for p in pages if not open(p).read().startswith(".so")],
                          capture_output=True, text=True, cwd=os.path.join(srcdir, "man"))
    for line in (lint.stdout + lint.stderr).splitlines():
        if "WARNING" in line or "ERROR" in line:
            problems.append("mandoc: " + line)
    for p in problems:
        print(p)
    print(f"man pages: {len(exported)} exported functions, {len(pages)} pages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
