"""Lesson 07 checkers."""

__all__: list = []
