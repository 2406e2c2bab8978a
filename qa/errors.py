"""Domain errors; the API turns them into HTTP answers in one JSON shape, each message saying what to do."""


class QAError(Exception):
    """Base of every error the service reports to a user."""

    status = 500


class IndexNotFound(QAError):
    """No index has been built yet."""

    status = 503


class EmptyCorpus(IndexNotFound, ValueError):
    """The corpus folder holds no readable document, so no index can be built (a ValueError too, for callers that
    caught the earlier plain ValueError)."""


class IndexCorrupt(QAError):
    """An index file is missing, truncated or altered."""

    status = 503


class ModelNotInstalled(QAError):
    """The embedding model folder is missing."""

    status = 503


class BadQuestion(QAError):
    """The question cannot be answered as asked (empty, too long, unreadable)."""

    status = 422


class NotFound(QAError):
    """An unknown program or document."""

    status = 404


class Forbidden(QAError):
    """A missing or wrong API key."""

    status = 403


class AdminDisabled(QAError):
    """Admin endpoints are off because no key is configured."""

    status = 404


class BadUpload(QAError):
    """An uploaded document with an unsafe name, a wrong type or a wrong size."""

    status = 422


class Conflict(QAError):
    """The operation clashes with one under way (a reindex while one runs)."""

    status = 409


class StoreUnavailable(QAError):
    """The index store (a Milvus server or file) cannot be reached or read; answering resumes when it is back."""

    status = 503
