"""REFI-QDA exchange: project (.qdpx, .qde) and codebook (.qdc) files, as pure adapters."""
