"""State changes of calls, entries, reviews, decisions and certificates: one function each
(docs/architecture.md, "State changes and concurrency")."""
