"""The post-mortem screen: lessons, blame check, preview and save."""
