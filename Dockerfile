# Production image: gunicorn serving the portal (static files via WhiteNoise),
# and the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        libfontconfig1 libglib2.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
RUN pip install "setuptools<81" wheel
COPY . .
RUN pip install --no-build-isolation . \
    && DJANGO_ENV=production DJANGO_SECRET_KEY=build-only-not-secret-build-only-not-secret-0123456789 \
       DJANGO_ALLOWED_HOSTS=build PORTAL_VAR_DIR=/tmp/build-var \
       python manage.py collectstatic --noinput \
    && useradd --create-home --uid 1000 portal \
    && mkdir -p /data && chown portal /data

USER portal
ENV DJANGO_ENV=production PORTAL_VAR_DIR=/data
EXPOSE 8000
CMD ["gunicorn", "policyportal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
