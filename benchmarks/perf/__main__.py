"""``python -m benchmarks.perf``: run the performance scripts."""

import sys

from benchmarks.perf.cli import main

sys.exit(main())
