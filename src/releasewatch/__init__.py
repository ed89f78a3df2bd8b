"""releasewatch: know within the hour that a new AI model has shipped."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("releasewatch")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

USER_AGENT = f"releasewatch/{__version__} (+https://github.com/releasewatch/releasewatch)"
