"""The one-stop shops: a page per city's directory, its labels in English and French, and the directories as open data."""
