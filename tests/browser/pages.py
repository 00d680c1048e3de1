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
    "/gallery/",
    "/gallery/?group=cosmetic",
    "/gallery/patient-8634/",
    "/gallery/patient-5172/",
    "/procedures/",
    "/procedures/facial-reanimation/",
    "/procedures/nerve-surgery/",
    "/procedures/muscle-surgery/",
    "/procedures/cosmetic/",
    "/procedures/facial-reanimation/smile-reanimation/",
    "/procedures/facial-reanimation/eye-closure-restoration/",
    "/procedures/muscle-surgery/gracilis-free-muscle-transfer/",
    "/procedures/nerve-surgery/selective-neurolysis/",
    "/procedures/cosmetic/botox-for-facial-balance/",
    "/conditions/",
    "/conditions/tumors-and-cancer-treatment/",
    "/conditions/bells-palsy/",
    "/conditions/facial-trauma/",
    "/conditions/congenital-facial-paralysis/",
    "/faq/",
    "/this-page-does-not-exist/",
]
