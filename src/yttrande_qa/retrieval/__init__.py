"""Questions → ranked passages: query analysis and hybrid (dense + lexical) search."""
