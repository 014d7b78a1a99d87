"""(method, path) -> Endpoint, from the generated registry (TR modules imported on first use)
or from an explicit list of endpoints (tests, other registries)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from kis_runtime.endpoint import Endpoint
from kis_runtime.registry import Registry, load

_Loader = Callable[[], Endpoint[Any, Any]]


def _given(endpoint: Endpoint[Any, Any]) -> Endpoint[Any, Any]:
    return endpoint


class Routes:
    def __init__(self, endpoints: Iterable[Endpoint[Any, Any]] = ()) -> None:
        self._loaders: dict[str, dict[str, _Loader]] = {}
        self._loaded: dict[tuple[str, str], Endpoint[Any, Any]] = {}
        self._lock = threading.Lock()
        for endpoint in endpoints:
            self._add(endpoint.method, endpoint.path, functools.partial(_given, endpoint))

    @classmethod
    def from_registry(cls, registry: Registry | None = None) -> Routes:
        if registry is None:
            from kis.registry import REGISTRY

            registry = REGISTRY
        routes = cls()
        for entry in registry.entries:
            routes._add(entry.method, entry.path, functools.partial(load, entry))
        return routes

    def _add(self, method: str, path: str, loader: _Loader) -> None:
        self._loaders.setdefault(path, {})[method.upper()] = loader

    def methods(self, path: str) -> frozenset[str]:
        return frozenset(self._loaders.get(path, {}))

    def lookup(self, method: str, path: str) -> Endpoint[Any, Any] | None:
        loader = self._loaders.get(path, {}).get(method.upper())
        if loader is None:
            return None
        with self._lock:
            key = (method.upper(), path)
            if key not in self._loaded:
                self._loaded[key] = loader()
            return self._loaded[key]

    def __iter__(self) -> Iterator[Endpoint[Any, Any]]:
        for path, methods in self._loaders.items():
            for method in methods:
                endpoint = self.lookup(method, path)
                if endpoint is not None:
                    yield endpoint
