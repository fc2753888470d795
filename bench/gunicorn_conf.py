"""gunicorn for the benchmark: the project's gunicorn.conf.py (when there is one), measured cleanly.

Kept from the project: the worker class and threads, timeouts. Changed, for the page runs and the
baseline alike: no access log (a line per request to a pipe is noise, not the framework) and no
worker recycling (`max_requests` would re-fork a worker every few seconds at baseline speed).
bench/run.py sets the number of workers and the address on the command line.
"""

import runpy
from pathlib import Path

_project = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
if _project.exists():
    globals().update({k: v for k, v in runpy.run_path(str(_project)).items() if not k.startswith("_")})

accesslog = None
errorlog = "-"
loglevel = "warning"
logconfig_dict = {}
max_requests = 0
max_requests_jitter = 0
