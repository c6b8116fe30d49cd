"""Pluggable conformance suites for IFC-030 implementations, and the strategies they draw from."""
