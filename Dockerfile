# Production image: gunicorn serving the portal (static files via WhiteNoise);
# the same image runs the Celery worker, beat and the one-off `migrate`.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1

# WeasyPrint's libraries and a font for the PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        libfontconfig1 libglib2.0-0 fonts-dejavu-core \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies first, in their own layer: a code change does not reinstall them.
COPY pyproject.toml ./
RUN pip install "setuptools<81" wheel \
    && pip install --no-build-isolation .
COPY . .
RUN DJANGO_ENV=production DJANGO_SECRET_KEY=build-only-not-secret-build-only-not-secret-0123456789 \
       DJANGO_ALLOWED_HOSTS=build PORTAL_VAR_DIR=/tmp/build-var \
       python manage.py collectstatic --noinput \
    && rm -rf /tmp/build-var \
    && useradd --create-home --uid 1000 portal \
    && mkdir -p /data && chown portal /data

USER portal
ENV DJANGO_ENV=production PORTAL_VAR_DIR=/data PYTHONPATH=/app
EXPOSE 8000
CMD ["gunicorn", "policyportal.wsgi:application", "--config", "python:policyportal.gunicorn_config"]
