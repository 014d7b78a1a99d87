"""`python -m kis_runtime.cli`: the `kis` command without its console script."""

import sys

from kis_runtime.cli import main

sys.exit(main())
