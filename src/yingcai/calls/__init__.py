"""Calls with expert review (征集与专家评审): the roadshow call and the "Talents Cup" contest.

One machinery serves both and any later call: an organiser opens a call with its tracks,
divisions, questions, eligibility and documents; project teams enter their registered
projects; reviewers (a role per call) declare conflicts, are assigned by
`yingcai.matching.assign_judges`, score on a rubric per stage; `yingcai.matching.rank_entries`
ranks; organisers confirm decisions, release the mails held in the outbox, publish results
with an appeal window, and issue certificates that a public page verifies. The roadshow's
programme, which needs the docking, is the roadshow app's.
"""
