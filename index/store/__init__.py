"""Index generations on disk: the per-generation article database and the build/rebuild processes."""
