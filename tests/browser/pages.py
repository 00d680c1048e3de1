"""Every public page of the demo site, swept in a real browser at phone and desktop width.

A new page joins the sweep (axe-core, console errors, CSP violations, third-party requests) by
being listed here once.
"""

PUBLIC_PAGES = [
    "/",
    "/about/",
    "/terms/",
    "/privacy/",
    "/testimonials/",
    "/testimonials/?procedure=smile-reanimation",
    "/consultation/",
    "/consultation/thanks/",
    "/this-page-does-not-exist/",
]
