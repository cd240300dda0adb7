"""Benchmarks and the hand-written yardstick they are measured against (see docs/performance.md)."""
