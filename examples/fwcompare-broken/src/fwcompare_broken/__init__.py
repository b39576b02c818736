"""Broken on purpose: importing this plugin fails."""

raise ImportError("fwcompare-broken is broken on purpose")
