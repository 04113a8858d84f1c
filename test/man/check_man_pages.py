#!/usr/bin/env python3
"""Checks Gyre's man pages against the library, the header and mandoc.

usage: check_man_pages.py SRCDIR PREFIX     full check (after make install)
       check_man_pages.py --pages-only SRCDIR
                                            every page that exists, without the
                                            installed library (for page writers)

Prints one line per problem and a summary line; exit 1 when there is any
problem. It fails when

  * an exported MPI_/MPIX_ function of PREFIX/lib/libmpi.so has no page, or a
    program in PREFIX/bin has no man1 page;
  * a man3 page names a function that include/mpi.h does not declare;
  * a page's SYNOPSIS prototype differs from the one in `cc -E -P mpi.h`
    (whitespace normalised), or lists a prototype other than its own and its
    large-count `_c` variant;
  * a `.so` link page (MPI_Send_c.3 -> man3/MPI_Send.3) points at a missing
    page, or the target's SYNOPSIS does not show the linked function;
  * a page lacks a required section, has them out of order, or has a section
    that is not in the allowed list (catches typos);
  * a parameter of the prototype has no `.TP` entry in the parameter
    sections, or an entry names no parameter;
  * `.TH` does not name the page's own function and section, or NAME does
    not start with the function (and its `_c` variant when listed);
  * any page contains "TODO" (man/new-page.sh skeletons cannot land unedited);
  * `mandoc -Tlint -W warning` reports a warning or an error.
"""
import os
import re
import subprocess
import sys

REQUIRED3 = ["NAME", "SYNOPSIS", "DESCRIPTION", "ERRORS", "SEE ALSO"]
PARAM_SECTIONS = ["INPUT PARAMETERS", "OUTPUT PARAMETERS", "INPUT/OUTPUT PARAMETERS", "PARAMETERS"]
OPTIONAL3 = ["RETURN VALUE", "NOTES", "ALGORITHMS", "ENVIRONMENT", "EXAMPLE", "EXAMPLES"]
ALLOWED3 = set(REQUIRED3 + PARAM_SECTIONS + OPTIONAL3)
REQUIRED1 = ["NAME", "SYNOPSIS", "DESCRIPTION", "SEE ALSO"]
REQUIRED7 = ["NAME", "DESCRIPTION", "SEE ALSO"]


# ---- mpi.h ------------------------------------------------------------------

def normalise(proto):
    proto = re.sub(r"/\*.*?\*/", " ", proto)
    proto = re.sub(r"\s+", " ", proto).strip().rstrip(";").strip()
    proto = re.sub(r"\s*([(),*\[\]])\s*", r"\1", proto)
    return proto


def preprocessed_header(srcdir):
    return subprocess.run(["cc", "-E", "-P", "-I", os.path.join(srcdir, "include"), "-x", "c",
                           os.path.join(srcdir, "include", "mpi.h")],
                          capture_output=True, text=True, check=True).stdout


def header_prototypes(srcdir, text=None):
    """{name: prototype text as written (one line)} for every MPI_/MPIX_ function."""
    pre = preprocessed_header(srcdir) if text is None else text
    protos = {}
    pattern = r"([A-Za-z_][\w \*]*?\b(MPIX?_\w+)\s*\([^;{]*\))\s*(?:__attribute__\(\(.*?\)\)\s*)*;"
    for m in re.finditer(pattern, pre, re.S):
        if re.match(r"\s*typedef\b", m.group(1)):
            continue
        protos[m.group(2)] = re.sub(r"\s+", " ", m.group(1)).strip()
    return protos


def split_params(proto):
    """The parameter declarations of a prototype, split at top-level commas."""
    start = proto.index("(")
    end = proto.rindex(")")
    inner = proto[start + 1:end]
    params, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            params.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        params.append(cur.strip())
    return [p for p in params if p not in ("void", "")]


def param_name(decl):
    """`const int recvcounts[]` -> recvcounts; `...` -> None."""
    if decl.strip() == "...":
        return None
    m = re.search(r"\(\s*\*\s*(\w+)\s*\)", decl)  # function pointer
    if m:
        return m.group(1)
    m = re.search(r"(\w+)\s*(?:\[[^\]]*\]\s*)*$", decl)
    return m.group(1) if m else None


def param_names(proto):
    return [n for n in (param_name(d) for d in split_params(proto)) if n]


# ---- pages ------------------------------------------------------------------

def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def link_target(text):
    m = re.match(r"\.so\s+(\S+)\s*$", text)
    return m.group(1) if m else None


def sections(text):
    """[(title, body)] in page order."""
    out = []
    cur_title, cur_lines = None, []
    for line in text.splitlines():
        m = re.match(r'\.SH\s+"?([^"]*?)"?\s*$', line)
        if m:
            if cur_title is not None:
                out.append((cur_title, "\n".join(cur_lines)))
            cur_title, cur_lines = m.group(1).strip(), []
        elif cur_title is not None:
            cur_lines.append(line)
    if cur_title is not None:
        out.append((cur_title, "\n".join(cur_lines)))
    return out


def synopsis_prototypes(body):
    """{name: normalised prototype} from a SYNOPSIS section body."""
    lines = [l for l in body.splitlines() if not l.startswith(".") and not l.startswith("#")]
    text = "\n".join(lines)
    text = text.replace("\\-", "-").replace("\\(em", "").replace("\\&", "")
    text = re.sub(r"\\f[BIRP]", "", text)
    protos = {}
    for p in text.split(";"):
        mm = re.search(r"\b(MPIX?_\w+)\s*\(", p)
        if mm:
            protos[mm.group(1)] = normalise(p)
    return protos


def documented_params(secs):
    """Identifiers tagged by .TP entries inside the parameter sections."""
    names = []
    for title, body in secs:
        if title not in PARAM_SECTIONS:
            continue
        lines = body.splitlines()
        for i, line in enumerate(lines):
            if line.strip() == ".TP" and i + 1 < len(lines):
                tag = lines[i + 1]
                m = re.match(r'\.(?:I|B|IR|BI|IB|BR|RI)\s+"?(\w+)', tag) or re.match(r"(\w+)", tag)
                if m:
                    names.append(m.group(1))
    return names


def check_th(name, section, text, problems, label):
    m = re.search(r"^\.TH\s+(\S+)\s+(\S+)", text, re.M)
    if not m:
        problems.append(f"{label}: no .TH line")
    elif m.group(1).strip('"').lower() != name.lower() or m.group(2).strip('"') != section:
        problems.append(f"{label}: .TH says '{m.group(1)} {m.group(2)}', expected '{name} {section}'")


def check_required(secs, required, problems, label):
    titles = [t for t, _ in secs]
    for sec in required:
        if sec not in titles:
            problems.append(f"{label}: page lacks section {sec}")
    present = [t for t in titles if t in required]
    if present != [s for s in required if s in present]:
        problems.append(f"{label}: sections out of order ({', '.join(present)}); "
                        f"required order is {', '.join(required)}")
    if titles and titles[-1] != "SEE ALSO" and "SEE ALSO" in titles:
        problems.append(f"{label}: SEE ALSO must be the last section")


def check_function_page(name, text, header, srcdir, problems):
    """A man3 page for function `name` (after following a .so link)."""
    secs = sections(text)
    titles = [t for t, _ in secs]
    check_required(secs, REQUIRED3, problems, name)
    for t in titles:
        if t not in ALLOWED3:
            problems.append(f"{name}: unknown section '{t}' (allowed: {', '.join(sorted(ALLOWED3))})")
    body = dict(secs)
    synopsis = synopsis_prototypes(body.get("SYNOPSIS", ""))
    if "#include <mpi.h>" not in body.get("SYNOPSIS", ""):
        problems.append(f"{name}: SYNOPSIS lacks '#include <mpi.h>'")
    if name not in synopsis:
        problems.append(f"{name}: SYNOPSIS does not show its prototype")
    for listed, proto in synopsis.items():
        if listed not in (name, name + "_c"):
            problems.append(f"{name}: SYNOPSIS lists {listed}; a page shows only its own function "
                            f"and its _c variant")
        elif listed not in header:
            problems.append(f"{name}: SYNOPSIS lists {listed}, which mpi.h does not declare")
        elif proto != normalise(header[listed]):
            problems.append(f"{name}: SYNOPSIS differs from mpi.h for {listed}\n"
                            f"   page:   {proto}\n   mpi.h:  {normalise(header[listed])}")
    # NAME: "MPI_Send, MPI_Send_c \- ..." lists every function shown.
    name_line = body.get("NAME", "").strip()
    m = re.match(r"(.*?)\s+\\-\s+\S", name_line, re.S)
    if not m:
        problems.append(f"{name}: NAME must read '{name} \\- what it does'")
    else:
        listed_names = [n.strip() for n in m.group(1).replace("\\&", "").split(",")]
        for shown in synopsis:
            if shown in (name, name + "_c") and shown not in listed_names:
                problems.append(f"{name}: NAME does not list {shown}")
    # Parameters: one .TP entry per parameter, and no entry for a non-parameter.
    wanted = []
    for listed in synopsis:
        if listed in header:
            wanted += [p for p in param_names(header[listed]) if p not in wanted]
    have = documented_params(secs)
    if wanted and not any(t in PARAM_SECTIONS for t in titles):
        problems.append(f"{name}: page lacks a parameter section ({' / '.join(PARAM_SECTIONS)})")
    for p in wanted:
        if p not in have:
            problems.append(f"{name}: parameter '{p}' has no .TP entry in the parameter sections")
    for p in have:
        if wanted and p not in wanted:
            problems.append(f"{name}: parameter section documents '{p}', which is not a parameter")


def check_pages(srcdir, header, must_exist, problems):
    """Check every page under man/; must_exist: function names that need a page."""
    man = os.path.join(srcdir, "man")
    pages = []
    for sec in ("man1", "man3", "man7"):
        d = os.path.join(man, sec)
        if os.path.isdir(d):
            pages += [os.path.join(d, p) for p in sorted(os.listdir(d)) if re.search(r"\.[137]$", p)]
    for name in sorted(must_exist):
        if not os.path.exists(os.path.join(man, "man3", name + ".3")):
            problems.append(f"{name}: exported but has no man page (man/man3/{name}.3)")

    lint = []
    for path in pages:
        base = os.path.basename(path)
        name, section = base.rsplit(".", 1)
        label = os.path.relpath(path, srcdir)
        text = read(path)
        if re.search(r"TODO", text):
            problems.append(f"{label}: contains TODO (an unedited skeleton from man/new-page.sh?)")
        target = link_target(text)
        if target:
            tpath = os.path.join(man, target)
            if section != "3" or not re.fullmatch(r"man3/MPIX?_\w+\.3", target):
                problems.append(f"{label}: .so links are for man3 function pages only (got {target})")
                continue
            if not os.path.exists(tpath):
                problems.append(f"{label}: links to {target}, which does not exist")
                continue
            ttext = read(tpath)
            if link_target(ttext):
                problems.append(f"{label}: links to {target}, which is itself a link")
                continue
            tname = os.path.basename(target)[:-2]
            if name not in header:
                problems.append(f"{label}: mpi.h declares no function {name}")
            if name not in synopsis_prototypes(dict(sections(ttext)).get("SYNOPSIS", "")):
                problems.append(f"{label}: links to {target}, whose SYNOPSIS does not show {name}")
            elif name != tname + "_c":
                problems.append(f"{label}: a link page is only for a _c variant of its target "
                                f"({name} -> {tname})")
            continue
        lint.append(path)
        if section == "3":
            check_th(name, "3", text, problems, name)
            if name not in header:
                problems.append(f"{label}: mpi.h declares no function {name}")
                continue
            check_function_page(name, text, header, srcdir, problems)
        else:
            check_th(name, section, text, problems, label)
            check_required(sections(text), REQUIRED1 if section == "1" else REQUIRED7, problems, label)
    if lint:
        r = subprocess.run(["mandoc", "-Tlint", "-W", "warning"] + lint, capture_output=True, text=True, cwd=man)
        for line in (r.stdout + r.stderr).splitlines():
            if "WARNING" in line or "ERROR" in line or "UNSUPP" in line or "BADARG" in line:
                problems.append("mandoc: " + line.replace(man + "/", "man/"))
    return pages


def exported_functions(prefix):
    lib = os.path.join(prefix, "lib", "libmpi.so")
    if not os.path.exists(lib):
        raise SystemExit(f"check_man_pages: {lib} not found (run make install first)")
    out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True, check=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TWi" and re.match(r"MPIX?_", parts[2]):
            names.add(parts[2])
    return names


def installed_programs(prefix):
    d = os.path.join(prefix, "bin")
    if not os.path.isdir(d):
        return []
    return sorted(p for p in os.listdir(d) if os.access(os.path.join(d, p), os.X_OK))


def main(argv):
    problems = []
    if len(argv) == 3 and argv[1] == "--pages-only":
        srcdir, prefix = argv[2], None
    elif len(argv) == 3 and not argv[1].startswith("-"):
        srcdir, prefix = argv[1], argv[2]
    else:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    srcdir = os.path.abspath(srcdir)
    if not os.path.isdir(os.path.join(srcdir, "man")):
        print(f"check_man_pages: {srcdir}/man not found", file=sys.stderr)
        return 2
    header = header_prototypes(srcdir)
    exported = set()
    if prefix is not None:
        exported = exported_functions(prefix)
        for name in sorted(exported - set(header)):
            problems.append(f"{name}: exported by libmpi.so but not declared in mpi.h")
        for prog in installed_programs(prefix):
            if not os.path.exists(os.path.join(srcdir, "man", "man1", prog + ".1")):
                problems.append(f"{prog}: installed in bin/ but has no man page (man/man1/{prog}.1)")
    pages = check_pages(srcdir, header, exported, problems)
    for p in problems:
        print(p)
    scope = f"{len(exported)} exported functions, " if prefix is not None else "pages only, "
    print(f"man pages: {scope}{len(pages)} pages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
