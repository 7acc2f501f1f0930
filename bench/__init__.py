"""Benchmarks: ``.venv/bin/python bench/run.py`` writes docs/benchmarks.md."""
