"""The `inclucities:` section of `_config.yml`: how the network's guide presents itself (logo, favicon, funders,
edition, licence, how to cite it).

It lives in `_config.yml` rather than in `data/network.yml` because it is about the publication, not the network's
data: no notebook reads it, so changing a logo re-runs no analysis.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from inclucities import layout
from inclucities.kb.schema.common import PartialDate, Text, Url, show

SECTION = "inclucities"  # the key of `_config.yml` this model validates
IMAGE_SUFFIXES = (".svg", ".png")
MAX_IMAGE_BYTES = 1_000_000  # a logo or an emblem: more would slow every page of the guide
IMAGE_RULE = (
    f"a .svg or .png file under {layout.BOOK}/, as a path from the knowledge base's folder (e.g. {layout.BOOK}/identity/logo.svg)"
)


def _image(value: Any) -> str:
    # Under book/ only: it is the folder a build copies beside the generated pages (with --out too), and a path
    # that climbs out of the knowledge base could publish any file of the machine.
    path = PurePosixPath(value) if isinstance(value, str) else None
    if (
        path is None
        or path.is_absolute()
        or "\\" in value
        or ".." in path.parts
        or path.parts[:1] != (layout.BOOK,)
        or len(path.parts) < 2
        or path.suffix.lower() not in IMAGE_SUFFIXES
        or not re.fullmatch(r"[A-Za-z0-9._/-]+", value)
    ):
        raise PydanticCustomError(
            "image", "{value} is not an image of the guide (allowed: {rule})", {"value": show(value), "rule": IMAGE_RULE}
        )
    return value


Image = Annotated[str, BeforeValidator(_image)]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Logo(Section):
    """The guide's logo, shown above the contents on every page."""

    image: Image = Field(description=f"The logo: {IMAGE_RULE}.")
    alt: Text = Field(description="What the logo says or shows, for readers who cannot see it (e.g. the network's name).")


class Funder(Section):
    """A body that funds the network, as the guide must acknowledge it."""

    emblem: Image | None = Field(default=None, description=f"The funder's emblem or flag: {IMAGE_RULE}.")
    emblem_alt: Text | None = Field(
        default=None, description="What the emblem shows, for readers who cannot see it; required with `emblem`."
    )
    statement: Text = Field(description="The funding statement, shown beside the emblem at the foot of every page.")

    @model_validator(mode="after")
    def _emblem_has_alt(self) -> Funder:
        if self.emblem is not None and self.emblem_alt is None:
            raise PydanticCustomError(
                "emblem_alt", 'an emblem needs a text alternative (allowed: add `emblem_alt`, e.g. "Flag of the European Union")'
            )
        return self


class Licence(Section):
    """The licence under which the guide is published."""

    name: Text = Field(description="The licence's name, e.g. `CC BY 4.0`.")
    url: Url | None = Field(default=None, description="Where the licence's text can be read: an `http(s)` address.")


class Edition(Section):
    """Which edition of the guide this is."""

    name: Text = Field(description="The edition, e.g. `First edition` or `2.1`.")
    date: PartialDate = Field(description="When the edition was published: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.")


class Identity(Section):
    """The `inclucities:` section of `_config.yml`: the guide's identity. Every field is optional; what is given
    appears on every page (logo, favicon, and a footer with the funders, the edition, the licence and the citation)."""

    logo: Logo | None = Field(default=None, description="The guide's logo, above the contents on every page.")
    favicon: Image | None = Field(
        default=None,
        description=f"The small icon browsers show in a tab: {IMAGE_RULE} (square; an SVG stays sharp). The build "
        "also writes it as `favicon.ico` at the root of the site.",
    )
    funders: list[Funder] = Field(default=[], description="The bodies that fund the network, each with its statement.")
    edition: Edition | None = Field(default=None, description="The edition of the guide and its date.")
    licence: Licence | None = Field(default=None, description="The licence of the guide's text.")
    cite_as: Text | None = Field(default=None, description="How to cite the guide, as one reference.")


def images(identity: Identity) -> list[tuple[tuple[str | int, ...], str]]:
    """Every image the section names, with where it is named (for a message about a missing file)."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    if identity.logo is not None:
        found.append((("logo", "image"), identity.logo.image))
    if identity.favicon is not None:
        found.append((("favicon",), identity.favicon))
    found += [(("funders", index, "emblem"), funder.emblem) for index, funder in enumerate(identity.funders) if funder.emblem]
    return found
