"""``python -m wsdesk.cli`` runs wsdesk-cli."""

import sys

from wsdesk.cli import main

sys.exit(main())
