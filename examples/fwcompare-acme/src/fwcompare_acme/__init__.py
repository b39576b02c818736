"""An example fwcompare plugin: data files inside the package, read with importlib.resources."""

from importlib.resources import files

from fwcompare import PluginData


def plugin() -> PluginData:
    """What this plugin provides: the data directory shipped inside this package."""
    return PluginData(data=files(__name__) / "data")
