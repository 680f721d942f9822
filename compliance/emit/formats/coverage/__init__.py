"""Coverage and gaps (`check`, `gaps`): one module per format."""
