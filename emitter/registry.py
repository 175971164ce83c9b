"""A Registry owns one configuration and the loggers made from it (no module-global config)."""

from __future__ import annotations

import threading

from emitter.config import Config
from emitter.console import ConsoleRenderer
from emitter.context import opentelemetry_ids
from emitter.core import Core, Logger
from emitter.diagnostics import Diagnostics
from emitter.encoding import Encoder
from emitter.fields import FieldNames
from emitter.levels import NOTSET, parse_level
from emitter.render import JsonRenderer
from emitter.sink import Sink


class Registry:
    """Configuration, renderer, sink and the per-name logger state, all set up in one place.

        registry = Registry(Config.from_env())       # what `emitter.get_logger` uses by default
        log = registry.get_logger("payments")

    `configure(config)` switches every logger of this registry to a new configuration in place.
    """

    def __init__(self, config: Config | None = None, diagnostics: Diagnostics | None = None):
        self.diagnostics = diagnostics or Diagnostics()
        self.names = FieldNames()
        self._cores: dict[str, Core] = {}
        self._lock = threading.RLock()
        self.configure(config if config is not None else Config.from_env())

    def configure(self, config: Config) -> None:
        """Apply `config` to this registry and every logger already made from it."""
        with self._lock:
            for problem in config.problems:
                self.diagnostics.warn(f"config:{problem.split('=', 1)[0]}", problem)
            self.config = config
            self.encoder = Encoder(config.max_string, config.max_depth, config.use_orjson)
            if config.format == "console":
                self.renderer: JsonRenderer | ConsoleRenderer = ConsoleRenderer(
                    config, self.encoder
                )
            else:
                self.renderer = JsonRenderer(config, self.encoder)
            self.sink = Sink(config.stream, self.diagnostics, config.write_wait_seconds)
            self.trace_ids = opentelemetry_ids() if config.opentelemetry else None
            for core in self._cores.values():
                core.refresh()
            self._update_levels()

    def core(self, name: str) -> Core:
        """The shared state of logger `name` (made on first use)."""
        core = self._cores.get(name)
        if core is None:
            with self._lock:
                core = self._cores.get(name)
                if core is None:
                    core = Core(self, name)
                    core.effective = self._effective(name, NOTSET)
                    self._cores[name] = core
        return core

    def get_logger(self, name: str = "root") -> Logger:
        """The logger `name`; loggers of one name share their level."""
        return Logger(self.core(name or "root"))

    def set_level(self, name: str, level: int | str) -> None:
        """Set logger `name`'s own level; its children without a level of their own follow it."""
        number = parse_level(level)
        if number is None:
            self.diagnostics.warn("bad_level", f"setLevel({level!r}) is not a level; ignored")
            return
        with self._lock:
            self.core(name).level = number
            self._update_levels()

    def _effective(self, name: str, own: int) -> int:
        if own != NOTSET:
            return own
        while "." in name:
            name = name.rpartition(".")[0]
            parent = self._cores.get(name)
            if parent is not None and parent.level != NOTSET:
                return parent.level
        root = self._cores.get("root")
        if root is not None and root.level != NOTSET:
            return root.level
        return self.config.level

    def _update_levels(self) -> None:
        for name, core in self._cores.items():
            core.effective = self._effective(name, core.level)
