"""Templates are compiled once per process (Django's cached loader), not read and parsed
again for every page."""

from django.template import engines


def test_templates_come_from_the_cached_loader():
    engine = engines["django"].engine
    assert engine.loaders[0][0] == "django.template.loaders.cached.Loader"
    assert not engine.debug
    assert engine.get_template("pages/home.html") is engine.get_template("pages/home.html")
