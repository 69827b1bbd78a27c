from programme.resources import RangeStateResource

__all__ = ["RangeStateResource"]
