"""The user's own data: bookmarks, search history and saved searches."""
