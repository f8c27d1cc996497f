import pytest


@pytest.fixture(autouse=True)
def _whitenoise_lazy(whitenoise_lazy):
    """Every test here may start a test client; see the root conftest."""
