"""``python -m wsdesk``: the same as the ``wsdesk`` command."""

import sys

from wsdesk.launch import wsdesk

sys.exit(wsdesk())
