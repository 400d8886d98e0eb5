"""Lesson 03 checkers."""

__all__: list = []
