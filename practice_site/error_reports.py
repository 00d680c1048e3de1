"""Error reports (the email ADMINS receive on a 500) that carry no personal data, from any view.

Django's defaults mask only settings and parameters a view marks as sensitive. A report would still
list the client's address, user agent and cookies (the session, the CSRF secret), every POST value
and uploaded file name, and the local variables of each frame: a patient's request, or a case's
texts and consent references. These keep what a developer needs (the traceback, the exception, the
path, which fields were sent) and none of those values. With DEBUG on (development, demo data)
Django's own debug page shows everything, as usual.
"""

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter


class PrivateReporterFilter(SafeExceptionReporterFilter):
    """DEFAULT_EXCEPTION_REPORTER_FILTER: no headers, cookies, POST values or local variables."""

    def get_safe_request_meta(self, request):
        # Every request header and the WSGI environment: client address, user agent, cookies,
        # the unmasked CSRF secret (CSRF_COOKIE).
        return {} if self.is_active(request) else super().get_safe_request_meta(request)

    def get_safe_cookies(self, request):
        return {} if self.is_active(request) else super().get_safe_cookies(request)

    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        return {name: self.cleansed_substitute for name in request.POST}

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]


class PrivateExceptionReporter(ExceptionReporter):
    """DEFAULT_EXCEPTION_REPORTER: query strings and uploads, which Django lists unfiltered.

    A query string can hold an admin search for a patient's name; an upload shows its file name.
    """

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None and self.filter.is_active(self.request):
            hidden = self.filter.cleansed_substitute
            data["request_GET_items"] = [(name, hidden) for name in self.request.GET]
            data["request_FILES_items"] = [(name, hidden) for name in self.request.FILES]
            data["request_insecure_uri"] = data["request_insecure_uri"].split("?", 1)[0]
        return data
