"""``termbase serve``: the web page and JSON API (the optional ``termbase[server]`` extra).

- :mod:`termbase.server.app`: the ASGI application and the guard around it (security
  headers, body limit, one-line error logs);
- :mod:`termbase.server.api`: the JSON routes, the objects of the CLI's ``--json``;
- :mod:`termbase.server.pages`: the HTML pages (``templates/``, ``static/``);
- :mod:`termbase.server.i18n`: the interface languages (Babel catalogues in ``i18n/``);
- :mod:`termbase.server.state`: the configuration and the termbases a process serves.

Importing this package imports no web library; the modules above import theirs.
"""
