"""Performance benchmarks (sandbox, env, generation)."""
