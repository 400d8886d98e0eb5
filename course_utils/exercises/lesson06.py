"""Lesson 06 checkers."""

__all__: list = []
