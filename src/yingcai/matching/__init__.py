"""yingcai.matching: the conference's docking decisions, as plain functions over plain data.

Django-free on purpose (a test checks that importing it pulls in no Django): the web
modules call these functions, and `yingcai-match` (yingcai.matching.cli) reaches them
from the shell with JSON in and out.

- stable: applicant-proposing deferred acceptance for public-institution posts
- schedule: 1:1 docking-negotiation meetings in slots and at tables
- recommend: two-sided talent <-> job recommendations with reasons
- contest: judging (mean, trimmed mean, z-scores) and balanced judge assignment
"""
