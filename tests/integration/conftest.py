import pytest

from tests.integration.servers import two_server_processes, two_servers  # noqa: F401 (fixtures)

pytestmark = pytest.mark.integration
