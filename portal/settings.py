"""Settings of the portal, read from the environment (django-environ).

DJANGO_ENV selects the defaults:
- ``production`` (the default): secrets, hosts and the database have no defaults and must be set;
- ``local``: the zero-setup run of ``make run`` (SQLite, DEBUG, console e-mail, in-process tasks);
- ``test``: the suite (PostgreSQL and Redis on 127.0.0.1, fast password hashing).
"""

from pathlib import Path

import environ
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

from portal.errors import init_error_reporting, parse_admins

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
DJANGO_ENV = env.str("DJANGO_ENV", default="production")
if DJANGO_ENV not in {"production", "local", "test"}:
    raise environ.ImproperlyConfigured("DJANGO_ENV должен быть production, local или test")
IS_PRODUCTION = DJANGO_ENV == "production"
IS_LOCAL = DJANGO_ENV == "local"
IS_TEST = DJANGO_ENV == "test"


def _default(production, local, test):
    """The default of a variable in the current environment (NOTSET: the variable is required)."""
    return {"production": production, "local": local, "test": test}[DJANGO_ENV]


NOTSET = environ.Env.NOTSET

SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY",
    default=_default(NOTSET, "local-insecure-key-do-not-use-in-production", "test-insecure-key"),
)
DEBUG = env.bool("DJANGO_DEBUG", default=IS_LOCAL)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=_default(NOTSET, ["127.0.0.1", "localhost"], ["*"])
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Absolute address of the portal, used in e-mails (invitations, notifications).
PORTAL_BASE_URL = env.str(
    "PORTAL_BASE_URL", default=_default(NOTSET, "http://127.0.0.1:8000", "http://testserver")
).rstrip("/")
# A banner on every page telling that the content is demonstration data.
PORTAL_DEMO_BANNER = env.bool("PORTAL_DEMO_BANNER", default=IS_LOCAL)

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "import_export",
    "bootstrap",
    "django_bootstrap5",
    "csp",
    "taggit",
    # The rich-text editor of news and mailings (its JS/CSS come from the package's static).
    "django_prose_editor",
    "portal.apps.PortalConfig",
    "ppo.apps.PpoConfig",
    "publications.apps.PublicationsConfig",
    "material.apps.MaterialConfig",
    "programme.apps.ProgrammeConfig",
    "reports.apps.ReportsConfig",
    "media_archive.apps.MediaArchiveConfig",
    "documents.apps.DocumentsConfig",
    "contests.apps.ContestsConfig",
    "integrations.apps.IntegrationsConfig",
]

MIDDLEWARE = [
    # First: the request id must be set before anything logs (and on the 500 page).
    "portal.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Everything needs a login unless its view is marked public (login_not_required).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.PortalCSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
                "ppo.context_processors.officer",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {
    "default": env.db(
        "DATABASE_URL",
        default=_default(
            NOTSET,
            f"sqlite:///{BASE_DIR / 'var' / 'portal.sqlite3'}",
            "postgres://postgres@127.0.0.1:5432/portal",
        ),
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits of the login live here, so it must be shared by all processes) ----------
REDIS_URL = env.str("REDIS_URL", default=_default(NOTSET, "", "redis://127.0.0.1:6379/0"))
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache that degrades while Redis is down (portal/cache.py): the
            # pages are computed without it, never a 500; an unreachable server costs a second.
            "BACKEND": "portal.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # One process in the local run: an in-memory cache is real enough for the rate limits.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Public pages for anonymous visitors (portal/pagecache.py): how long a cached page may live at
# most; changes invalidate it earlier. 0 turns the page cache off.
PORTAL_PAGE_CACHE_SECONDS = env.int("PORTAL_PAGE_CACHE_SECONDS", default=300)
# What every page repeats for logged-in visitors too (the organization's record, roles, the
# officer's PPO, the PPO page's body; ``pagecache.kept``): how long it may live at most; changes
# invalidate it earlier. 0 reads it afresh on every request.
PORTAL_KEPT_SECONDS = env.int("PORTAL_KEPT_SECONDS", default=600)
# The dashboard's figures (programme/selectors.py ``dashboard_figures``): kept per programme, year
# and day until the data behind any metric change (the «metrics» group), at most this long for
# the current year (a closed past year's are kept a week). 0 computes them on every view (the
# tests, which create rows in bulk and send no signals, compute them each time).
PORTAL_DASHBOARD_CACHE_SECONDS = env.int(
    "PORTAL_DASHBOARD_CACHE_SECONDS", default=_default(900, 900, 0)
)

# --- Celery -------------------------------------------------------------------------------------
# Without a broker the tasks run in-process, so the portal works on one machine with no services.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# The dashboard's figures (above) recomputed by a worker this many seconds after the data behind
# a metric change, so that the next visitor gets them from the cache (changes meanwhile share
# the one job). 0: off, the default without a broker (the job would run inside the request that
# saved the row).
PORTAL_DASHBOARD_WARM_SECONDS = env.int(
    "PORTAL_DASHBOARD_WARM_SECONDS", default=60 if CELERY_BROKER_URL else 0
)
# While a worker computes them anew, the dashboard shows its last figures, with their time, if
# they are at most this old (0: the visitor waits for the computation). Only with warm-ups on.
PORTAL_DASHBOARD_PREVIOUS_SECONDS = env.int("PORTAL_DASHBOARD_PREVIOUS_SECONDS", default=3600)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/Moscow"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request publishes a job in one short attempt (portal/jobs.py); when the broker does not
# answer within these seconds the job is kept in the database outbox and sent later.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECT_TIMEOUT", default=2.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "max_retries": 0,
}
# The beat schedule is kept in code; each app adds its entries in its AppConfig (see apps.py).
CELERY_BEAT_SCHEDULE: dict[str, dict] = {}
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "var" / "celerybeat-schedule")
)

# --- Outbound HTTP and integrations (portal/http.py, integrations/) ---------------------------
OUTBOUND_TIMEOUT_SECONDS = env.float("OUTBOUND_TIMEOUT_SECONDS", default=10.0)
OUTBOUND_MAX_BYTES = env.int("OUTBOUND_MAX_BYTES", default=2 * 1024 * 1024)
OUTBOUND_MAX_REDIRECTS = env.int("OUTBOUND_MAX_REDIRECTS", default=5)
OUTBOUND_RETRIES = env.int("OUTBOUND_RETRIES", default=2)
OUTBOUND_BACKOFF_SECONDS = env.float("OUTBOUND_BACKOFF_SECONDS", default=1.0)
OUTBOUND_MAX_RETRY_AFTER_SECONDS = env.float("OUTBOUND_MAX_RETRY_AFTER_SECONDS", default=30.0)
OUTBOUND_USER_AGENT = env.str(
    "OUTBOUND_USER_AGENT", default="ChroPortal/1.0 (+portal of the healthcare workers union)"
)
# Hosts the API clients may call; monitored sites are any public address instead.
OUTBOUND_API_HOSTS = env.list(
    "OUTBOUND_API_HOSTS", default=["api.vk.com", "pu.vk.com", "api.telegram.org"]
)
# host:port pairs exempt from the private-address check (the tests' local fake servers only).
OUTBOUND_ALLOWED_PRIVATE = env.list("OUTBOUND_ALLOWED_PRIVATE", default=[])
VK_API_URL = env.str("VK_API_URL", default="https://api.vk.com/method/")
VK_API_VERSION = env.str("VK_API_VERSION", default="5.199")
VK_SERVICE_TOKEN = env.str("VK_SERVICE_TOKEN", default="")
VK_COMMUNITY_TOKEN = env.str("VK_COMMUNITY_TOKEN", default="")
VK_COMMUNITY_ID = env.int("VK_COMMUNITY_ID", default=0)
TELEGRAM_API_URL = env.str("TELEGRAM_API_URL", default="https://api.telegram.org/")
TELEGRAM_BOT_TOKEN = env.str("TELEGRAM_BOT_TOKEN", default="")
TELEGRAM_CHANNEL = env.str("TELEGRAM_CHANNEL", default="")
# Whether the «post to the ЧРО's VK and Telegram» box is ticked when staff approve news.
CROSSPOST_DEFAULT = env.bool("CROSSPOST_DEFAULT", default=False)
# Days after which an unchanged union page counts as stale on the monitoring table.
UNION_PAGE_STALE_DAYS = env.int("UNION_PAGE_STALE_DAYS", default=90)

# --- Authentication -----------------------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if IS_TEST:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:after_login"
ACCOUNT_LOGOUT_REDIRECT_URL = "portal:home"
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
# The subject prefix («[Портал ЧРО] ») comes from the organization's record (portal.adapters).
# No sign-up to invite an unknown address to; a reset request for it mails nothing.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_FORMS = {
    "reset_password": "portal.account_forms.PortalResetPasswordForm",
    "user_token": "portal.account_forms.PortalUserTokenForm",
}
# A password-reset link lives hours; an invitation (its own token, portal/tokens.py) days.
PASSWORD_RESET_TIMEOUT_HOURS = env.int("PASSWORD_RESET_TIMEOUT_HOURS", default=3)
PASSWORD_RESET_TIMEOUT = PASSWORD_RESET_TIMEOUT_HOURS * 3600
PORTAL_INVITATION_TIMEOUT_DAYS = env.int("PORTAL_INVITATION_TIMEOUT_DAYS", default=7)

# --- Sessions and security ----------------------------------------------------------------------
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 14 * 24 * 3600
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=IS_PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=IS_PRODUCTION)
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000 if IS_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = IS_PRODUCTION
# Preloading is close to irreversible; opt in with DJANGO_HSTS_PRELOAD once HTTPS is settled.
SECURE_HSTS_PRELOAD = IS_PRODUCTION and env.bool("DJANGO_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Covering indexes (INCLUDE) speed up PostgreSQL; SQLite, the local demo, goes without them.
SILENCED_SYSTEM_CHECKS.append("models.W040")


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        # NONCE is added only to the responses whose page read request.csp_nonce: the editor's
        # import map (portal/editor.py); every other page keeps script-src 'self' alone.
        "script-src": ["'self'", NONCE],
        "frame-src": env.list(
            "CSP_FRAME_SRC",
            default=[
                "https://vk.com",
                "https://vkvideo.ru",
                "https://rutube.ru",
                "https://www.youtube-nocookie.com",
            ],
        ),
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- E-mail -------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=_default(
        "django.core.mail.backends.smtp.EmailBackend",
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
    ),
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default=_default(NOTSET, "portal@demo.invalid", "portal@test.invalid")
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Русский"))]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]

# --- Static and media files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {
        "BACKEND": env.str(
            "DJANGO_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage"
        ),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# Serve MEDIA_URL from Django itself (the local run, a small installation without a web server).
PORTAL_SERVE_MEDIA = env.bool("PORTAL_SERVE_MEDIA", default=not IS_PRODUCTION)
# Documents, mailing attachments, contest photos and the photos of news not published yet:
# never served from MEDIA_URL, only through permission-checked views (see portal/storage.py).
# Keep it outside MEDIA_ROOT (Django's own /media/ refuses its files anyway: views.public_media).
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
STORAGES["private"] = {
    "BACKEND": env.str(
        "DJANGO_PRIVATE_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage"
    ),
    "OPTIONS": env.json("DJANGO_PRIVATE_FILE_STORAGE_OPTIONS", default={})
    or {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/private-media-is-not-served/"},
}
# Folder of pg_dump/pg_restore for manage.py backup/restore; empty: those of the server's
# version under /usr/lib/postgresql/<major>/bin, else the ones on PATH.
PORTAL_PG_BIN_DIR = env.str("PORTAL_PG_BIN_DIR", default="")

# Object storage (S3-compatible: Yandex Object Storage, Selectel, MinIO, AWS...) through
# django-storages, the optional extra ``s3`` (``pip install ".[s3]"``; the image has it). A bucket
# variable switches its half: S3_MEDIA_BUCKET the public media (photos of news: plain URLs, from
# S3_MEDIA_CUSTOM_DOMAIN if set), S3_PRIVATE_BUCKET the private files (streamed by the
# permission-checked views; any URL of theirs is signed and expires). Two buckets: the private one
# must never be readable by anonymous requests.
S3_MEDIA_BUCKET = env.str("S3_MEDIA_BUCKET", default="")
S3_PRIVATE_BUCKET = env.str("S3_PRIVATE_BUCKET", default="")
S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="").rstrip("/")
S3_MEDIA_CUSTOM_DOMAIN = env.str("S3_MEDIA_CUSTOM_DOMAIN", default="")
_S3_COMMON = {
    "endpoint_url": S3_ENDPOINT_URL or None,
    "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
    "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
    "region_name": env.str("S3_REGION", default="") or None,
    "signature_version": "s3v4",
    # Generated names never replace an existing object.
    "file_overwrite": False,
}
if S3_MEDIA_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3_COMMON,
            "bucket_name": S3_MEDIA_BUCKET,
            "custom_domain": S3_MEDIA_CUSTOM_DOMAIN or None,
            "querystring_auth": env.bool("S3_MEDIA_QUERYSTRING_AUTH", default=False),
            "default_acl": env.str("S3_MEDIA_ACL", default="") or None,
        },
    }
if S3_PRIVATE_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3_COMMON,
            "bucket_name": S3_PRIVATE_BUCKET,
            "querystring_auth": True,
            "querystring_expire": env.int("S3_PRIVATE_URL_EXPIRE", default=300),
            "default_acl": "private",
        },
    }


def _media_origins() -> list[str]:
    """Where public media (photos of news) are loaded from when they live in object storage."""
    from urllib.parse import urlsplit

    if not S3_MEDIA_BUCKET:
        return []
    if S3_MEDIA_CUSTOM_DOMAIN:
        return [f"https://{S3_MEDIA_CUSTOM_DOMAIN}"]
    if S3_ENDPOINT_URL:
        endpoint = urlsplit(S3_ENDPOINT_URL)
        # Path-style (endpoint/bucket/key) and virtual-hosted-style (bucket.endpoint/key) URLs.
        return [
            f"{endpoint.scheme}://{endpoint.netloc}",
            f"{endpoint.scheme}://{S3_MEDIA_BUCKET}.{endpoint.netloc}",
        ]
    return [f"https://{S3_MEDIA_BUCKET}.s3.amazonaws.com"]


CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += _media_origins()
DOCUMENTS_MAX_UPLOAD_SIZE = env.int("DOCUMENTS_MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)
MAILING_BATCH_SIZE = env.int("MAILING_BATCH_SIZE", default=50)
# «Напомнить» on a document mails an officer at most once within this many hours.
DOCUMENTS_REMINDER_COOLDOWN_HOURS = env.int("DOCUMENTS_REMINDER_COOLDOWN_HOURS", default=24)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploaded images (portal/images.py): our own pixel cap, below Pillow's bomb limit, and file size.
PORTAL_IMAGE_MAX_PIXELS = env.int("PORTAL_IMAGE_MAX_PIXELS", default=40_000_000)
PORTAL_IMAGE_MAX_BYTES = env.int("PORTAL_IMAGE_MAX_BYTES", default=15 * 1024 * 1024)
# Photos per publication.
PORTAL_PUBLICATION_MAX_PHOTOS = env.int("PORTAL_PUBLICATION_MAX_PHOTOS", default=20)

# --- Photo and video archive (media_archive) ----------------------------------------------------
# The largest uploaded video file (MP4/WebM); longer films go to VK Video / RuTube as links.
ARCHIVE_VIDEO_MAX_BYTES = env.int("ARCHIVE_VIDEO_MAX_BYTES", default=500 * 1024 * 1024)
# An album with more files than this is zipped by a Celery task and the user is e-mailed a link.
ARCHIVE_ZIP_SYNC_MAX_ITEMS = env.int("ARCHIVE_ZIP_SYNC_MAX_ITEMS", default=30)
ARCHIVE_ZIP_SYNC_MAX_BYTES = env.int("ARCHIVE_ZIP_SYNC_MAX_BYTES", default=200 * 1024 * 1024)
ARCHIVE_PAGE_SIZE = env.int("ARCHIVE_PAGE_SIZE", default=24)
# A requested album ZIP still pending after this many minutes is taken as lost (a new one is built).
ARCHIVE_EXPORT_PENDING_MINUTES = env.int("ARCHIVE_EXPORT_PENDING_MINUTES", default=60)
# Album ZIPs (and their files) are deleted this many days after the request.
ARCHIVE_EXPORT_RETENTION_DAYS = env.int("ARCHIVE_EXPORT_RETENTION_DAYS", default=7)
TAGGIT_CASE_INSENSITIVE = True

# --- Import/export ------------------------------------------------------------------------------
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Formula neutralising is done by portal.resources (a leading apostrophe keeps the text whole).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

# --- Logging and error reporting ----------------------------------------------------------------
# One line per record: time, level, logger, the request id (portal.request_context) and message.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.request_context.RequestIdFilter"}},
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "line",
        },
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # One line per task run is noise in the in-process mode of the local run.
    "loggers": {"celery": {"level": "WARNING" if IS_LOCAL else "INFO"}},
}

# People mailed the errors of the site when no error tracker is configured:
# DJANGO_ADMINS="Иван Петров <ivan@example.org>,ops@example.org".
ADMINS = parse_admins(env.str("DJANGO_ADMINS", default=""))
# Errors go to a Sentry-compatible tracker (Sentry, self-hosted GlitchTip) when SENTRY_DSN is set.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
REPORTING_TO_SENTRY = init_error_reporting(
    dsn=SENTRY_DSN,
    environment=env.str("SENTRY_ENVIRONMENT", default=DJANGO_ENV),
    release=env.str("SENTRY_RELEASE", default=""),
    traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
)
if ADMINS and not REPORTING_TO_SENTRY:
    LOGGING["handlers"]["mail_admins"] = {
        "class": "django.utils.log.AdminEmailHandler",
        "level": "ERROR",
        "filters": ["request_id"],
    }
    LOGGING["loggers"]["django.request"] = {"handlers": ["mail_admins"], "level": "ERROR"}

# --- Reports ------------------------------------------------------------------------------------
# The day of the following month by which a PPO's monthly report counts as filed on time.
REPORTS_DEADLINE_DAY = env.int("REPORTS_DEADLINE_DAY", default=5)
# Where the monthly report to the Central Committee is e-mailed.
CENTRAL_COMMITTEE_EMAIL = env.str(
    "CENTRAL_COMMITTEE_EMAIL", default=_default("", "ck@demo.invalid", "ck@test.invalid")
)
