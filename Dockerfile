# The web service (gunicorn) and, with another command, the Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_ENV=production \
    WEB_CONCURRENCY=3

# PostgreSQL's client programs, for `manage.py dbshell` and the backup commands.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system app && useradd --system --gid app --home-dir /app --no-create-home app

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Static files (admin, Swagger UI, ReDoc, silk) are collected at build time and served by
# whitenoise. The production settings refuse any key written down anywhere, so this step gets a
# random key that lives only for this command; the hosts below exist only for this step too.
RUN DJANGO_ENV=production \
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    ALLOWED_HOSTS=localhost \
    SILK_ENABLED=true \
    LOG_FILE= \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/logs /app/backups \
    && chown -R app:app /app/logs /app/backups /app/staticfiles

USER app

EXPOSE 8000

# gunicorn reads the number of workers from WEB_CONCURRENCY.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--timeout", "60"]
