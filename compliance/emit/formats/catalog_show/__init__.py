"""One catalog or requirement (`frameworks show`): one module per format."""
