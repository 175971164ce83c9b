"""Small, realistic services built on the emitter, used by `make demo`."""
