from wsdesk.app import build_parser, options_from_args
from wsdesk.models import ReconnectPolicy


def test_reconnect_is_off_unless_asked_for():
    args = build_parser().parse_args(["ws://127.0.0.1:9/"])
    assert options_from_args(args, args.url).reconnect is None


def test_reconnect_flag_turns_on_the_default_policy():
    args = build_parser().parse_args(["--reconnect", "ws://127.0.0.1:9/"])
    options = options_from_args(args, args.url)
    assert options.reconnect == ReconnectPolicy()
    assert options.url == "ws://127.0.0.1:9/"
