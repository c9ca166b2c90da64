"""The machine-readable `code` of each error status, the same from the API and from the
middleware that reshapes the site's own error pages under /api/."""

CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}
