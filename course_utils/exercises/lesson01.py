"""Lesson 01 checkers."""

__all__: list = []
