"""storybank benchmarks; run them all with ``python -m bench``."""
