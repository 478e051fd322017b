"""The echo server wsdesk ships, embedded in the app and as ``wsdesk-echo``."""
