# Stand-in for the module the generator writes into each package
# (templates/error_root.py.j2, named for the package's API): the Telnyx one, so
# the runtime imports and is tested on its own. It is not copied into packages.
"""The root of every exception this package raises, named for its API.

The runtime modules derive from it as `ErrorRoot`; users catch it by its name.
"""

__all__ = ["ErrorRoot", "TelnyxError"]


class TelnyxError(Exception):
    """Root of every exception raised by this package."""


ErrorRoot = TelnyxError
