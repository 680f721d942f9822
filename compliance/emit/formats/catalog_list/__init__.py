"""The catalogs available (`frameworks list`): one module per format."""
