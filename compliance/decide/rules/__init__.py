"""One small function per gate rule kind; compliance.decide.gate runs them and decides."""
