"""Fail with one clear line (not a traceback) when the test suite's services are unreachable."""

import os
import sys
from urllib.parse import urlsplit

os.environ.setdefault("DJANGO_ENV", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main() -> int:
    import django

    django.setup()
    import psycopg
    import redis
    from django.conf import settings

    db = settings.DATABASES["default"]
    problems = []
    try:
        psycopg.connect(
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=5,
        ).close()
    except Exception as error:
        problems.append(
            f"PostgreSQL недоступен ({db.get('HOST')}:{db.get('PORT') or 5432}): "
            f"{str(error).strip().splitlines()[0]}. Запустите PostgreSQL или задайте DATABASE_URL."
        )
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as error:
        where = urlsplit(settings.REDIS_URL).netloc
        problems.append(
            f"Redis недоступен ({where}): {error}. Запустите Redis или задайте REDIS_URL."
        )
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
