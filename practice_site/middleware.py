class CrossOriginResourcePolicyMiddleware:
    """Adds `Cross-Origin-Resource-Policy: same-origin`, which Django's SecurityMiddleware lacks.

    Nothing on this site is meant to be embedded by other origins, patient photos least of all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
