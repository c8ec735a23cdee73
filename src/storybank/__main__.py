"""Entry point for ``python -m storybank``."""

import sys

from storybank.cli import main

sys.exit(main())
