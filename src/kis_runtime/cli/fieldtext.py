"""The text of a TR's attribute docstrings (descriptions, value meanings, [spec: …] notes).

The generated classes carry each field's doc text as an attribute docstring, which Python keeps
only in the source; reading it back with ast shows it without a second copy of the spec.
"""

from __future__ import annotations

import ast
import inspect
import itertools
from typing import Any


def attribute_docs(cls: type[Any]) -> dict[str, str]:
    """py attribute name -> its docstring, for one class; {} when the source is not available."""
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        return {}
    tree = ast.parse(inspect.cleandoc("\n" + source) if source.startswith(" ") else source)
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        body = node.body
        for statement, following in itertools.pairwise(body):
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                found[statement.target.id] = following.value.value
        break
    return found
