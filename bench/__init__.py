"""Benchmarks (`make bench`): figures for the README, never timing assertions in tests."""
