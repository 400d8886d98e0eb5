"""Maintainer tooling: the course's website and its student edition (not used by the lessons)."""
