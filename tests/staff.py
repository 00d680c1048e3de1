"""Signing staff in, in tests.

Staff sign in with a password and a second factor (practice_site/twofactor/): `client.force_login`
alone leaves a session that still owes its code, which the admin answers with a redirect to the
code page and public pages treat as a visitor's. Use the `verified_login` fixture
(`verified_login(client, user)`) or `admin_client`; tests of the sign-in itself use
`sign_in_with_password_and_code`.
"""

import pytest
from django.utils.text import slugify

PASSWORD = "a-long-test-password"  # every test user's


def enrol(user):
    """Give `user` a set-up authenticator app (a confirmed TOTP device), as enrolment would."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def sign_in_verified(client, user):
    """Sign `user` in on `client` as after both steps: password and second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = enrol(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def sign_in_with_password_and_code(client, username, password, **request_kwargs):
    """Sign in through the real pages: the admin's password form, then a one-off backup code on
    the code page (not a TOTP code, so that two sign-ins within one 30-second step both work).
    Returns the last response."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    response = client.post(
        reverse("admin:login"), {"username": username, "password": password}, **request_kwargs
    )
    if response.status_code != 302:
        return response  # the password was refused
    user = get_user_model().objects.get_by_natural_key(username)
    enrol(user)
    device, _ = StaticDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Backup codes"}
    )
    code = device.token_set.create(token=StaticToken.random_token()).token
    response = client.get(reverse("admin:index"), **request_kwargs)
    if response.status_code == 302 and response["Location"].startswith(reverse("twofactor:verify")):
        response = client.post(response["Location"], {"code": code}, **request_kwargs)
    return response


def named_permissions(*names):
    """The permissions named as `user.has_perm` names them, "app_label.codename": by app and
    codename, so that two apps' permissions with one codename cannot be confused."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query))
    assert len(found) == len(names), f"no permission among {names}"
    return found


# --- Fixtures (made available to every test by tests/conftest.py) ----------------------------


@pytest.fixture
def make_user(db, django_user_model):
    """make_user(username="member", group=None, permissions=(), **fields) -> a staff member
    (password PASSWORD) in `group` (practice_site.roles: FRONT_DESK, CONTENT_EDITOR), with the
    extra permissions `permissions` ("app_label.codename"). `is_staff=False`, `is_superuser=True` as
    fields."""
    from django.contrib.auth.models import Group

    def make(username="member", group=None, permissions=(), **fields):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.test", PASSWORD, **{"is_staff": True, **fields}
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
        user.user_permissions.add(*named_permissions(*permissions))
        return user

    return make


@pytest.fixture
def sign_in_staff(client, make_user):
    """sign_in_staff(group=None, username=None, permissions=(), **fields) -> `client`, signed in
    with both factors as a new staff member (see make_user); `client.user` is that member."""

    def sign_in(group=None, username=None, permissions=(), **fields):
        username = username or slugify(group or "member")
        client.user = make_user(username, group, permissions, **fields)
        return sign_in_verified(client, client.user)

    return sign_in


@pytest.fixture
def staff_user(make_user):
    return make_user("staff")


@pytest.fixture
def verified_login(db):
    """The way tests sign staff in: `verified_login(client, user)` (see sign_in_verified)."""
    return sign_in_verified


@pytest.fixture
def admin_client(client, db, django_user_model):
    """A superuser's client, signed in with both factors."""
    user = django_user_model.objects.create_superuser("boss", "boss@example.test", PASSWORD)
    return sign_in_verified(client, user)


@pytest.fixture
def staff_client(client, staff_user, verified_login):
    """`staff_user` (staff, no permissions) signed in with both factors."""
    return verified_login(client, staff_user)


@pytest.fixture
def delete_in_admin(admin_client, django_capture_on_commit_callbacks):
    """delete_in_admin(obj): an administrator confirms `obj`'s delete page; the after-commit hooks
    (which delete its files) run."""

    from django.urls import reverse

    def delete(obj):
        opts = obj._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url, {"post": "yes"})
        assert response.status_code == 302

    return delete


def totp_code(key):
    """What an authenticator app shows now for `key` (bytes): six digits, leading zeros included."""
    from django_otp.oath import TOTP

    return f"{TOTP(key).token():06d}"


def wrong_code(key):
    """Six digits that the device with `key` refuses now and for the next minutes.

    A fixed "wrong" code such as 123456 is right for a random key three times in a million: the
    device accepts the codes of the steps either side of now too.
    """
    from django_otp.oath import TOTP, hotp

    now = TOTP(key).t()
    near = {hotp(key, step) for step in range(now - 3, now + 4)}
    return next(f"{n:06d}" for n in range(123456, 1_000_000) if n not in near)
