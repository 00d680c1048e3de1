"""axe-core in the browser tests: run it on the page shown, fail naming each violation and where."""

from axe_playwright_python.sync_playwright import Axe

AXE = Axe()


def format_violations(results):
    lines = []
    for violation in results.response["violations"]:
        targets = [node["target"] for node in violation["nodes"]]
        lines.append(f"{violation['id']}: {violation['help']} at {targets}")
    return "\n".join(lines)


def assert_accessible(page, label=None, watch=None):
    """axe-core finds nothing, in the page and in its frames (a draft's preview is one).

    With `watch` (the watch_page fixture), what Chromium reports while axe runs is dropped: axe
    sets style attributes as it checks (colour contrast), the CSP blocks them and Chromium says
    so; those messages are axe's, not the page's."""
    for frame in page.frames[1:]:
        frame.evaluate(AXE.axe_script)
    seen = len(watch.errors) if watch else 0
    results = AXE.run(page)
    if watch:
        del watch.errors[seen:]
    assert results.violations_count == 0, f"{label or page.url}:\n{format_violations(results)}"
