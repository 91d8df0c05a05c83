"""The column plan: what each column is and what happens to it."""
