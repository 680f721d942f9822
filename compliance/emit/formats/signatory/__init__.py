"""The Code of Practice signatory view (`check`, `gaps --signatory`): one module per format."""
