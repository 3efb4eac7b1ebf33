from django.contrib.auth.hashers import Argon2PasswordHasher


class TandemArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at 19 MiB, t=2, p=1 (OWASP's minimum): ~20 ms and 19 MiB per
    sign-in here, where the library defaults cost ~100 MB and 0.4 s."""

    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
