"""Benchmarks for handout: cold and warm rendering, other tools, batch and pack.

Run from the repository root: ``python -m bench`` (``--quick`` for a smoke run).
"""
