"""warreader: a terminal news reader for following a war through many sources and languages."""

__version__ = "0.1.0"
