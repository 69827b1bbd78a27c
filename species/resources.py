from programme.resources import SpeciesResource

__all__ = ["SpeciesResource"]
