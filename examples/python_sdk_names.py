"""Checks that Python programs call the generated eipkit_alicloud_eip SDK with names it declares.

The pulumi package cannot be imported where the examples are checked, so this reads the SDK and
the programs with ast instead: every class or function a program takes from eipkit_alicloud_eip
must exist, every keyword argument it passes must be a parameter of it, and every required
argument must be given.

Usage: python3 python_sdk_names.py SDK_PACKAGE_DIR PROGRAM.py...
"""

import ast
import pathlib
import sys

SDK_MODULE = "eipkit_alicloud_eip"


class Signature:
    """The parameters of an SDK class or function."""

    def __init__(self, params, required):
        self.params = set(params)
        self.required = set(required)


def parameters(func):
    """Names of a function's parameters (self excluded) and those without a default."""
    args = func.args
    positional = args.posonlyargs + args.args
    names = [a.arg for a in positional + args.kwonlyargs]
    required = [a.arg for a in positional[: len(positional) - len(args.defaults)]]
    required += [a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is None]
    drop = {"self", "__self__"}
    return [n for n in names if n not in drop], [n for n in required if n not in drop]


def read_sdk(package_dir):
    """Maps each public class and function of the SDK package to its signature."""
    inits, functions = {}, {}
    for path in sorted(pathlib.Path(package_dir).glob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                functions[node.name] = parameters(node)
            elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                overloads = [n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"]
                if overloads:
                    # The overload with the most parameters names them all.
                    inits[node.name] = max((parameters(f) for f in overloads), key=lambda p: len(p[0]))
    sdk = {name: Signature(*sig) for name, sig in functions.items()}
    for name, (params, required) in inits.items():
        args = inits.get(name + "Args")
        if args is not None and "resource_name" in params:
            # A resource: its keyword arguments are those of its Args class, where the
            # required ones are marked; resource_name and opts are its own.
            sdk[name] = Signature(params + args[0], ["resource_name"] + args[1])
        else:
            sdk[name] = Signature(params, required)
    return sdk


def check_program(path, sdk):
    """Returns the problems found in one program."""
    tree = ast.parse(pathlib.Path(path).read_text(), filename=str(path))
    aliases, direct = set(), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases.update(a.asname or a.name for a in node.names if a.name == SDK_MODULE)
        elif isinstance(node, ast.ImportFrom) and node.module == SDK_MODULE:
            direct.update({a.asname or a.name: a.name for a in node.names})
    problems, calls = [], 0
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func, name = node.func, None
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in aliases:
            name = func.attr
        elif isinstance(func, ast.Name) and func.id in direct:
            name = direct[func.id]
        if name is None:
            continue
        calls += 1
        where = f"{path}:{node.lineno}"
        sig = sdk.get(name)
        if sig is None:
            problems.append(f"{where}: {SDK_MODULE} has no class or function {name}")
            continue
        given = {k.arg for k in node.keywords if k.arg is not None}
        for unknown in sorted(given - sig.params):
            problems.append(f"{where}: {name} has no argument {unknown}")
        spread = any(k.arg is None for k in node.keywords)
        positional = {"resource_name"} if node.args else set()
        if not spread and len(node.args) <= 1:
            for missing in sorted(sig.required - given - positional):
                problems.append(f"{where}: {name} needs the argument {missing}")
    if calls == 0:
        problems.append(f"{path}: no call into {SDK_MODULE} found (import it as a module or by name)")
    return problems


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    sdk = read_sdk(argv[1])
    if not sdk:
        print(f"{argv[1]}: no SDK classes or functions found", file=sys.stderr)
        return 1
    problems = [p for path in argv[2:] for p in check_program(path, sdk)]
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
