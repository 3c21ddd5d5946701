# Prints the line tables of every code object of some standard modules and,
# for each instruction, the line the running interpreter gives it, in the
# format tests/workloads/pylines-check.c reads.
import ctypes
import importlib
import sys
import types


def walk(code):
    yield code
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            yield from walk(c)


# The interpreter's own answer: PyCode_Addr2Line(code, byte offset).
addr2line = ctypes.pythonapi.PyCode_Addr2Line
addr2line.argtypes = [ctypes.py_object, ctypes.c_int]
addr2line.restype = ctypes.c_int


def lines(code, units):
    # lasti is a byte offset before 3.10, a count of code units from then.
    for off in range(0, len(code.co_code), 2):
        yield off // 2 if units else off, addr2line(code, off)


def main():
    v = sys.version_info[:2]
    kind = "lnotab" if v < (3, 10) else "linetable310" if v < (3, 11) else "locations"
    for name in sys.argv[1:]:
        path = importlib.import_module(name).__file__
        with open(path, encoding="utf-8") as f:
            top = compile(f.read(), path, "exec")
        for code in walk(top):
            table = code.co_lnotab if v < (3, 10) else code.co_linetable
            print("code %s %d %s" % (kind, code.co_firstlineno, table.hex()))
            for lasti, line in lines(code, v >= (3, 10)):
                print("at %d %d" % (lasti, line))


main()
