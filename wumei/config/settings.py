"""Django settings. Every knob is a WUMEI_* environment variable (see README)."""

import importlib.util
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from wumei.config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
DEMO = env_bool("DEMO", False)
SECRET_KEY = env_str("SECRET_KEY") or "insecure-dev-key-set-WUMEI_SECRET_KEY-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "huey.contrib.djhuey",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "wumei.core",
    "wumei.audit",
    "wumei.calendar",
    "wumei.org",
    "wumei.projects",
    "wumei.photos",
    "wumei.notify",
    "wumei.problems",
    "wumei.daily",
    "wumei.weekly",
    "wumei.tasks",
    "wumei.dekad",
    "wumei.bulletins",
    "wumei.factors",
    "wumei.consultation",
    "wumei.reception",
    "wumei.approvals",
    "wumei.financing",
    "wumei.ratings",
    "wumei.accountability",
    "wumei.quarterly",
    "wumei.cockpit",
    "wumei.cadence",
    "wumei.documents",
    "wumei.exchange",
    "wumei.api",
    "wumei.demo",
    "wumei.ops",
    "wumei.security",
    "wumei.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After auth and messages: absolute session limit, administrators' idle limit, forced password change.
    "wumei.security.middleware.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wumei.config.urls"
WSGI_APPLICATION = "wumei.config.wsgi.application"

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
                "wumei.web.context.site",
            ],
        },
    },
]

# Database: unset → SQLite (WAL) under var/; sqlite:///PATH or postgres://… otherwise.
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'wumei.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Password policy (GB/T 22239-2019 identity authentication; see docs/security.md). Each knob is a WUMEI_* variable.
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 8)
PASSWORD_MIN_CLASSES = env_int("PASSWORD_MIN_CLASSES", 3)  # of upper case, lower case, digits, symbols
PASSWORD_HISTORY = env_int("PASSWORD_HISTORY", 5)  # the last N passwords may not be reused; 0 = off
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)  # 0 = passwords never expire
PASSWORD_FORCE_CHANGE = env_bool("PASSWORD_FORCE_CHANGE", True)  # an administrator-set password is changed first
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "wumei.security.validators.MinimumLengthValidator"},
    {"NAME": "wumei.security.validators.CharacterClassesValidator"},
    {"NAME": "wumei.security.validators.UsernameValidator"},
    {"NAME": "wumei.security.validators.CommonPasswordValidator"},
    {"NAME": "wumei.security.validators.PasswordHistoryValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "projects:project-list"
LOGOUT_REDIRECT_URL = "web:login"

# Idle sessions expire: the cookie age slides on every request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and not DEMO)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The three administrators (sys_admin, sec_admin, auditor) idle out sooner; every session ends this long
# after its sign-in, however active.
ADMIN_IDLE_MINUTES = env_int("ADMIN_IDLE_MINUTES", 15)
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 12)

# 等保 level: 2 by default; 3 switches on the level-3 controls (two-factor sign-in for everyone).
SECURITY_LEVEL = env_int("SECURITY_LEVEL", 2)
# TOTP two-factor sign-in (django-otp): required for these roles, or for everyone.
TWO_FACTOR_ROLES = env_list("TWO_FACTOR_ROLES", ["sys_admin", "sec_admin", "auditor"])
TWO_FACTOR_FOR_ALL = env_bool("TWO_FACTOR_FOR_ALL", SECURITY_LEVEL >= 3)
OTP_TOTP_ISSUER = env_str("TOTP_ISSUER", "五每")
# Encryption at rest (SM4-GCM) of phone numbers and TOTP keys: on at level 3; the key is 32 hex characters.
FIELD_ENCRYPTION = env_bool("FIELD_ENCRYPTION", SECURITY_LEVEL >= 3)
FIELD_KEY = env_str("FIELD_KEY")

# django-axes: lock an account+IP after repeated failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCK_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked.html"
AXES_VERBOSE = False
# Failed attempts keep their POST data, masked: the password always, axes's defaults, and the one-time code.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "token"]
SILENCED_SYSTEM_CHECKS = [
    # Accounts are locked by user name, not by address: county offices sit behind one NAT address,
    # and locking it would lock the whole office out after one person's mistakes.
    "axes.W006",
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing root before collectstatic has run
STATICFILES_DIRS = [BASE_DIR / "wumei" / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Static files: content-hashed names cached a year in production (wumei/ops/staticfiles.py; needs
# `wumei collectstatic`). Off under pytest or with WUMEI_STATIC_MANIFEST=0 (pages rendered without collecting).
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", "pytest" not in sys.modules)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "wumei.ops.staticfiles.StaticFilesStorage" if STATIC_MANIFEST
                    else "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The installation's home county: created on first use (imports need nothing set up first).
HOME_COUNTY_CODE = env_str("HOME_COUNTY_CODE", "999001")
HOME_COUNTY_NAME = env_str("HOME_COUNTY_NAME", "示范县")

# Import limits: refuse oversized spreadsheets before parsing them.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 20) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)

# The job worker (huey; `wumei run_huey`): a SQLite queue under var/ by default, Redis when
# WUMEI_HUEY_URL=redis://… is set (needs the redis package). Tests run tasks at once (immediate mode).
HUEY_URL = env_str("HUEY_URL")
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", "pytest" in sys.modules)
if HUEY_URL.startswith(("redis://", "rediss://", "unix://")):
    if importlib.util.find_spec("redis") is None:
        raise ImproperlyConfigured("WUMEI_HUEY_URL 指向 Redis，但未安装 redis 软件包（pip install redis）")
    HUEY = {"huey_class": "huey.RedisHuey", "name": "wumei", "url": HUEY_URL, "immediate": HUEY_IMMEDIATE}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "wumei",
        "filename": env_str("HUEY_FILE", str(VAR_DIR / "huey.sqlite3")),
        "immediate": HUEY_IMMEDIATE,
    }
HUEY["consumer"] = {"workers": env_int("HUEY_WORKERS", 1), "worker_type": "thread"}

# Cache shared by a machine's web workers (the cockpit's figures): a folder under var/, or Redis with
# WUMEI_CACHE_URL=redis://…. Tests use memory. COCKPIT_CACHE_SECONDS: how long computed figures are kept (0: off).
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif "pytest" in sys.modules:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(VAR_DIR / "cache")}}
COCKPIT_CACHE_SECONDS = env_int("COCKPIT_CACHE_SECONDS", 0 if "pytest" in sys.modules else 300)

# Official documents: a folder of licensed fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体) used in
# PDFs in place of the free stand-ins when present (see docs/documents.md).
DOCUMENT_FONT_DIR = env_str("DOCUMENT_FONT_DIR", str(VAR_DIR / "fonts"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
from wumei.config.web_security import *  # noqa: E402,F403
