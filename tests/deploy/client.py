"""A small HTTP(S) client for driving a deployment as a browser would, from a chosen address.

It connects to 127.0.0.1 on a given port but speaks to a host name (SNI and Host header), so
Caddy's certificate for www.practice.test is verified against Caddy's own root certificate
without touching /etc/hosts. `source` picks the client's loopback address (127.0.0.2, 127.0.0.3,
...): to the proxy these are different visitors, which is how the tests show that the rate
limit and the login lockout see each visitor's own address.
"""

import gzip
import http.client
import re
import secrets
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie

from tests.staff import totp_code


@dataclass
class Response:
    status: int
    headers: list
    body: bytes
    cookies: list = field(default_factory=list)  # the raw Set-Cookie values

    def header(self, name, default=None):
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), default)

    @property
    def text(self):
        body = self.body
        if self.header("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return body.decode(errors="replace")


class _HTTPSConnection(http.client.HTTPSConnection):
    """Connects to an address, but asks the TLS server for `server_name`'s certificate."""

    def __init__(self, address, port, *, server_name, **kwargs):
        super().__init__(address, port, **kwargs)
        self.server_name = server_name

    def connect(self):
        http.client.HTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(self.sock, server_hostname=self.server_name)


class Client:
    def __init__(
        self,
        port,
        *,
        host="127.0.0.1",
        https=False,
        tls_context=None,
        source="127.0.0.1",
        extra_headers=None,
        timeout=120,
    ):
        self.port = port
        self.host = host
        self.https = https
        self.tls_context = tls_context
        self.source = source
        self.extra_headers = extra_headers or {}
        self.timeout = timeout
        self.cookies = {}

    @property
    def origin(self):
        # Behind a proxy that told the site "https", the browser's origin is an https one.
        secure = self.https or self.extra_headers.get("X-Forwarded-Proto") == "https"
        return f"{'https' if secure else 'http'}://{self.host}:{self.port}"

    def _connection(self):
        if self.https:
            return _HTTPSConnection(
                "127.0.0.1",
                self.port,
                server_name=self.host,
                context=self.tls_context,
                source_address=(self.source, 0),
                timeout=self.timeout,
            )
        return http.client.HTTPConnection(
            "127.0.0.1", self.port, source_address=(self.source, 0), timeout=self.timeout
        )

    def request(self, method, path, body=None, headers=None):
        sent = {"Host": f"{self.host}:{self.port}", **self.extra_headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = self._connection()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            headers = response.getheaders()
            data = response.read()
        finally:
            connection.close()
        raw_cookies = [v for k, v in headers if k.lower() == "set-cookie"]
        for raw in raw_cookies:
            for name, morsel in SimpleCookie(raw).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(response.status, headers, data, raw_cookies)

    def request_expecting_continue(self, method, path, body, headers=None):
        """Sends the headers with `Expect: 100-continue` and the body only if the server asks
        for it (as curl does for large bodies): a server that refuses the request by its
        headers answers at once, without reading the body."""
        connection = self._connection()
        try:
            connection.connect()
            sock = connection.sock
            sent = {
                "Host": f"{self.host}:{self.port}",
                **self.extra_headers,
                **(headers or {}),
                "Content-Length": str(len(body)),
                "Expect": "100-continue",
            }
            head = f"{method} {path} HTTP/1.1\r\n" + "".join(
                f"{k}: {v}\r\n" for k, v in sent.items()
            )
            sock.sendall((head + "\r\n").encode())
            reader = sock.makefile("rb")
            status, headers = _read_head(reader)
            if status == 100:
                sock.sendall(body)
                # The application server may send its own 100 Continue, which Caddy passes on.
                while status == 100:
                    status, headers = _read_head(reader)
            length = int(dict((k.lower(), v) for k, v in headers).get("content-length", 0))
            data = reader.read(length) if length else b""
            reader.close()
        finally:
            connection.close()
        return Response(status, headers, data)

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, data, headers=None):
        body = urllib.parse.urlencode(data, doseq=True).encode()
        return self.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + path,
                **(headers or {}),
            },
        )

    def post_multipart(self, path, fields, files, headers=None):
        """`files`: {field: (file name, content type, bytes)}."""
        boundary = "----deploy-tests-" + secrets.token_hex(12)
        parts = []
        for name, value in fields.items():
            for item in value if isinstance(value, list) else [value]:
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{item}\r\n".encode()
                )
        for name, (filename, content_type, data) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                + data
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "POST",
            path,
            body=b"".join(parts),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Origin": self.origin,
                "Referer": self.origin + path,
                **(headers or {}),
            },
        )


def _read_head(reader):
    status_line = reader.readline().decode("latin-1")
    status = int(status_line.split()[1])
    headers = []
    while (line := reader.readline().decode("latin-1").strip()) != "":
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    return status, headers


def form_value(html, name):
    found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    return found.group(1) if found else None


def consultation_data(html, number, **overrides):
    """A complete, valid consultation post from the form page's HTML (its tokens included)."""
    data = {
        "csrfmiddlewaretoken": form_value(html, "csrfmiddlewaretoken"),
        "first_name": "Deploy",
        "last_name": "Patient",
        "email": f"deploy-{number}@example.com",
        "phone": f"+1 626 555 {number % 10000:04d}",
        "contact_method": "phone",
        "best_time": "any",
        "patient": "self",
        "procedure": "",
        "message": f"Request number {number} sent through the deployment tests.",
        "heard_about": "",
        "consent": "on",
        "website": "",
        "form_started": form_value(html, "form_started"),
    }
    data.update(overrides)
    return data


def send_consultation(client, number, **overrides):
    """GET the form, then POST it; returns the POST's response."""
    page = client.get("/consultation/")
    if page.status != 200:
        return page
    return client.post("/consultation/", consultation_data(page.text, number, **overrides))


def give_code(client, key_hex, admin="/admin/"):
    """The second step of a staff sign-in: the authenticator's current code."""
    page = client.get(f"{admin}two-factor/verify/?next={admin}")
    return client.post(
        f"{admin}two-factor/verify/",
        {
            "csrfmiddlewaretoken": form_value(page.text, "csrfmiddlewaretoken"),
            "code": totp_code(bytes.fromhex(key_hex)),
            "next": admin,
        },
    )


def sign_in(client, username, password, admin="/admin/"):
    page = client.get(f"{admin}login/")
    return client.post(
        f"{admin}login/",
        {
            "csrfmiddlewaretoken": form_value(page.text, "csrfmiddlewaretoken"),
            "username": username,
            "password": password,
            "next": admin,
        },
    )


class _FormParser(HTMLParser):
    """The values a browser would send for the <form> with the given id."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.fields = []  # [(name, value)]
        self.in_form = self.done = False
        self.select = self.textarea = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.done:
            return
        if tag == "form" and a.get("id") == self.form_id:
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input" and a.get("name") and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select, a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self.textarea, self.text = a["name"], []

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, "".join(self.text).removeprefix("\n")))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)


def form_fields(html, form_id):
    """{name: value or [values]} of the form `form_id`, as a browser would submit it."""
    parser = _FormParser(form_id)
    parser.feed(html)
    fields = {}
    for name, value in parser.fields:
        if name in fields:
            existing = fields[name]
            fields[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            fields[name] = value
    return fields
