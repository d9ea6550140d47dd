from tests.reports.worlds import certified
from tests.service.conftest import world

__all__ = ["certified", "world"]
