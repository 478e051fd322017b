"""The frozen app's entry point: the same ``wsdesk`` command as the installed script."""

import sys

from wsdesk.app import main

if __name__ == "__main__":
    sys.exit(main())
