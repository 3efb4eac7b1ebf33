"""Fuzzing with a single-scope token is only worth running on the operations
that scope opens: on every other operation the token is refused before any of
the operation's code runs, and tests/api/test_token_scopes.py proves that
refusal for every operation. Those combinations are not collected (not
skipped), which halves the fuzzing's time in CI."""

from __future__ import annotations

import re

import pytest

OPERATION = re.compile(r"\[(GET|POST|PUT|PATCH|DELETE) (/[^\]]*)\]")


def _scopes() -> dict[tuple[str, str], str]:
    from tandem.api.main import api

    out = {}
    for path, item in api.get_openapi_schema()["paths"].items():
        for method, op in item.items():
            for requirement in op.get("security", []):
                for name in requirement:
                    if name.startswith("Token_"):
                        scope = name.removeprefix("Token_").replace("_", ":", 1)
                        out[(method.upper(), path)] = scope
    return out


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    scopes: dict[tuple[str, str], str] | None = None
    keep, drop = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        caller = callspec.params.get("caller", "") if callspec else ""
        found = OPERATION.search(item.name) if caller.startswith("token:") else None
        if found is None:
            keep.append(item)
            continue
        scopes = scopes if scopes is not None else _scopes()
        needed = scopes.get((found.group(1), found.group(2)))
        (keep if needed is None or needed == caller.removeprefix("token:") else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
