"""Every public page of the demo site, swept in a real browser: every page at phone width (where
most patients read), and one page of each kind at desktop width too.

A new page joins the sweep (axe-core, console errors, CSP violations, third-party requests, HTML
validity, the page-cache checks, the soak bench) by being listed here once. A test
(tests/perf/test_page_cache_demo.py) fails when a demo page that has an address is missing here.
"""

PUBLIC_PAGES = [
    "/",
    "/about/",
    "/about/andre-panossian/",
    "/terms/",
    "/privacy/",
    "/contact/",
    "/testimonials/",
    "/testimonials/?procedure=facial-reanimation/smile-reanimation",
    "/consultation/",
    "/consultation/thanks/",
    "/gallery/",
    "/gallery/?group=cosmetic",
    "/gallery/patient-8217/",
    "/gallery/patient-5172/",
    "/gallery/patient-2957/",
    "/gallery/patient-7410/",
    "/gallery/patient-3385/",
    "/gallery/patient-6021/",
    "/gallery/patient-4768/",
    "/gallery/patient-9146/",
    "/gallery/patient-1593/",
    "/procedures/",
    "/procedures/facial-reanimation/",
    "/procedures/nerve-surgery/",
    "/procedures/muscle-surgery/",
    "/procedures/cosmetic/",
    "/procedures/facial-reanimation/smile-reanimation/",
    "/procedures/facial-reanimation/eye-closure-restoration/",
    "/procedures/nerve-surgery/selective-neurolysis/",
    "/procedures/nerve-surgery/cross-facial-nerve-graft/",
    "/procedures/nerve-surgery/masseter-to-facial-nerve-transfer/",
    "/procedures/muscle-surgery/temporalis-myoplasty/",
    "/procedures/muscle-surgery/gracilis-free-muscle-transfer/",
    "/procedures/muscle-surgery/temporalis-tendon-transfer/",
    "/procedures/cosmetic/botox-for-facial-balance/",
    "/procedures/cosmetic/facelift/",
    "/procedures/cosmetic/eyelid-surgery/",
    "/procedures/cosmetic/brow-lift/",
    "/procedures/cosmetic/facial-asymmetry-correction/",
    "/procedures/cosmetic/static-sling/",
    "/conditions/",
    "/conditions/tumors-and-cancer-treatment/",
    "/conditions/bells-palsy/",
    "/conditions/facial-trauma/",
    "/conditions/congenital-facial-paralysis/",
    "/faq/",
    "/this-page-does-not-exist/",
]


def one_of_each_kind(paths):
    """The first path of each kind: pages at the same depth under the same section share a
    template and differ only in content (cases, procedures, groups, conditions), and a query
    string shows the same template filtered. The desktop sweep checks these; the phone sweep
    checks every page's content."""
    kinds = {}
    for path in paths:
        parts = path.split("?")[0].strip("/").split("/")
        kinds.setdefault((parts[0], len(parts)), path)
    return list(kinds.values())


DESKTOP_PAGES = one_of_each_kind(PUBLIC_PAGES)
