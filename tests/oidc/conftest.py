"""Load the provider's fixtures here, unless tests/conftest.py already loads them for all."""

PLUGIN = "tests.oidc.fixtures"


def pytest_configure(config):
    """Register tests.oidc.fixtures as a plugin once, whoever asks first."""
    if not config.pluginmanager.has_plugin(PLUGIN):
        config.pluginmanager.import_plugin(PLUGIN)
