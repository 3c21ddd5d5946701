# SPDX-License-Identifier: GPL-3.0-or-later
# Prints, for every code object of a few standard modules, its first line,
# its line table (hex) and CPython's own line for each code unit (co_lines,
# or dis.findlinestarts before 3.10), for tests/workloads/pylines-check.
import dis
import importlib
import sys
import types

MODULES = ["json.encoder", "re._parser" if sys.version_info >= (3, 11) else "sre_parse",
           "asyncio.base_events", "argparse", "typing", "dataclasses", "enum", "inspect"]


def codes(co):
    yield co
    for c in co.co_consts:
        if isinstance(c, types.CodeType):
            yield from codes(c)


def reference(co):
    ref = [None] * (len(co.co_code) // 2)
    if sys.version_info >= (3, 10):
        for start, end, line in co.co_lines():
            for off in range(start, end, 2):
                if off // 2 < len(ref):
                    ref[off // 2] = line
        return co.co_linetable, ref
    starts = list(dis.findlinestarts(co))
    j = -1
    for off in range(0, len(co.co_code), 2):
        while j + 1 < len(starts) and starts[j + 1][0] <= off:
            j += 1
        ref[off // 2] = starts[j][1] if j >= 0 else co.co_firstlineno
    return co.co_lnotab, ref


for name in MODULES:
    path = importlib.import_module(name).__file__
    with open(path, encoding="utf-8") as f:
        top = compile(f.read(), path, "exec")
    for co in codes(top):
        table, ref = reference(co)
        print(co.co_firstlineno, table.hex() or "-",
              ",".join("-1" if r is None else str(r) for r in ref) or "-")
