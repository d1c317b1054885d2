#!/usr/bin/env python3
"""Validate a Hyoka JSON export against docs/export-schema.json.

Usage: python3 scripts/validate_export.py SCHEMA EXPORT.json
Prints "export valid: N documents", or every error with its JSON path; exits 1 on failure.
"""
import json
import sys

try:
    from jsonschema import Draft202012Validator
except ImportError:
    sys.exit("validate_export.py needs the jsonschema package: pip install jsonschema")


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as schema_file:
        schema = json.load(schema_file)
    with open(sys.argv[2], encoding="utf-8") as export_file:
        export = json.load(export_file)
    Draft202012Validator.check_schema(schema)
    errors = sorted(Draft202012Validator(schema).iter_errors(export), key=lambda error: list(error.absolute_path))
    for error in errors:
        path = "/".join(str(part) for part in error.absolute_path) or "(root)"
        print(f"{path}: {error.message}", file=sys.stderr)
    if errors:
        print(f"export invalid: {len(errors)} error(s)", file=sys.stderr)
        return 1
    print(f"export valid: {len(export.get('documents', []))} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
