"""Entry point of the packaged desktop app (PyInstaller runs this file)."""

from coder.ui.app import main

raise SystemExit(main())
