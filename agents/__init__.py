"""Agents for o1coder: step generators, tree search, process reward models, trainers.

Importing ``agents`` is cheap (no torch): each subpackage loads its heavy dependencies only when
used.
"""
