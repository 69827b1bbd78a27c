"""The public pages, one module per subject; `pages/urls.py` names them."""
