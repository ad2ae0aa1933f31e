"""The browser editor (contract section 14): Decap CMS configured from the type table.

- `config.editor_config(settings, types, local, proxy_url)`: the Decap configuration, one
  collection per type of the table (section 13 types included).
- `admin.admin_files(settings, types, local, proxy_url)`: every file of the editor's
  folder (`/admin/`), as bytes: the page, the configuration, Open Beat's scripts, the
  site's CSS for the preview, and Decap's own files from the pinned npm package.

`scripts/edit.py` (`make edit`) writes them for the local backend; a build whose
`EDITOR_BACKEND` is set publishes them in `OUT/admin/` for a git host.
"""

from .admin import EditorFilesError, admin_files
from .config import editor_config

__all__ = ["EditorFilesError", "admin_files", "editor_config"]
