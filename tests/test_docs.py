"""Every setting is documented in the README (a setting nobody can find does not exist)."""

from __future__ import annotations

from qa.config import Settings
from tests.conftest import ROOT


def test_every_setting_is_in_the_readme_configuration_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields if f"`QA_{name.upper()}`" not in readme]
    assert missing == []


def test_every_setting_has_help_text():
    assert all(field.description for field in Settings.model_fields.values())


def test_readme_shows_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
