"""The tool behind questions.py, one module a job.

model (the questions file: parser, checks, skip rules), status, cli; reading replies:
mail (saved mails), structure (quotes, headers, chats, signatures), choice (references and
letters), ours (our own text quoted back), answers (what a reply says per question), walk
(the pass over a reply's lines), issuebody (GitHub issue bodies), followup (deferrals and
hand-ons), reply (all of it together); writing: fold, apply; pages: form, page, markdown,
issueform.
"""
