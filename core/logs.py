"""How the portal's log reads (settings.LOGGING).

`OneLineRefusals`: a refused request (a 4xx) is logged as one line. Django logs a 403 raised
as `PermissionDenied` (and a 400 for a suspicious request) with the exception's traceback,
a dozen lines that say nothing a refusal needs and bury the errors that matter; a server
error (5xx) keeps its traceback."""

import logging


class OneLineRefusals(logging.Filter):
    def filter(self, record):
        status = getattr(record, "status_code", None)
        if record.exc_info and isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
