"""One small function per gate rule kind; compliance.gate runs them and decides."""
