"""Pages under /<school_slug>/policy/.

- ``public``: the published policy, its versions and PDFs (anyone); comparing versions (members)
- ``manage``: the headteacher's versions page, import, the draft editor, publishing
- ``acknowledgement``: staff acknowledge the policy; the headteacher's coverage page
"""
