"""Staff sign-in with a second factor (TOTP and single-use backup codes), built on django-otp.

Every staff account signs in with its password and then a code from an authenticator app. Until
that second step is done the session only reaches these pages and "sign out": no admin page, no
consultation request, no staff preview of unpublished content (middleware.py).
"""
