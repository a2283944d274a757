"""Tooling of the course: how pages and examples are parsed, compared and executed.

The MkDocs hooks (``hooks/``), the tests (``tests/``) and the benchmark
(``benchmarks/``) all import from here, so each rule lives in one place.
"""
