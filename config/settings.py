"""Settings for Alongside: one module, every deploy-time choice read from the environment.

With no variables set this is the embedded default (SQLite under var/, in-memory channel layer,
local-memory cache, console e-mail, database task queue). The README lists every variable.
"""

import os
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ALONGSIDE_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def redis_database(url: str, number: int) -> str:
    """The same Redis server, another of its numbered databases (the path of the address)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{number}"))


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DEBUG", True)
# The development key only ever applies with DEBUG on; production must set SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-not-secret-" + "x" * 40

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.postgres",
    "channels",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    # frontend comes before allauth so that our accessible account templates win.
    "frontend",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    "community",
    "forums",
    "events",
    "community.safety",
    "community.chat",
    "community.support",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Cache-Control for personal answers, Vary: Authorization, Permissions-Policy: outermost
    # but for security, so it sees every answer.
    "config.middleware.PrivateAnswers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.RefuseNulCharacters",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A suspended or banned person sees why and until when, on every page but a few.
    "frontend.middleware.BarredPeopleMiddleware",
    # The database out of reach for a moment: a "try again" page (503), not the crash page.
    "frontend.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.site_header",
                "frontend.context_processors.safety",
                "frontend.context_processors.banners",
                "frontend.context_processors.text_size",
            ],
        },
    },
]

# --- Database: SQLite under var/ unless DATABASE_URL points elsewhere (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'alongside.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif env_flag("DATABASE_POOL", True):
    # Under ASGI every request and every socket's database call may run on a different thread,
    # and each thread would open its own connection (persistent connections leak there, so
    # Django turns them off). A pool per server process hands connections back after each use:
    # however many sockets are open, one process holds at most DATABASE_POOL_MAX_SIZE
    # connections (see docs/scaling.md for the figures).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "2")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "10")),
        # Wait this long for a free connection before the request fails.
        "timeout": int(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer and cache when REDIS_URL is set; in-process otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Parallel test workers (pytest-xdist, bin/test) each take their own Redis database, as they each
# take their own test database: a cache clear (FLUSHDB) in one must not empty the other's.
_TEST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _TEST_WORKER.startswith("gw"):
    REDIS_URL = redis_database(REDIS_URL, 1 + int(_TEST_WORKER[2:]))
    os.environ["REDIS_URL"] = REDIS_URL  # the integration tests read it too
if REDIS_URL:
    # How these are chosen, with the figures: docs/scaling.md ("The channel layer").
    CHANNEL_LAYERS = {
        "default": {
            # Redis pub/sub, one subscription per process per room (config/pubsub_layer.py).
            "BACKEND": "config.pubsub_layer.PubSubChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        # Publishing connections per server process; hundreds of tabs leaving a
                        # room at once wait up to the timeout for one instead of failing.
                        "max_connections": int(os.environ.get("REDIS_MAX_CONNECTIONS", "100")),
                        "timeout": int(os.environ.get("REDIS_POOL_TIMEOUT", "20")),
                        "socket_timeout": int(os.environ.get("REDIS_SOCKET_TIMEOUT", "30")),
                    }
                ],
                "prefix": os.environ.get("CHANNEL_LAYER_PREFIX", "alongside"),
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "alongside",
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks: a real queue in the database, drained by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- E-mail: printed to the console unless EMAIL_URL-style settings are given.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", False)
# "E-mail soon after" waits this long, then sends everything still unread in one message.
NOTIFICATION_EMAIL_WAIT_SECONDS = int(os.environ.get("NOTIFICATION_EMAIL_WAIT_SECONDS", "120"))
# Booked people get a reminder e-mail this many hours before each date.
EVENT_REMINDER_HOURS = int(os.environ.get("EVENT_REMINDER_HOURS", "24"))
# Access needs on a booking are erased this many days after the date ends (privacy notice).
ACCESS_NEEDS_KEPT_DAYS = int(os.environ.get("ACCESS_NEEDS_KEPT_DAYS", "30"))
# A support request nobody takes expires after this many days; the member can send it again.
SUPPORT_REQUEST_EXPIRES_DAYS = int(os.environ.get("SUPPORT_REQUEST_EXPIRES_DAYS", "14"))
# A question for an advisor's answer with no advisor's reply after this many days is raised to
# the staff of the organisations whose advisors know about its theme (forums.services.advisors).
FORUMS_ADVISOR_WAIT_DAYS = int(os.environ.get("FORUMS_ADVISOR_WAIT_DAYS", "3"))
# --- Safety (community.safety) ---------------------------------------------------------------
# Content is hidden while a moderator looks at it after this many reports from different
# people, or after one from a moderator or trained advisor.
SAFETY_HOLD_AFTER_REPORTS = int(os.environ.get("SAFETY_HOLD_AFTER_REPORTS", "3"))
SAFETY_HOLD_AFTER_TRUSTED_REPORTS = int(os.environ.get("SAFETY_HOLD_AFTER_TRUSTED_REPORTS", "1"))
# An account is new for this many days after sign-up (unless it holds a role): until a moderator
# has approved this many of its posts or messages outside drop-in rooms, each waits for approval;
# each post may have at most this many links; it may start private conversations only with
# advisors and planning partners.
SAFETY_NEW_ACCOUNT_DAYS = int(os.environ.get("SAFETY_NEW_ACCOUNT_DAYS", "7"))
SAFETY_NEW_ACCOUNT_APPROVALS = int(os.environ.get("SAFETY_NEW_ACCOUNT_APPROVALS", "2"))
SAFETY_NEW_ACCOUNT_LINKS = int(os.environ.get("SAFETY_NEW_ACCOUNT_LINKS", "2"))
# Words and short phrases that suggest someone may be at risk, matched as whole words, in any
# case. The writer is shown urgent help (never blocked) and moderators see it marked urgent.
SAFETY_RISK_PHRASES = [
    "ending it all",
    "end it all",
    "end my life",
    "ending my life",
    "kill myself",
    "killing myself",
    "suicide",
    "suicidal",
    "take my own life",
    "taking my own life",
    "want to die",
    "better off dead",
    "no reason to live",
    "self harm",
    "self-harm",
    "harm myself",
    "hurt myself",
    "overdose",
    "not safe at home",
    "he hits me",
    "she hits me",
    "being abused",
    "can't go on",
    "cannot go on",
]
# Words a display name may hold only with the matching role: badges are the only sign of trust.
# (The names of verified organisations are checked too, for anyone who is not their staff.)
SAFETY_CLAIMED_ROLE_WORDS = {
    "advisor": "advisor",
    "adviser": "advisor",
    "planning partner": "planning_partner",
    "moderator": "moderator",
    "admin": "moderator",
    "administrator": "moderator",
    "council": "staff",
    "official": "staff",
    "nhs": "staff",
    "support team": "staff",
    "helpline": "staff",
}
# How often one person (or, signed out, one address) may do each thing: "count/seconds".
# The same numbers hold at every door: the pages, the API and the chat socket.
RATE_LIMITS = {
    "topic": os.environ.get("RATE_LIMIT_TOPIC", "5/600"),
    "reply": os.environ.get("RATE_LIMIT_REPLY", "10/60"),
    "message": os.environ.get("CHAT_RATE_LIMIT", "10/10"),
    "request": os.environ.get("RATE_LIMIT_REQUEST", "5/3600"),
    "report": os.environ.get("RATE_LIMIT_REPORT", "20/600"),
    "booking": os.environ.get("RATE_LIMIT_BOOKING", "20/600"),
    "sign_up": os.environ.get("RATE_LIMIT_SIGN_UP", "5/3600"),
    "log_in": os.environ.get("RATE_LIMIT_LOG_IN", "20/600"),
    # Staff looking a member up by e-mail address to book for them (a phone call).
    "account_lookup": os.environ.get("RATE_LIMIT_ACCOUNT_LOOKUP", "30/3600"),
}
# "Download my data": the zip can be downloaded for this many days, then it is deleted.
DATA_EXPORT_DAYS = int(os.environ.get("DATA_EXPORT_DAYS", "7"))
# Calendars imported from a web address are never read from a private, loopback or link-local
# address (the server's own network). Not an environment setting: only tests that serve a
# calendar from this machine switch it on.
EVENTS_CALENDAR_PRIVATE_ADDRESSES_ALLOWED = False
# The name people know the service by, in pages and e-mails; whoever runs it may choose another.
SITE_NAME = os.environ.get("SITE_NAME", "Alongside")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", f"{SITE_NAME} <hello@alongside.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people write to us (the contact and privacy pages): the sender's address unless given.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL") or parseaddr(DEFAULT_FROM_EMAIL)[1]

# --- People and accounts.
AUTH_USER_MODEL = "community.User"
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# Subjects start "<SITE_NAME>: " like every e-mail we send: frontend/accounts_adapter.py adds it.
# Tell people when their password or e-mail address changes, so they notice if it was not them.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
ACCOUNT_SIGNUP_FORM_CLASS = "frontend.forms.accounts.SignupForm"
ACCOUNT_ADAPTER = "frontend.accounts_adapter.AccountAdapter"
# Checking the current password is a counted guess (community.services.password_guesses).
ACCOUNT_FORMS = {
    "change_password": "frontend.forms.passwords.ChangePasswordForm",
    "login": "frontend.forms.log_in.LogInForm",
    # The rest only put allauth's forms in our words (frontend/forms/account_words.py).
    "signup": "frontend.forms.log_in.SignUpForm",
    "reset_password": "frontend.forms.passwords.ResetPasswordForm",
    "reset_password_from_key": "frontend.forms.passwords.ResetPasswordKeyForm",
    "add_email": "frontend.forms.email_addresses.AddEmailForm",
    "reauthenticate": "frontend.forms.passwords.ReauthenticateForm",
}
ACCOUNT_RATE_LIMITS = {
    # Wrong passwords at every door (log-in page, re-authenticating, changing a password, API
    # tokens, the admin site): per client address, and per account ("key" is the account).
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}

# --- Sessions, cookies and transport security. Secure flags follow DEBUG; HSTS and the HTTPS
# redirect can be tuned for a proxy that terminates TLS.
# Django's database sessions, read with a prepared query (community.sessions).
SESSION_ENGINE = "community.sessions"
SESSION_COOKIE_SECURE = env_flag("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_flag("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_flag("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies of ours append to X-Forwarded-For in front of the server. 0: the header is
# ignored and limits count the connection's address (community.client_address).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF, "ws:", "wss:"] if DEBUG else [SELF, "wss:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Locale: UK English, times stored in UTC and shown in UK time.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- API.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # DRF's own two, refusing a suspended or banned person with a 403 of its own code.
        "api.authentication.SessionAuthentication",
        "api.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # JSON only: the browsable API's inline scripts would fight the CSP; /api/docs/ is the UI.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's own three, with a JSON parser that answers deeply nested JSON with a 400.
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "api.errors.json_error_handler",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.WriteRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "writes": os.environ.get("API_WRITE_RATE", "120/min"),
        "token": "10/min",
    },
    # Our throttles ask community.client_address; this keeps any other DRF throttle from
    # believing a made-up X-Forwarded-For.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Alongside API",
    "DESCRIPTION": "Peer support, forums and events for people who manage a personal budget.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for the council areas, whether a field takes one (`area`) or a list (`areas`).
    "ENUM_NAME_OVERRIDES": {
        "AreaEnum": "community.areas.AREA_CHOICES",
        "CaseOutcomeEnum": "community.safety.models.Case.Outcome",
        "CaseActionEnum": "community.safety.moderation.CASE_ACTIONS",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_list_errors",
        "api.schema.document_try_again_later",
        "api.schema.document_refused_characters",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
