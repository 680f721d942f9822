"""Changes between two editions of a catalog (`frameworks diff`): one module per format."""
