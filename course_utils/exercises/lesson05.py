"""Lesson 05 checkers."""

__all__: list = []
