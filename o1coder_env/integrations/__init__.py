"""Adapters to the trainers and servers people use: TRL, OpenEnv, SkyRL and verl.

Each lives in its own module and imports its framework only where it must (the OpenEnv server
and the SkyRL env subclass the framework's classes; the TRL env and the verl reward do not).
"""
