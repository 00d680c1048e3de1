"""Drafts, previews, scheduled publishing and published versions of the site's content pages.

The content apps know nothing of this: the admin site (practice_site/admin_site.py) gives the
ModelAdmins of the models in `registry.DRAFTABLE` the behaviour of `admin.DraftableAdmin`. What is
stored is the change form itself, as the browser posts it (fields and inline rows): a draft is
published, and an old version restored, by passing that state through the same admin form,
formsets and save methods as a click on "Publish" does.
"""
