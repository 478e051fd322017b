"""Settings isolation for the whole suite: no test reads or writes the user's real settings."""

import os
import shutil
import tempfile

_CONFIG_HOME = tempfile.mkdtemp(prefix="wsdesk-test-config-")


def pytest_configure(config):
    # QSettings (UserScope) and keyring look here; subprocesses inherit it.
    os.environ["XDG_CONFIG_HOME"] = _CONFIG_HOME
    os.environ["XDG_DATA_HOME"] = _CONFIG_HOME


def pytest_unconfigure(config):
    shutil.rmtree(_CONFIG_HOME, ignore_errors=True)
