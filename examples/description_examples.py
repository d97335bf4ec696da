"""Writes the examples of every resource's and function's schema description to files.

Each description in schema.json carries one fenced example per language; this writes them as
OUT/<language>/<name>.<ext> (Go examples as OUT/go/<name>/main.go) so that the examples check
can compile them like the example programs. The YAML examples are checked here: every resource
and function they use must be in the schema, with the properties and arguments it declares.

Usage: python3 description_examples.py SCHEMA_JSON OUT_DIR
"""

import json
import pathlib
import re
import sys

import yaml

EXTENSIONS = {"typescript": "ts", "python": "py", "go": "go", "yaml": "yaml"}
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def main(schema_path, out):
    spec = json.loads(pathlib.Path(schema_path).read_text())
    entries = list(spec.get("resources", {}).items()) + list(spec.get("functions", {}).items())
    for token, entry in entries:
        name = token.split(":")[-1]
        found = {}
        for lang, code in FENCE.findall(entry.get("description", "")):
            found[lang] = code
        missing = sorted(set(EXTENSIONS) - set(found))
        if missing:
            sys.exit(f"{token}: the description has no {', '.join(missing)} example")
        for lang, code in found.items():
            ext = EXTENSIONS[lang]
            path = pathlib.Path(out, lang, name, "main.go") if lang == "go" else pathlib.Path(out, lang, f"{name}.{ext}")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(code)
        check_yaml(spec, token, yaml.safe_load(found["yaml"]))


def check_yaml(spec, token, program):
    """Fails unless every eipkit resource and function of a YAML program is used as declared."""
    package = spec["name"] + ":"
    for name, resource in (program.get("resources") or {}).items():
        rtype = resource["type"].replace(package, package + "index:", 1) if resource["type"].count(":") == 1 else resource["type"]
        declared = spec["resources"].get(rtype)
        if declared is None:
            sys.exit(f"{token}: YAML resource {name} has type {resource['type']}, which the schema does not declare")
        unknown = set(resource.get("properties") or {}) - set(declared.get("inputProperties", {}))
        if unknown:
            sys.exit(f"{token}: YAML resource {name} sets {', '.join(sorted(unknown))}, which {rtype} does not declare")
    for name, variable in (program.get("variables") or {}).items():
        invoke = variable.get("fn::invoke") if isinstance(variable, dict) else None
        if not invoke:
            continue
        ftoken = invoke["function"].replace(package, package + "index:", 1)
        declared = spec["functions"].get(ftoken)
        if declared is None:
            sys.exit(f"{token}: YAML variable {name} calls {invoke['function']}, which the schema does not declare")
        unknown = set(invoke.get("arguments") or {}) - set(declared["inputs"]["properties"])
        if unknown:
            sys.exit(f"{token}: YAML variable {name} passes {', '.join(sorted(unknown))}, which {ftoken} does not declare")


if __name__ == "__main__":
    main(*sys.argv[1:])
