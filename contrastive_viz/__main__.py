"""``python -m contrastive_viz``."""

import sys

from .cli import main

if __name__ == "__main__":  # the map worker process (spawn) imports this module too
    sys.exit(main())
