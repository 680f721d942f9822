"""CLI commands beyond the core ones; each module exposes `command`."""
