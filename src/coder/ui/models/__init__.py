"""Qt item models: adapters over frozen domain snapshots."""
