"""Settings package: `base` holds everything shared; `dev`, `prod` and `test` adjust it.

Every value that differs between machines comes from an environment variable (see `.env.example`).
"""
