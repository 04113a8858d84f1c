#!/usr/bin/env bash
# Create the skeleton of a man3 page for one MPI function, in the format of
# man/README.md, with the exact prototype of `cc -E -P include/mpi.h`.
#
#   man/new-page.sh MPI_Allreduce          -> man/man3/MPI_Allreduce.3
#                                             (+ MPI_Allreduce_c.3 link when
#                                             mpi.h has the _c variant)
#   man/new-page.sh --link MPI_Send_c MPI_Send
#                                          -> man/man3/MPI_Send_c.3 = .so link,
#                                             and MPI_Send.3's SYNOPSIS/NAME
#                                             gain the _c prototype
# Options: --force (overwrite an existing page), --stdout (print, write nothing),
#          --no-c (do not add the _c variant).
#
# The skeleton carries TODO markers (parameter directions are guessed from
# const/pointer-ness, the error list from the parameter types);
# test/man/check_man_pages.py rejects any page that still contains TODO.
# Check your page with: python3 test/man/check_man_pages.py --pages-only .
set -euo pipefail
srcdir=$(cd "$(dirname "$0")/.." && pwd)
exec python3 - "$srcdir" "$@" <<'PYTHON'
import datetime, os, re, sys

srcdir = sys.argv[1]
args = sys.argv[2:]
sys.path.insert(0, os.path.join(srcdir, "test", "man"))
import check_man_pages as cmp  # the checker's own parser: same prototypes

def usage(code):
    print("usage: man/new-page.sh [--force] [--stdout] [--no-c] MPI_Name\n"
          "       man/new-page.sh [--force] [--stdout] --link MPI_Name_c MPI_Name", file=sys.stderr)
    sys.exit(code)

force = stdout = no_c = link = False
names = []
for a in args:
    if a == "--force": force = True
    elif a == "--stdout": stdout = True
    elif a == "--no-c": no_c = True
    elif a == "--link": link = True
    elif a in ("-h", "--help"): usage(0)
    elif a.startswith("-"): print(f"new-page.sh: unknown option {a}", file=sys.stderr); usage(2)
    else: names.append(a)
if len(names) != (2 if link else 1):
    usage(2)

header = cmp.header_prototypes(srcdir)
man3 = os.path.join(srcdir, "man", "man3")

def die(msg):
    print("new-page.sh: " + msg, file=sys.stderr)
    sys.exit(1)

for n in names:
    if n not in header:
        close = [h for h in header if h.lower() == n.lower()]
        die(f"mpi.h declares no function {n}" + (f" (did you mean {close[0]}?)" if close else ""))

def version():
    m = re.search(r"AC_INIT\(\[[^\]]*\],\s*\[([^\]]*)\]", open(os.path.join(srcdir, "configure.ac")).read())
    return m.group(1) if m else "0.1"

def display(proto):
    """The one-line prototype from mpi.h, wrapped for the SYNOPSIS block."""
    proto = re.sub(r"\s+\(", "(", proto, count=1) + ";"
    open_at = proto.index("(") + 1
    head, params = proto[:open_at], cmp.split_params(proto) or ["void"]
    tail = ");"
    lines, cur = [], head
    for i, p in enumerate(params):
        piece = p + (", " if i + 1 < len(params) else tail)
        if len(cur) + len(piece.rstrip()) > 78 and cur.strip() != head.strip():
            lines.append(cur.rstrip())
            cur = " " * open_at
        cur += piece
    lines.append(cur.rstrip())
    return "\n".join(lines)

def direction(decl):
    if decl.strip() == "...":
        return None
    pointer = "*" in decl or "[" in decl
    if not pointer or re.match(r"\s*const\b", decl):
        return "INPUT"
    return "OUTPUT"

ERRORS = [  # (test on a parameter declaration, class, text)
    (r"\bMPI_Comm\s+\w+$", "MPI_ERR_COMM", "is not a valid communicator."),
    (r"\bMPI_Datatype\s+\w+$", "MPI_ERR_TYPE", "is not a valid, committed datatype."),
    (r"\b(int|MPI_Count)\s+\w*count$", "MPI_ERR_COUNT", "is negative."),
    (r"\bint\s+(dest|source)$", "MPI_ERR_RANK", "is not a rank of the communicator."),
    (r"\bint\s+root$", "MPI_ERR_ROOT", "is not a rank of the communicator."),
    (r"\bint\s+\w*tag$", "MPI_ERR_TAG", "is negative or above MPI_TAG_UB."),
    (r"\bMPI_Op\s+\w+$", "MPI_ERR_OP", "is not a valid operation."),
    (r"\bMPI_Request\s*\*?\s*\w+$", "MPI_ERR_REQUEST", "is not a valid request."),
    (r"\bMPI_Group\s+\w+$", "MPI_ERR_GROUP", "is not a valid group."),
    (r"\bMPI_Info\s+\w+$", "MPI_ERR_INFO", "is not a valid info object."),
    (r"\bMPI_Win\s+\w+$", "MPI_ERR_WIN", "is not a valid window."),
    (r"\bMPI_File\s+\w+$", "MPI_ERR_FILE", "is not a valid file handle."),
]

def skeleton(name, with_c):
    protos = [header[name]] + ([header[name + "_c"]] if with_c else [])
    decls = cmp.split_params(header[name])
    if with_c:  # parameters that only the _c prototype has
        known = {cmp.param_name(d) for d in decls}
        decls += [d for d in cmp.split_params(header[name + "_c"]) if cmp.param_name(d) not in known]
    groups = {"INPUT": [], "OUTPUT": []}
    for d in decls:
        kind = direction(d)
        if kind and cmp.param_name(d):
            groups[kind].append((cmp.param_name(d), d))
    shown = name + (", " + name + "_c" if with_c else "")
    out = [f'.TH {name} 3 "{datetime.date.today().isoformat()}" "Gyre {version()}" "Gyre MPI"',
           ".SH NAME", f"{shown} \\- TODO one line: what the call does",
           ".SH SYNOPSIS", ".nf", "#include <mpi.h>", ""]
    out += [display(p) for p in protos]
    out += [".fi"]
    for kind in ("INPUT", "OUTPUT"):
        if not groups[kind]:
            continue
        out.append(f".SH {kind} PARAMETERS")
        for pname, decl in groups[kind]:
            guess = "by value or const" if kind == "INPUT" else "non-const pointer"
            out += [".TP", f".I {pname}", f"TODO describe. Guessed {kind} from '{decl}' ({guess});",
                    "a parameter the call reads and writes goes under INPUT/OUTPUT PARAMETERS."]
    out += [".SH DESCRIPTION",
            f"TODO What {name} does: what the standard requires, then what Gyre does",
            "(protocol or algorithm, device buffers, progress, thread safety)."]
    if with_c:
        out += [".SH NOTES",
                f".B {name}_c",
                "is the large-count variant: its counts (and displacements, where it has them) are",
                ".B MPI_Count",
                "instead of",
                ".BR int ;",
                "otherwise it behaves exactly like",
                f".BR {name} ."]
    out += [".SH ERRORS"]
    seen = set()
    for d in decls:
        for pattern, cls, text in ERRORS:
            if re.search(pattern, d.replace("*", " * ").strip()) and cls not in seen:
                seen.add(cls)
                out += [".TP", f".B {cls}", f".I {cmp.param_name(d)}", f"{text} TODO confirm against the code."]
    out += [".TP", ".B MPI_ERR_ARG", "TODO a pointer argument is NULL (or remove).",
            ".PP", "Errors go to the error handler of the communicator (see",
            ".BR MPI_Comm_set_errhandler (3));",
            "the default aborts the job with a message naming the call and the argument.",
            "TODO adjust when the call reports on another object (window, file, session).",
            ".SH SEE ALSO", "TODO related pages, e.g.", ".BR MPI_Comm_set_errhandler (3)"]
    return "\n".join(out) + "\n"

def write(path, text):
    if stdout:
        print(f"==> {os.path.relpath(path, srcdir)} <==")
        sys.stdout.write(text)
        return
    if os.path.exists(path) and not force:
        die(f"{os.path.relpath(path, srcdir)} exists (use --force to overwrite)")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(path, srcdir)}")

def add_c_to_base(base, c_name):
    """Show c_name's prototype in the base page's SYNOPSIS and NAME."""
    path = os.path.join(man3, base + ".3")
    if not os.path.exists(path):
        print(f"note: {base}.3 does not exist yet; create it with man/new-page.sh {base}")
        return
    text = open(path).read()
    secs = dict(cmp.sections(text))
    changed = False
    if c_name not in cmp.synopsis_prototypes(secs.get("SYNOPSIS", "")):
        m = re.search(r"^\.SH SYNOPSIS\n.*?^\.fi$", text, re.S | re.M)
        if not m:
            die(f"{base}.3: no .nf/.fi block in SYNOPSIS to add {c_name} to")
        text = text[:m.end() - 3] + display(header[c_name]) + "\n" + text[m.end() - 3:]
        changed = True
    nm = re.search(r"^\.SH NAME\n(.*?) \\-", text, re.M)
    if nm and c_name not in [s.strip() for s in nm.group(1).split(",")]:
        text = text[:nm.end(1)] + ", " + c_name + text[nm.end(1):]
        changed = True
    if changed:
        if stdout:
            print(f"==> man/man3/{base}.3 (updated) <==")
            sys.stdout.write(text)
        else:
            with open(path, "w") as f:
                f.write(text)
            print(f"updated man/man3/{base}.3: SYNOPSIS and NAME now show {c_name}")

if link:
    c_name, base = names
    if c_name != base + "_c":
        die(f"--link is for large-count variants: expected {base}_c, got {c_name}")
    write(os.path.join(man3, c_name + ".3"), f".so man3/{base}.3\n")
    add_c_to_base(base, c_name)
else:
    name = names[0]
    if name.endswith("_c") and name[:-2] in header:
        die(f"{name} is the large-count variant of {name[:-2]}: use --link {name} {name[:-2]}")
    with_c = not no_c and (name + "_c") in header
    write(os.path.join(man3, name + ".3"), skeleton(name, with_c))
    if with_c:
        c_path = os.path.join(man3, name + "_c.3")
        if stdout or force or not os.path.exists(c_path):
            write(c_path, f".so man3/{name}.3\n")
    if not stdout:
        print("now replace every TODO; check with: python3 test/man/check_man_pages.py --pages-only .")
PYTHON
