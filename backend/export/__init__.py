"""Platform data exports ("Download your information"): the user's own photos in them,
read from a hostile-archive-safe ZIP, one small parser per platform.

    open_export(path)  -> Export, or ExportError(code, message)
    Export.platform, .variant, .photos [ExportPhoto(name, kind, taken_at, archived)]
    Export.read(photo) -> the photo's bytes (capped at the decoder's limit), or None
    Export.close()

Nothing is unpacked: members are read one at a time from the ZIP. Only the index
files that list media, and the media they list, are opened; messages, comments,
contacts and searches never are (archive.is_private).
"""
from ..analysis.decode import MAX_BYTES
from . import facebook, instagram, tiktok, x
from .archive import MAX_ENTRIES, ExportError, SafeArchive
from .index import ExportPhoto

__all__ = ["open_export", "Export", "ExportError", "ExportPhoto", "MAX_ENTRIES", "PARSERS"]

PARSERS = (instagram, facebook, x, tiktok)


class Export:
    """An opened export: which platform and variant, and its photos."""

    def __init__(self, archive, parser, variant, root):
        self.archive, self.platform, self.variant = archive, parser.PLATFORM, variant
        self.photos = parser.list_photos(archive, variant, root)

    def read(self, photo):
        """The bytes of one photo, at most one byte over the decoder's cap, or None."""
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
    """Check the ZIP at `path`, recognise its platform and list its photos."""
    archive = SafeArchive(path)
    try:
        for parser in PARSERS:
            found = parser.detect(archive.names)
            if found:
                return Export(archive, parser, *found)
        raise ExportError("not_an_export", "This ZIP is not a data export from Instagram, Facebook or X "
                                           "(or its format is one this version does not know yet).")
    except BaseException:
        archive.close()
        raise
