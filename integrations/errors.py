"""Errors of the VK and Telegram clients: a stable code and a Russian reason for the page."""


class IntegrationError(Exception):
    TOKEN_MISSING = "token_missing"
    TOKEN_INVALID = "token_invalid"
    CLOSED = "closed"
    NOT_FOUND = "not_found"
    RATE_LIMIT = "rate_limit"
    UNAVAILABLE = "unavailable"
    BAD_ADDRESS = "bad_address"
    FAILED = "failed"

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
