"""The scratch PostgreSQL database (made, counted, dropped) and the run's own Redis
database, whose Celery queue is emptied before and after the run.
"""

from __future__ import annotations

import psycopg
import redis
from psycopg import sql

from smoke.config import Config


def drop_database(config: Config) -> None:
    with psycopg.connect(config.maintenance_url, autocommit=True, connect_timeout=5) as conn:
        # FORCE ends connections a killed process may have left behind.
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(config.scratch_name)
            )
        )


def create_database(config: Config) -> None:
    drop_database(config)  # a previous run that was killed outright may have left it
    with psycopg.connect(config.maintenance_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config.scratch_name)))


def database_exists(config: Config) -> bool:
    with psycopg.connect(config.maintenance_url, autocommit=True, connect_timeout=5) as conn:
        row = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config.scratch_name]
        ).fetchone()
    return row is not None


def outbox_due(config: Config, offset: int) -> int:
    """Jobs the worker (its clock ``offset`` s ahead) still has to run."""
    with psycopg.connect(config.scratch_url, autocommit=True, connect_timeout=5) as conn:
        row = conn.execute(
            "SELECT count(*) FROM jobs_job WHERE status = 'running'"
            " OR (status = 'pending' AND available_at <= now() + make_interval(secs => %s))",
            [offset],
        ).fetchone()
    assert row is not None
    return int(row[0])


def clear_celery_queue(redis_url: str) -> int:
    """Remove Celery's queue from the run's own Redis database; how many keys went.

    A run stopped mid-way leaves messages naming job ids, which the next run's
    fresh database reuses: its worker would start on them first. Only Celery's
    own keys go (the default queue and the unacknowledged messages); nothing
    else in that database, nor any other database, is touched.
    """
    client = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5)
    try:
        return int(client.delete("celery", "unacked", "unacked_index", "unacked_mutex"))
    finally:
        client.close()
