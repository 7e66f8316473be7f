"""Registry backends, one file each, picked by the pub/sub URL's scheme."""
