FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_ENV=production
WORKDIR /app
# pg_dump/pg_restore for manage.py backup/restore (Debian 12's client is PostgreSQL 15, as the db).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

COPY . .
# With the optional extra s3: object storage is selected by the S3_* variables at run time.
RUN pip install --no-cache-dir ".[s3]"
# collectstatic runs with the production settings, so the production static storage (whitenoise's
# compressed manifest storage) writes the hashed files and staticfiles.json that the running portal
# reads. It needs no secret, database or Redis: the values below only satisfy the required
# variables at build time and are never used (the container gets the real ones from .env).
# tests/portal/test_deploy.py runs this very line.
RUN DJANGO_ENV=production DJANGO_SECRET_KEY=build-time-only DJANGO_ALLOWED_HOSTS=build.invalid DATABASE_URL=postgres://build.invalid/unused REDIS_URL=redis://build.invalid:6379/0 PORTAL_BASE_URL=http://build.invalid DEFAULT_FROM_EMAIL=build@build.invalid python manage.py collectstatic --noinput -v0

RUN useradd --create-home portal && mkdir -p /data/media /data/private && chown -R portal /data /app
USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
