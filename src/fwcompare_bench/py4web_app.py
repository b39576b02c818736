"""py4web: actions in an app folder (py4web_apps/_default), YATL templates, on gunicorn.

py4web loads apps from an apps folder and writes its own files there (a
service folder, a session secret), so the app is copied to a folder under the
system's temporary directory and loaded with ``py4web.core.wsgi``, the WSGI
application py4web provides for servers such as gunicorn. (``py4web run``
would serve it on Rocket, py4web's default server for one worker.)
"""

from __future__ import annotations

import os
import shutil
import tempfile

from py4web.core import wsgi

_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "py4web_apps", "_default")
_APPS = os.path.join(tempfile.gettempdir(), "fwcompare-bench-py4web", "apps")

shutil.copytree(
    _SOURCE, os.path.join(_APPS, "_default"), dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__")
)
app = wsgi(apps_folder=_APPS, yes=True)
