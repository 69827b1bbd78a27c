"""The API's root: its URLs, the router that gathers every app's endpoints, the guide and the
token page."""
