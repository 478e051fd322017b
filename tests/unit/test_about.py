"""Help > About's facts: each dependency's licence from its installed metadata."""

from email.message import Message

from wsdesk.viewmodel.about import dependencies, licence_of


def meta(**fields):
    message = Message()
    for key, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            message[key.replace("_", "-")] = value
    return message


def test_the_licence_is_the_spdx_expression_then_a_short_field_then_the_classifiers():
    classifier = "License :: OSI Approved :: BSD License"
    assert licence_of(meta(License_Expression="MIT", License="x", Classifier=classifier)) == "MIT"
    assert licence_of(meta(License="LGPL v3", Classifier=classifier)) == "LGPL v3"
    whole_text = "Copyright (c) someone\n\nPermission is hereby granted..."
    assert licence_of(meta(License=whole_text, Classifier=classifier)) == "BSD License"
    assert licence_of(meta()) == "not stated"


def test_the_run_time_dependencies_are_listed_with_versions_and_licences_not_the_test_ones():
    found = {d.name.lower(): d for d in dependencies()}
    for name in ("pyqt6", "qasync", "aiohttp", "psygnal", "keyring", "platformdirs", "yarl"):
        assert name in found, name
        assert found[name].version
        assert found[name].licence != "not stated"
    assert "pytest" not in found  # the test extra is not what wsdesk ships with
    assert "wsdesk" not in found


def test_a_missing_distribution_has_no_dependencies():
    assert dependencies("no-such-distribution-here") == []
