"""Non-personal text in many languages: sentence sets and the scorer of words kept."""
