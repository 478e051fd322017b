"""wsdesk-cli's command line: argv -> ConnectionOptions and the exit conditions."""

import base64

import pytest

from wsdesk.cli.options import UsageError, parse_args
from wsdesk.models import ConnectionOptions, ReconnectPolicy

URL = "ws://127.0.0.1:8765/feed"


def parse(*argv, env=None):
    return parse_args(list(argv), env={} if env is None else env)


def test_defaults_mirror_connection_options():
    config = parse(URL)
    assert config.options == ConnectionOptions(url=URL)
    assert not config.has_exit_condition
    assert config.sends == ()


def test_no_url_leaves_it_to_the_embedded_echo_server():
    assert parse().options.url == ""


def test_every_connection_option_reaches_connection_options(tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    options = parse(
        URL,
        "-H",
        "X-Trace: 42",
        "-H",
        "X-Key:k1",
        "--secret-header",
        "X-Key",
        "-s",
        "chat.v2",
        "--subprotocol",
        "chat.v1",
        "--origin",
        "http://app.local",
        "--ca-file",
        str(ca),
        "--client-cert",
        str(ca),
        "--client-key",
        str(ca),
        "--insecure",
        "--proxy",
        "http://127.0.0.1:3128",
        "--system-proxy",
        "--connect-timeout",
        "3",
        "--close-timeout",
        "0.5",
        "--ping-interval",
        "0",
        "--ping-timeout",
        "4",
        "--max-message-size",
        "1024",
        "--no-compress",
        "--max-redirects",
        "0",
        "--reconnect",
    ).options
    assert options.headers == (("X-Trace", "42"), ("X-Key", "k1"))
    assert options.secret_headers == ("X-Key",)
    assert options.subprotocols == ("chat.v2", "chat.v1")
    assert options.origin == "http://app.local"
    assert (options.ca_file, options.client_cert, options.client_key) == (str(ca),) * 3
    assert options.verify_tls is False
    assert options.proxy == "http://127.0.0.1:3128"
    assert options.use_system_proxy is True
    assert (options.connect_timeout, options.close_timeout) == (3.0, 0.5)
    assert options.ping_interval is None  # 0 = off
    assert options.ping_timeout == 4.0
    assert options.max_message_size == 1024
    assert options.compress is False
    assert options.max_redirects == 0
    assert options.reconnect == ReconnectPolicy()


def test_bearer_and_basic_come_from_options_or_the_environment():
    assert parse(URL, "--bearer", "t0k").options.headers == (("Authorization", "Bearer t0k"),)
    env = {"WSDESK_BEARER": "from-env"}
    assert parse(URL, env=env).options.headers == (("Authorization", "Bearer from-env"),)
    expected = "Basic " + base64.b64encode(b"ann:pa:ss").decode()
    env = {"WSDESK_BASIC": "ann:pa:ss"}
    assert parse(URL, env=env).options.headers == (("Authorization", expected),)
    env = {"WSDESK_CLIENT_KEY_PASSWORD": "unlock"}
    assert parse(URL, env=env).options.client_key_password == "unlock"


def test_sends_keep_their_order_across_kinds(tmp_path):
    blob = tmp_path / "blob.bin"
    blob.write_bytes(b"\x00\x01")
    config = parse(
        URL, "--send", "a", "--send-binary", "ff 00", "--send-file", str(blob), "--send", "b"
    )
    assert config.sends == ("a", b"\xff\x00", b"\x00\x01", "b")


def test_exit_conditions():
    config = parse(
        URL,
        "--count",
        "3",
        "--until",
        "^done$",
        "--expect",
        "a",
        "--expect",
        "b",
        "--expect-timeout",
        "2",
        "--timeout",
        "9",
    )
    assert config.count == 3
    assert config.until.pattern == "^done$"
    assert [p.pattern for p in config.expects] == ["a", "b"]
    assert (config.expect_timeout, config.timeout) == (2.0, 9.0)
    assert config.has_exit_condition


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ftp://x/"], "bad URL: Unsupported scheme 'ftp'"),
        (["--count", "0"], "--count: must be at least 1, not 0"),
        (["--timeout", "-1"], "--timeout: must be more than 0, not -1"),
        (["--ping-interval", "soon"], "--ping-interval: 'soon' is not a number"),
        (["-H", "NoColon"], "--header 'NoColon': expected 'Name: value'"),
        (["--until", "("], "--until '(': invalid regular expression at position 0"),
        (["--until", "(a+)+$"], "--until '(a+)+$': a repeated group that can match the same text"),
        (["--expect", "(\\w*)*x"], "a repeated group that can match the same text"),
        (["--max-message-size", "9" * 20], "--max-message-size: must be at most"),
        (["--origin", "http://a\nb"], "--origin: Origin: header values cannot contain line"),
        (["-s", "bad proto"], "--subprotocol: 'bad proto' is not a valid subprotocol name"),
        (["--ca-file", "/dev/null"], "--ca-file /dev/null: not a regular file"),
        (["--send-binary", "xyz"], "--send-binary 'xyz': not hexadecimal bytes"),
        (["--send-file", "/nonexistent/file"], "--send-file /nonexistent/file:"),
        (["--ca-file", "/nonexistent/ca.pem"], "--ca-file /nonexistent/ca.pem: no such file"),
        (["--bearer", "a", "--basic", "u:p"], "--bearer and --basic both set Authorization"),
        (["--basic", "nocolon"], "--basic: expected USER:PASSWORD"),
        (["--proxy", "socks5://h:1"], "--proxy: expected http://"),
        (["--no-such-option"], "unrecognized arguments: --no-such-option"),
    ],
)
def test_usage_errors_say_what_is_wrong(argv, message):
    with pytest.raises(UsageError) as caught:
        parse(*argv)
    assert message in str(caught.value)


def test_a_bad_header_value_is_named_without_showing_it():
    with pytest.raises(UsageError) as caught:
        parse(URL, "-H", "X-Token: sécret")
    assert "sécret" not in str(caught.value)
    assert "X-Token" in str(caught.value)


def test_capacity_sets_how_many_entries_the_session_keeps():
    assert parse(URL).capacity == 10_000
    assert parse(URL, "--capacity", "2000000").capacity == 2_000_000
    with pytest.raises(UsageError, match="--capacity: must be at least 1"):
        parse(URL, "--capacity", "0")
