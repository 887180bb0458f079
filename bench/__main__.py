"""``python -m bench``: the performance benchmark (see bench/cli.py)."""
import sys

from bench.cli import main

sys.exit(main())
