"""State changes of the roadshow programme: one function each."""
