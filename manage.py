#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    # manage.py on a developer's machine means the local run; servers set DJANGO_ENV=production
    # (the Docker image does), and gunicorn and Celery default to production on their own.
    os.environ.setdefault("DJANGO_ENV", "local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
