"""Platform data exports ("Download your information"): the user's own photos in them,
read from a hostile-archive-safe ZIP, one small parser per platform.

    open_export(path)  -> Export, or ExportError(code, message)
    Export.platform, .variant, .photos [ExportPhoto(name, kind, taken_at, archived)], .unread
    Export.read(photo) -> the photo's bytes (capped at the decoder's limit), or None
    Export.close()

Nothing is unpacked: members are read one at a time from the ZIP. Only the index
files that list media, and the media they list, are opened; messages, comments,
contacts and searches never are (archive.is_private). The index files are parsed in a
separate, limited process (isolated.py), never in the caller's: a server's request
and audit threads only wait for the answer.
"""
from dataclasses import dataclass

from . import facebook, instagram, tiktok, x
from .archive import MAX_ENTRIES, ExportError, SafeArchive
from .index import ExportPhoto, pictures_outside

__all__ = ["open_export", "list_export", "Export", "ExportError", "ExportPhoto", "Listing", "MAX_ENTRIES",
           "PARSERS"]

PARSERS = (instagram, facebook, x, tiktok)


@dataclass(frozen=True)
class Listing:
    """What an export holds: its platform and variant, the user's photos, and how many
    pictures its index files name that could not be read."""
    platform: str
    variant: str
    photos: tuple
    unread: int = 0


class Export:
    """An opened export: its Listing's fields, and read() for a photo's bytes."""

    def __init__(self, archive, listing):
        self.archive, self.platform, self.variant = archive, listing.platform, listing.variant
        self.photos, self.unread = list(listing.photos), listing.unread

    def read(self, photo):
        """The bytes of one photo, at most one byte over the decoder's cap, or None."""
        from ..analysis.decode import MAX_BYTES  # not at import: the parsing process needs no numpy
        try:
            return self.archive.read(photo.name, MAX_BYTES)
        except ExportError:
            return None

    def close(self):
        self.archive.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_export(path):
    """Check the ZIP at `path`, and list its photos in a separate process (isolated.py)."""
    from .isolated import list_apart

    archive = SafeArchive(path)
    try:
        return Export(archive, list_apart(path))
    except BaseException:
        archive.close()
        raise


def list_export(path):
    """The Listing of the export at `path`, parsed in this process (isolated.py runs it)."""
    with SafeArchive(path) as archive:
        for parser in PARSERS:
            if found := parser.detect(archive.names):
                variant, root = found
                listed = parser.list_photos(archive, variant, root)
                unread = listed.unread
                if not listed.photos:
                    unread += pictures_outside(archive.names, root, listed.excluded)
                    if unread:
                        raise new_layout(unread)
                return Listing(parser.PLATFORM, variant, tuple(listed.photos), unread)
        signs = [sign for parser in PARSERS for sign in getattr(parser, "SIGNS", ())]
        if any(f"/{sign}/" in f"/{name}" or name.endswith(sign) for name in archive.names for sign in signs):
            raise new_layout(pictures_outside(archive.names, "", set()))
    raise ExportError("not_an_export", "This ZIP is not a data export from Instagram, Facebook or X "
                                       "(or its format is one this version does not know yet).")


def new_layout(pictures):
    """The error of an export whose layout this version does not know: never "no photos"."""
    return ExportError("unknown_layout", f"This export's layout is new to Exposure Check: {pictures:,} "
                                         f"picture{'s' if pictures != 1 else ''} in it could not be read, so it "
                                         "was not checked. Check your profile links instead.")
