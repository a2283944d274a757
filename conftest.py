"""Every Python fence of every page under docs/ is a test: see tooling/snippets.py."""

from tooling.snippets import SNIPPETS

pytest_collect_file = SNIPPETS.pytest()
