from tests.reports.worlds import certified

__all__ = ["certified"]
