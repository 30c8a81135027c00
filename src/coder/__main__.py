"""Allow ``python -m coder``."""

from coder.cli.main import main

raise SystemExit(main())
