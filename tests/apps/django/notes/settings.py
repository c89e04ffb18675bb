import os

SECRET_KEY = os.environ.get("SECRET_KEY", "not-a-secret")
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "notes.urls"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("DB_NAME", "notes"),
        "HOST": os.environ.get("DB_HOST", "db"),
        "USER": os.environ.get("DB_USER", "notes"),
        "PASSWORD": os.environ.get("DB_PASSWORD", ""),
    }
}
USE_TZ = True
