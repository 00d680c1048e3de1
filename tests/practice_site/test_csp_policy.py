"""The Content-Security-Policy header is built once per process, not on every response."""

import pytest
from csp.constants import NONCE, SELF
from csp.decorators import csp_update
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory

from practice_site import middleware
from practice_site.middleware import CSPMiddleware, site_policy


@pytest.fixture
def builds(monkeypatch):
    """Counts how often the site's policy is built."""
    calls = []

    def counting(**kwargs):
        calls.append(kwargs)
        return build_policy(**kwargs)

    site_policy.cache_clear()
    monkeypatch.setattr(middleware, "build_policy", counting)
    yield calls
    site_policy.cache_clear()


def respond(view=None, path="/about/"):
    request = RequestFactory().get(path)
    handler = CSPMiddleware(view or (lambda request: HttpResponse("<p>ok</p>")))
    handler.process_request(request)
    return handler.process_response(request, handler.get_response(request))


def test_the_policy_is_built_once_for_many_responses(builds):
    headers = {respond()["Content-Security-Policy"] for _ in range(50)}
    assert headers == {build_policy()}
    assert "default-src 'none'" in headers.pop()
    # Once for the policy, once to learn there is no report-only one: never again.
    assert [call.get("report_only", False) for call in builds] == [False, True]


def test_a_settings_change_gives_the_new_policy(builds, settings):
    respond()
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"]}}
    assert respond()["Content-Security-Policy"] == "default-src 'self'"


def test_a_report_only_policy_is_sent_too(builds, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["'self'"]}}
    # django-csp fills in its default-src.
    header = respond()["Content-Security-Policy-Report-Only"]
    assert set(header.split("; ")) == {"default-src 'self'", "img-src 'self'"}


def test_a_view_that_changes_the_policy_gets_its_own(builds):
    @csp_update({"media-src": ["'self'"]})
    def video(request):
        return HttpResponse("<video></video>")

    policy = respond(video)["Content-Security-Policy"]
    assert "media-src 'self'" in policy and "default-src 'none'" in policy
    assert "media-src" not in respond()["Content-Security-Policy"]


def test_a_header_the_view_wrote_is_kept(builds):
    def own(request):
        response = HttpResponse("<p>ok</p>")
        response["Content-Security-Policy"] = "default-src 'none'; media-src 'self'"
        return response

    assert respond(own)["Content-Security-Policy"] == "default-src 'none'; media-src 'self'"


def test_excluded_prefixes_get_no_header(builds, settings):
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "EXCLUDE_URL_PREFIXES": ["/legacy/"],
    }
    assert "Content-Security-Policy" not in respond(path="/legacy/page/")
    assert "Content-Security-Policy" in respond(path="/about/")


def test_a_nonce_asked_for_is_in_the_header(settings):
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**directives, "script-src": [SELF, NONCE]}}

    def with_nonce(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    request = RequestFactory().get("/about/")
    handler = CSPMiddleware(with_nonce)
    handler.process_request(request)
    response = handler.process_response(request, with_nonce(request))
    assert f"'nonce-{request._csp_nonce}'" in response["Content-Security-Policy"]
