"""The release decision (`gate`): one module per format."""
