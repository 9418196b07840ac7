FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_ENV=production
WORKDIR /app
# pg_dump/pg_restore for manage.py backup/restore (Debian 12's client is PostgreSQL 15, as the db).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

COPY . .
RUN pip install --no-cache-dir .
# collectstatic needs settings but no secrets or database.
RUN DJANGO_ENV=local python manage.py collectstatic --noinput -v0

RUN useradd --create-home portal && mkdir -p /data/media /data/private && chown -R portal /data /app
USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
