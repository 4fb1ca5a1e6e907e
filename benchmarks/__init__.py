"""Benchmarks at real-incident scale (issue 15): `.venv/bin/python -m benchmarks`.

Not part of the pytest suite (a full run takes minutes); tests/test_benchmarks_smoke.py
only checks that the store builders and one cheap measurement work.
"""
