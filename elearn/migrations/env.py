"""Alembic environment: runs against the app's engine, with every domain's models imported."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def target_metadata():
    from elearn.models import import_all

    import_all()
    return current_app.extensions["migrate"].db.metadata


def run_migrations_offline():
    context.configure(url=str(current_app.extensions["migrate"].db.engine.url), target_metadata=target_metadata(),
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    engine = current_app.extensions["migrate"].db.engine
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata(), render_as_batch=True,
                          compare_type=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
