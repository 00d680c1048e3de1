"""axe-core in the browser tests: run it on the page shown, fail naming each violation and where."""

from axe_playwright_python.sync_playwright import Axe

AXE = Axe()


def format_violations(results):
    lines = []
    for violation in results.response["violations"]:
        targets = [node["target"] for node in violation["nodes"]]
        lines.append(f"{violation['id']}: {violation['help']} at {targets}")
    return "\n".join(lines)


def assert_accessible(page, label):
    results = AXE.run(page)
    assert results.violations_count == 0, f"{label}:\n{format_violations(results)}"
