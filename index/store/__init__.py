"""Index generations on disk, the open one, the per-generation article database and the rebuilds."""
