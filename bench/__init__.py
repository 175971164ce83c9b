"""Benchmarks: `make bench` runs them all and writes bench/RESULTS.md and bench/results.json."""
