"""What the model's attrs classes share: equality, hashing and repr, written once.

attrs generates a class's methods by compiling source code when the class is
created. For the 13 classes a first comparison needs, generating four methods
each cost about 6 ms of a 16 ms first comparison; ``__init__`` alone costs
about 3 ms (Python 3.11, 2 cores). So those classes let attrs generate ``__init__`` (and
keep frozen slots, `attrs.fields`, `attrs.evolve`, `attrs.asdict`), and take
``__eq__``, ``__hash__`` and ``__repr__`` from `Model`, which reads the same
field definitions attrs recorded (``eq``, ``hash`` and ``repr`` per field).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from collections.abc import Iterable

    import attrs

__all__ = ["Formatted", "Model", "Shown"]


class Model:
    """Value semantics for an attrs class declared ``@attrs.frozen(repr=False, eq=False)``.

    Two objects are equal when they are of the same class and their compared
    fields are equal, as attrs' generated ``__eq__`` would have it.
    """

    __slots__ = ()
    __attrs_attrs__: ClassVar[tuple[attrs.Attribute[Any], ...]]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, a.name) == getattr(other, a.name) for a in self.__attrs_attrs__ if a.eq)

    def __hash__(self) -> int:
        # A field with hash=False (such as a read-only mapping) is left out, as attrs does.
        hashed = (getattr(self, a.name) for a in self.__attrs_attrs__ if (a.eq if a.hash is None else a.hash))
        return hash((self.__class__, *hashed))

    def __repr__(self) -> str:
        fields = ", ".join(f"{a.name}={getattr(self, a.name)!r}" for a in self.__attrs_attrs__ if a.repr)
        return f"{self.__class__.__name__}({fields})"


class Formatted:
    """``to_format(name, **options)``, written once: the answer in any format of the table of formats.

    A subclass names its kind of answer (``_format_kind``); the renderers are
    looked up by that kind and the format's name in ``fwcompare._formats``
    (imported by name, so the model never imports a renderer), and the
    ``to_*`` methods, ``str()`` and the notebook hooks are calls of it.
    """

    __slots__ = ()
    _format_kind: ClassVar[str]

    def to_format(self, name: str, /, **options: Any) -> Any:
        """This answer in format *name* (``"text"``, ``"markdown"``, ``"json"``, ``"html"``, ``"dict"``,
        ``"pandas"``, or one added with `fwcompare.register_format`), with that renderer's *options*.

        Raises `LookupError` for a format there is not, naming those there are.
        """
        from .._formats import render

        return render(self._format_kind, self, name, **options)


class Shown(Formatted):
    """Jupyter's display protocol, written once: the HTML table where HTML is shown, the text elsewhere."""

    __slots__ = ()

    def to_html(self, *, standalone: bool = False) -> str:
        """The HTML table notebooks show: a fragment with its own styles, or with
        *standalone* a complete page (what ``--format html`` writes). Every string from the data is escaped."""
        html: str = self.to_format("html", standalone=standalone)
        return html

    def __str__(self) -> str:
        text: str = self.to_format("text")
        return text

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, str]:
        return {"text/html": self._repr_html_(), "text/plain": str(self)}
