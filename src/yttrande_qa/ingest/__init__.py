"""Files → pages → blocks (section, page, speaker) → chunks, written to the index one file at a time."""
