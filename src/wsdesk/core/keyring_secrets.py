"""SecretStore on the system keyring (the ``keyring`` library), when there is one."""

from __future__ import annotations

import contextlib
import functools
import logging

log = logging.getLogger(__name__)

SERVICE = "wsdesk"


class KeyringSecretStore:
    """Secrets in the system keyring under the service ``wsdesk``.

    ``available`` is False when no keyring backend is usable (a headless machine, CI):
    then ``set`` keeps nothing and returns False, and ``get`` returns None.

    keyring is imported and its backend chosen on first use, not at construction:
    together they took a fifth of wsdesk's start-up, and most sessions need no secret.
    """

    @functools.cached_property
    def available(self) -> bool:
        import keyring

        # keyring's placeholder backends have a priority of 0 or less: nothing usable.
        return bool(keyring.get_keyring().priority > 0)

    def get(self, key: str) -> str | None:
        if not self.available:
            return None
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(SERVICE, key)
        except KeyringError as exc:
            log.warning("keyring read failed: %s", type(exc).__name__)
            return None

    def set(self, key: str, value: str) -> bool:
        if not self.available:
            return False
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(SERVICE, key, value)
        except KeyringError as exc:
            log.warning("keyring write failed: %s", type(exc).__name__)
            return False
        return True

    def delete(self, key: str) -> None:
        if not self.available:
            return
        import keyring
        from keyring.errors import KeyringError

        # PasswordDeleteError (a KeyringError) means nothing was stored under this key.
        with contextlib.suppress(KeyringError):
            keyring.delete_password(SERVICE, key)
