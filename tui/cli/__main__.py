"""`python -m tui.cli`: the `dateline` command."""

import sys

from tui.cli import main

sys.exit(main())
