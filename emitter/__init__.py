"""emitter: structured JSON logs, one object per line, in the logpipe record schema (emitter/1).

from emitter import logger                  # named after the importing module
logger.info("payment failed", payment_id=p, amount=12.5)

log = emitter.get_logger(__name__)           # the stdlib's call shapes all work
log.warning("user %s failed", uid, extra={"attempt": 3})

The public names are imported on first use (PEP 562 `__getattr__`): the forwarder imports only
`emitter.schema`, and its cold start should not pay for the rest of the library.
"""

from __future__ import annotations

import importlib
import sys
import threading
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from emitter.aws_lambda import lambda_handler, xray_trace_id
    from emitter.config import Config
    from emitter.context import bind_context, clear_context, context, current_context, wrap_context
    from emitter.core import Logger
    from emitter.levels import CRITICAL, DEBUG, ERROR, INFO, NOTSET, WARNING
    from emitter.pools import ThreadPoolExecutor
    from emitter.registry import Registry
    from emitter.stdlib import EmitterHandler, capture_stdlib, release_stdlib

__all__ = [
    "CRITICAL",
    "DEBUG",
    "ERROR",
    "INFO",
    "NOTSET",
    "WARNING",
    "Config",
    "EmitterHandler",
    "Logger",
    "Registry",
    "ThreadPoolExecutor",
    "bind_context",
    "capture_stdlib",
    "clear_context",
    "configure",
    "context",
    "current_context",
    "default_registry",
    "get_logger",
    "lambda_handler",
    "logger",
    "release_stdlib",
    "wrap_context",
    "xray_trace_id",
]

# The submodule each lazily imported public name comes from.
_LAZY = {
    name: module
    for module, names in {
        "aws_lambda": ("lambda_handler", "xray_trace_id"),
        "config": ("Config",),
        "context": ("bind_context", "clear_context", "context", "current_context", "wrap_context"),
        "core": ("Logger",),
        "levels": ("CRITICAL", "DEBUG", "ERROR", "INFO", "NOTSET", "WARNING"),
        "pools": ("ThreadPoolExecutor",),  # concurrent.futures is not light
        "registry": ("Registry",),
        "stdlib": ("EmitterHandler", "capture_stdlib", "release_stdlib"),
    }.items()
    for name in names
}

_default: Registry | None = None
_default_lock = threading.Lock()


def default_registry() -> Registry:
    """The registry behind `get_logger` and `logger`, set up from the environment on first use."""
    global _default
    if _default is None:
        from emitter.config import Config
        from emitter.registry import Registry

        with _default_lock:
            if _default is None:
                _default = Registry(Config.from_env())
    return _default


def configure(config: Config | None = None, **overrides: Any) -> Registry:
    """Reconfigure the default registry (and every logger already made from it).

    Without `config`, the environment is read again and `overrides` (Config fields such as
    `stream=`, `level=`, `format=`) are applied on top.
    """
    from emitter.config import Config

    new = config if config is not None else Config.from_env(**overrides)
    registry = default_registry()
    registry.configure(new)
    return registry


def _caller_module(depth: int = 2) -> str:
    try:
        frame = sys._getframe(depth)
        while frame is not None:
            name = frame.f_globals.get("__name__")
            if not isinstance(name, str):
                break
            if not (name == "emitter" or name.startswith(("emitter.", "importlib"))):
                return name
            frame = frame.f_back
    except Exception:
        pass
    return "root"


def get_logger(name: str | None = None) -> Logger:
    """The logger `name` of the default registry; without a name, the calling module's."""
    return default_registry().get_logger(name if name is not None else _caller_module())


getLogger = get_logger


def __getattr__(attribute: str) -> Any:
    # `from emitter import logger` gives a logger named after the importing module (not cached).
    if attribute == "logger":
        return default_registry().get_logger(_caller_module())
    module = _LAZY.get(attribute)
    if module is None:
        raise AttributeError(f"module 'emitter' has no attribute {attribute!r}")
    value = getattr(importlib.import_module(f"emitter.{module}"), attribute)
    globals()[attribute] = value  # later reads are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(ModuleType):
    """Keeps `emitter.context` the class: loading the submodule `emitter.context` sets the
    package's `context` attribute to that module (the import system does so for every submodule),
    which would hide the name from `__getattr__`."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "context" and value is sys.modules.get("emitter.context"):
            value = value.context
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
