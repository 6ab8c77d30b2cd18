"""The ``o1coder`` command line."""
