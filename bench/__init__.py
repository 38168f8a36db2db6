"""Benchmarks: each prints our time against a baseline run in the same process."""
