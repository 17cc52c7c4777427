"""Two-way sync with feed servers (Miniflux, Google Reader API): one SyncBackend interface, one adapter each."""
