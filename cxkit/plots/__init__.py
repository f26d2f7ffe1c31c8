"""matplotlib figures for each concept. Every function returns a Figure and shows nothing itself."""
