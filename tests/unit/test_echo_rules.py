import pytest

from wsdesk.server.echo import bind_warning, is_loopback


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.5.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.0.2.1", False),
        ("example.test", False),
    ],
)
def test_only_loopback_hosts_go_without_a_warning(host, loopback):
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    "argv", [["--port", "-1"], ["--port", "70000"], ["--port", "abc"], ["--host", ""]]
)
def test_bad_arguments_are_usage_errors(argv, capsys):
    from wsdesk.server.echo import main

    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_non_loopback_host_gets_a_warning():
    assert bind_warning("127.0.0.1") is None
    assert bind_warning("0.0.0.0") == (
        "warning: listening on 0.0.0.0, reachable from other machines"
    )
