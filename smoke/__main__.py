"""``python -m smoke``: run the production smoke test; exit 0 if it passed, 1 if not."""

from __future__ import annotations

import sys

from smoke.run import main

if __name__ == "__main__":
    sys.exit(main())
