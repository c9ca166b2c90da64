"""Django settings for Yingcai.

Every setting that differs between machines comes from an environment
variable (documented in the README); nothing else is meant to be edited here.
"""

import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def _source_checkout() -> Path | None:
    """The project root when running from a source checkout (src/yingcai/ under a folder
    holding pyproject.toml), else None (an installed package)."""
    root = PACKAGE_DIR.parent.parent
    checkout = PACKAGE_DIR.parent.name == "src" and (root / "pyproject.toml").is_file()
    return root if checkout else None


env = environ.Env()

# The var directory holds the generated secret key, the SQLite database, mail and SMS files
# and uploads. It is never derived from the current directory: a command run from another
# folder (e.g. src/yingcai for makemessages) must neither scatter a second var/ there nor
# pick up a stray secret key lying in it (docs/operations.md).
BASE_DIR = _source_checkout()
if env.str("YINGCAI_VAR_DIR", default=""):
    VAR_DIR = Path(env.str("YINGCAI_VAR_DIR")).resolve()
elif BASE_DIR is not None:
    VAR_DIR = BASE_DIR / "var"
else:
    raise ImproperlyConfigured(
        "Set YINGCAI_VAR_DIR to the folder for Yingcai's data (see docs/operations.md)."
    )
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)
# HTTPS is on unless DEBUG is set or HTTPS=0 (a demo on http://127.0.0.1).
HTTPS = env.bool("HTTPS", default=not DEBUG)


def _secret_key() -> str:
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    if HTTPS:
        # In production every process must share one key that no one else knows; a key
        # generated (or found) on disk is neither shared by design nor guarded.
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: with HTTPS on (production) it must be (docs/operations.md)."
        )
    # A generated key survives restarts of a demo or a development server, so sessions do.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# The private key that signs e-tickets (a P-256 PEM); empty: derived from SECRET_KEY
# (yingcai.attendance.tickets). Changing it invalidates the tickets issued.
TICKET_SIGNING_KEY = env.str("TICKET_SIGNING_KEY", default="", multiline=True)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin.
    "modeltranslation",
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "csp",
    "django_tasks",
    # The embedded default's task queue (below); installed with Redis too, so that the schema
    # does not depend on REDIS_URL.
    "django_tasks_db",
    "rules",
    "ninja",
    "yingcai.core",
    "yingcai.accounts",
    "yingcai.organisations",
    "yingcai.privacy",
    "yingcai.conference",
    "yingcai.talents",
    "yingcai.jobs",
    "yingcai.institutions",
    "yingcai.projects",
    "yingcai.docking",
    "yingcai.calls",
    "yingcai.roadshow",
    "yingcai.guests",
    "yingcai.attendance",
    "yingcai.stats",
    "yingcai.portal",
    "yingcai.orga",
    "yingcai.api",
    "yingcai.demo",
    "yingcai.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost but one: whatever answers under /api/ (a refused host, a malformed body, a
    # 500) reaches the client in the API's JSON error shape.
    "yingcai.api.middleware.ApiErrorShapeMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "yingcai.core.middleware.RejectNulMiddleware",
]

ROOT_URLCONF = "yingcai.urls"
WSGI_APPLICATION = "yingcai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yingcai.portal.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'yingcai.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server, a demo load and a test run
    # share the file without "database is locked" errors.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default=None)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and background tasks -----------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "yingcai",
        }
    }
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600} for name in ("default", "mail")}
    TASKS = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", "mail"]},
    }
else:
    # In the database, so the log-in lock-out and every rate limit hold across web processes
    # (a per-process cache gave 4 workers 4 budgets); `migrate` creates the table.
    CACHES = {
        "default": {
            "BACKEND": "yingcai.core.cache.DatabaseCache",
            "LOCATION": "yingcai_cache",
            "OPTIONS": {"MAX_ENTRIES": 50000},
        }
    }
    # Queued in a table of the same database and run by `yingcai db_worker` (which `make demo`
    # and `yingcai serve` start beside the web server): nothing heavy runs inside a request,
    # so a form post answers at once (docs/performance.md, docs/decisions.md).
    TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]},
    }

# --- Accounts -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "yingcai.accounts.backends.PasswordBackend",
    "yingcai.accounts.backends.AllauthBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"

ACCOUNT_ADAPTER = "yingcai.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "yingcai.accounts.forms.LoginForm",
    "signup": "yingcai.accounts.forms.SignupForm",
    "reset_password": "yingcai.accounts.forms.ResetPasswordForm",
}
# The consent to the legal texts, from the privacy app (above accounts in the layers).
ACCOUNT_SIGNUP_FORM_CLASS = "yingcai.privacy.forms.SignupConsentForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "phone", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# A duplicate e-mail or mobile number gets a clear message (docs/decisions.md).
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = True
# Six digits, as every Chinese SMS verification code is.
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Lock-out: after 5 failed log-ins for one account within 15 minutes, further
# attempts for it are refused until the window has passed.
LOGIN_FAILURES_ALLOWED = env.int("LOGIN_FAILURES_ALLOWED", default=5)
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"20/m/ip,{LOGIN_FAILURES_ALLOWED}/15m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Yingcai"

# SMS: no gateway ships with Yingcai; codes are written to files unless an
# operator configures another backend (docs/operations.md).
SMS_BACKEND = env.str("SMS_BACKEND", default="yingcai.accounts.sms.FileBackend")
SMS_FILE_PATH = VAR_DIR / "sms"

# --- E-mail -------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default=f"filemail:///{VAR_DIR / 'mail'}"))
if EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend":  # noqa: F821
    # Mail written to files holds password-reset links: only the server's user reads it.
    EMAIL_BACKEND = "yingcai.core.mail.PrivateFileEmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Yingcai <noreply@yingcai.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation ------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
# Dates, times and numbers per language (2026年12月9日 09:30 / 9 December 2026, 09:30).
FORMAT_MODULE_PATH = ["yingcai.formats"]
USE_I18N = True
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("zh-hans", "en"), "zh-hans": ("en",)}
LANGUAGE_COOKIE_NAME = "yingcai_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# --- Files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
NODE_MODULES = Path(
    env.str("NODE_MODULES", default=str((BASE_DIR or VAR_DIR.parent) / "node_modules"))
)
# Third-party assets come from npm at set-up time (package-lock.json) and are
# served from our own origin: the site works on an intranet without a CDN.
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/pico", NODE_MODULES / "@picocss" / "pico" / "css"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/hls", NODE_MODULES / "hls.js" / "dist"),
    ("vendor/zxing-library", NODE_MODULES / "@zxing" / "library" / "umd"),
    ("vendor/zxing-browser", NODE_MODULES / "@zxing" / "browser" / "umd"),
]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploaded files are private: no MEDIA_URL is served; views check permissions
# and stream them.
MEDIA_URL = "/private-media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Private files (CVs, certificates, exports) are readable by the web server's user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# --- Security -------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "yingcai.portal.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    # Both reach beyond this site (every subdomain; browsers' built-in lists, which take
    # months to leave), so the operator opts in once every subdomain serves HTTPS.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    # Behind a reverse proxy that terminates TLS (docs/operations.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])
if HTTPS and not SECURE_HSTS_INCLUDE_SUBDOMAINS:
    SILENCED_SYSTEM_CHECKS.append("security.W005")  # off by decision, see above
if HTTPS and not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Content-Security-Policy (django-csp): scripts only from our own origin, never inline, so an
# injected <script> or on…= handler does not run even if escaping were ever missed. Style
# *elements* come only from our origin too (CSS selectors can read a page's secrets); style
# *attributes* stay allowed, since ECharts, HTMX swaps and the admin set them; they cannot
# select, and img-src bounds what they load. Browsers without CSP 3 read style-src.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        # data: for the two-factor set-up's QR code (allauth renders it as a data URI).
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy: the site needs no device or payment feature; a page (or anything
# injected into one) cannot ask for them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
}

# Behind a reverse proxy, the header that carries the visitor's address (e.g.
# X-Real-IP); rate limits and consent records read it instead of the proxy's.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
if CLIENT_IP_HEADER:
    ALLAUTH_TRUSTED_CLIENT_IP_HEADER = CLIENT_IP_HEADER
    RATELIMIT_IP_META_KEY = "HTTP_" + CLIENT_IP_HEADER.upper().replace("-", "_")
# Public forms (leave a message, report): submissions per address and hour.
PUBLIC_FORM_RATE = env.str("PUBLIC_FORM_RATE", default="10/h")
# The API: requests without a valid token per address, and per token (None lifts a limit).
API_RATE_PER_IP = "60/m"
API_RATE_PER_TOKEN = "600/m"  # noqa: S105 - a rate, not a password

ADMINS = [("Yingcai", a) for a in env.list("ADMIN_EMAILS", default=[])]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Yingcai --------------------------------------------------------------------
# After a counted row changes, the figures are counted again at most this often (seconds).
FIGURES_MIN_INTERVAL = env.int("FIGURES_MIN_INTERVAL", default=10)
# A process marks the figures changed at most this often (core.registry.figures.mark_changed).
FIGURES_MARK_INTERVAL = env.float("FIGURES_MARK_INTERVAL", default=1.0)
# A registration's confirmation is sent by a sweep queued at most this often per process, which
# runs this long (and half a second) after the commit that queued it
# (attendance.services.confirmations).
ATTENDANCE_CONFIRMATION_DELAY = env.float("ATTENDANCE_CONFIRMATION_DELAY", default=1.0)
# How long a process keeps the current legal documents before asking the shared cache again.
LEGAL_DOCUMENTS_LOCAL_SECONDS = env.float("LEGAL_DOCUMENTS_LOCAL_SECONDS", default=5.0)
# Pagination of public lists.
PAGE_SIZE = 20
# How many demo objects a "full scale" preset creates is decided by the preset
# itself (yingcai.demo); this only names the label shown to users.
YINGCAI_NAME = _("Yingcai")
