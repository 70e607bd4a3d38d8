"""The page benchmark's site: the embedded settings with the benchmark's URLconf.

Only `manage.py bench_pages` serves with these, so the trivial view it compares against
never exists on a deployed site.
"""

from config.settings.local import *  # noqa: F403

ROOT_URLCONF = "devtools.bench_urls"
