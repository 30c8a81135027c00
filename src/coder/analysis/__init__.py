"""Inter-coder agreement on character units, and its reports (pure: no database, no Qt)."""
