"""Crash-safe persistence: atomic TinyDB storage, lock, backups, migrations, repository."""
