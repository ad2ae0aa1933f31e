"""ob_search: placeholder until the Pagefind step lands (issue 16)."""


def register() -> None:
    return None
