"""Lesson 04 checkers."""

__all__: list = []
