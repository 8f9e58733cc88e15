"""A password hasher as slow as a real one, to measure what a login costs."""

import time

from django.contrib.auth.hashers import MD5PasswordHasher

HASH_SECONDS = 0.05


class SlowMD5Hasher(MD5PasswordHasher):
    """MD5 (the tests' hasher, so existing hashes verify) that takes `HASH_SECONDS` per call."""

    def encode(self, password, salt):
        time.sleep(HASH_SECONDS)
        return super().encode(password, salt)

    def verify(self, password, encoded):
        time.sleep(HASH_SECONDS)
        return super().verify(password, encoded)
