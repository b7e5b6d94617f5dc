"""KH06 Desktop: a grassroots trade union's register and Plan 06-KH/BCSĐ tracker."""

__version__ = "0.1.0"
