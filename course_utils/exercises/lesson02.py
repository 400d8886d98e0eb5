"""Lesson 02 checkers."""

__all__: list = []
