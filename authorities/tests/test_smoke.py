import pytest

from authorities.models import Authority


@pytest.mark.integration
def test_reference_data_loads_48_authorities(db):
    assert Authority.objects.count() == 48
