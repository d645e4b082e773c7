"""`python -m tui` opens the reader, exactly like `dateline`."""

from __future__ import annotations

from tui.cli import main

raise SystemExit(main())
