"""The pure domain core: value types and rules, with no Qt, SQL or file formats."""
