#!/usr/bin/env python3
"""Validates recipe files against builder's JSON Schema with the jsonschema package (Debian's
python3-jsonschema), the independent oracle for recipes/recipe.schema.json.

usage: validate_recipes.py SCHEMA RECIPE...
Checks SCHEMA against the draft 2020-12 meta-schema first (exit 2 if it is not a valid schema),
then prints one JSON object per recipe: {"file": ..., "valid": bool, "errors": [{"path", "message"}]}.
"""
import json
import sys

import jsonschema


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as e:
        print(f"the schema is not a valid draft 2020-12 schema: {e.message}", file=sys.stderr)
        return 2
    validator = jsonschema.Draft202012Validator(schema)
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            recipe = json.load(f)
        errors = [
            {"path": "/".join(str(p) for p in e.absolute_path), "message": e.message}
            for e in validator.iter_errors(recipe)
        ]
        print(json.dumps({"file": path, "valid": not errors, "errors": errors}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
