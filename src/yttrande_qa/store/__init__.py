"""The index folder: SQLite (the source of truth), its full-text terms, FAISS vectors and the embedding model."""
