"""The version of termbase (re-exported as ``termbase.__version__``); a module of its own so that
the store and the cache can name it without importing the package's public API."""

__version__ = "0.1.0"
