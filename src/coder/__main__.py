"""Allow ``python -m coder``."""

from coder.launcher import main

raise SystemExit(main())
