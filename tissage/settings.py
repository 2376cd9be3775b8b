"""The one settings module of Tissage. Every knob is an environment variable (see README.md)."""

from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from tissage.lib.databases import databases_from_env
from tissage.lib.env import envbool, envint, envlist, envstr
from tissage.lib.secret import load_or_create_secret_key

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(envstr("TISSAGE_DATA_DIR", str(BASE_DIR.parent / "data"))).resolve()

DEBUG = envbool("DEBUG", False)
SECRET_KEY = envstr("SECRET_KEY") or load_or_create_secret_key(DATA_DIR)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # One app per capability of PRODUCT.md (see ARCHITECTURE.md).
    "tissage.accounts",
    "tissage.privacy",
    "tissage.vocabularies",
    "tissage.people",
    "tissage.reports",
    "tissage.directory",
    "tissage.contacts",
    "tissage.programs",
    "tissage.activities",
    "tissage.members",
    "tissage.orglife",
    "tissage.demo",
    "tissage.extractions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tissage.accounts.security.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tissage.accounts.security.AdminSecondFactorMiddleware",
    "tissage.accounts.security.ContentSecurityPolicyMiddleware",
    "tissage.accounts.language.LanguageMiddleware",
    "tissage.privacy.actor.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Deny by default: a view that declares no access rule is refused (tissage/privacy/access.py).
    "tissage.privacy.access.AccessMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tissage.urls"
WSGI_APPLICATION = "tissage.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tissage.accounts.context.shell",
            ],
        },
    },
]

# Form widgets are rendered with Jinja2 (Django's own widget templates, in both engines):
# a select of a hundred options costs a tenth of what it costs with Django's template
# language, and the quick entry form is the page workers open most.
FORM_RENDERER = "django.forms.renderers.Jinja2"

# SQLite under the data folder by default; DATABASE_URL=postgres://… for a real deployment,
# DATABASE_REPLICA_URL for a read replica that report builds read from, pooler settings
# (tissage/lib/databases.py, docs/deployment.md).
DATA_DIR.mkdir(parents=True, exist_ok=True)
(DATA_DIR / "static").mkdir(exist_ok=True)  # whitenoise warns when STATIC_ROOT is missing
DATABASES = databases_from_env(DATA_DIR)
DATABASE_ROUTERS = ["tissage.lib.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sign-in hardening (docs/security.md): lockout with a cool-off after repeated failures
# (django-axes), a TOTP code required of administrators and offered to all (django-otp).
AUTHENTICATION_BACKENDS = [
    "tissage.accounts.security.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("TISSAGE_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("TISSAGE_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Behind nginx, the address nginx saw (X-Real-IP), not nginx's own: tissage/lib/client_ip.py.
AXES_CLIENT_IP_CALLABLE = "tissage.lib.client_ip.client_ip"
TISSAGE_REQUIRE_ADMIN_OTP = envbool("TISSAGE_REQUIRE_ADMIN_OTP", True)
OTP_TOTP_ISSUER = "Tissage"

# De-identified extractions: per-table thresholds, "indicator.code=n,…" (docs/security.md);
# a table's threshold is raised, never lowered under 5 (20: immigration, judicial history).
TISSAGE_EXTRACTION_THRESHOLDS = envlist("TISSAGE_EXTRACTION_THRESHOLDS")

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr-ca"
LANGUAGES = [("fr-ca", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"

# Sessions end after 30 idle minutes: workers use shared computers. The expiry moves with
# each request, at most once a minute (tissage.accounts.security.IdleSessionMiddleware).
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# HTTPS: one switch for a deployment behind TLS (see README, "Deployment").
HTTPS = envbool("TISSAGE_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
TISSAGE_BEHIND_PROXY = envbool("TISSAGE_BEHIND_PROXY", False)
if TISSAGE_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "tissage@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Logs carry events and identifiers, never personal data: no request bodies, no form values.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},  # it logs each step of a PDF at INFO
        "fontTools": {"level": "WARNING"},
    },
}
