"""Import sources: where the rows of an import come from (IMPORTS.md §3.3, §4.2)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ._base import Deferred, FreeJsonObject, NonEmptyText, Timestamp, WireModel


class _SourceServerFields(WireModel):
    id: int | None = Field(default=None, description="Server-set source id.")
    creation_date: Timestamp | None = Field(
        default=None, description="Server-set; 0001-01-01T00:00:00Z when untracked."
    )
    update_date: Timestamp | None = Field(default=None, description="Server-set; time of the last upload.")


class FtpSource(_SourceServerFields):
    """An FTP folder NP6 polls on the import's schedule.

    NP6 manages the folder: leave `folder` and `template_filename` unset and it
    uses "<import id> - <import name>" and "<import name>.csv" (exported as the
    resource's `ftp_folder` / `ftp_template_filename` outputs).
    """

    type: Literal["ftp"] = "ftp"
    folder: Deferred[NonEmptyText] | None = Field(default=None, description="FTP folder to read files from.")
    template_filename: Deferred[NonEmptyText] | None = Field(
        default=None, description="Name of the file expected in the folder."
    )


class FileSource(_SourceServerFields):
    """A file uploaded to the import (`np6 upload` / `Np6Client.upload_source`); manual imports use it."""

    type: Literal["file"] = "file"
    filename: str | None = Field(default=None, description="Server-set stored name: <10 random chars>_<uploaded name>.")
    data: list[FreeJsonObject] | None = Field(
        default=None,
        description="'The content of the file' per NP6; shape undocumented, kept as sent (finite numbers only).",
    )


Source = Annotated[FtpSource | FileSource, Field(discriminator="type")]
SOURCE_SERVER_FIELDS: tuple[str, ...] = ("id", "creation_date", "update_date", "filename")
