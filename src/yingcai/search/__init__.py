"""Search shared by the site's lists: query building over segmented text, and synonyms.

Pure query building lives in `query` (no Django), the words of a document in `text`; the
synonyms organisers extend are a model of this app (`SynonymGroup`) beside the built-in list
`synonyms.txt`. Apps with a search (jobs, talents; later projects and demands) keep their own
index and call `query.build`; this app imports none of them.
"""
