"""`python -m np6_provider.cli`: the same as the `np6` console script."""

import sys

from . import main

sys.exit(main())
