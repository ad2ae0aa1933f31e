"""Let the scripts import the plugins, wherever they are run from."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGINS = os.path.join(ROOT, "plugins")
if PLUGINS not in sys.path:
    sys.path.insert(0, PLUGINS)
