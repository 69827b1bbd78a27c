"""The REST API's shared machinery: base viewsets, pagination, CSV, conditional requests,
throttles, errors and the OpenAPI schema. The endpoints live in each app's `api/` package."""
