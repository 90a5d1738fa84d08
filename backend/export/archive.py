"""The hostile-archive-safe reader: a ZIP is checked whole before any member is read.

A platform export is a ZIP the user got by e-mail, but nothing proves that: it
may be a bomb, carry "../" paths or symlinks, nest other archives, or hold a
million entries. Every check below runs on the central directory alone, so a
bad archive is refused before one byte of it is decompressed. Members are then
read one at a time, straight from the ZIP, each capped: nothing is unpacked to
disk and the archive is never in memory whole.
"""
import os
import stat
import struct
import zipfile

# One source for the limits (docs/exports.md quotes them).
MAX_ENTRIES = 20_000
MAX_TOTAL_BYTES = 16 * 1024 ** 3          # uncompressed, all entries together
MAX_RATIO = 100                           # uncompressed / compressed, per entry and overall
RATIO_FROM_BYTES = 1024 ** 2              # tiny entries compress well and cannot hurt
MAX_INDEX_BYTES = 64 * 1024 ** 2          # one JSON/HTML/JS index file read whole
# The file list (central directory) zipfile reads whole into memory: 20,000 entries of
# long paths fit in a few MB. Walked in chunks of this size before zipfile sees it.
MAX_DIRECTORY_BYTES = 32 * 1024 ** 2
DIRECTORY_CHUNK = 1024 ** 2
_ENTRY = struct.Struct("<4s4B4HL2L5H2L")  # one central directory header (zipfile's structCentralDir)
NESTED_SUFFIXES = (".zip", ".jar", ".tar", ".tgz", ".gz", ".bz2", ".xz", ".zst", ".7z", ".rar",
                   ".cab", ".iso", ".dmg", ".apk", ".ipa")
# Folders and files that hold other people's words or the user's private life.
# No parser asks for them, and read() refuses them even when an index file points
# into them: an export's own JSON is input, not a guarantee.
# The folders of the user's own media, below which folders are named after albums.
MEDIA_FOLDERS = ("media", "photos_and_videos")
PRIVATE_PREFIXES = ("message", "inbox", "direct", "chat", "comment", "contact", "search",
                    "connection", "follower", "following", "friend", "login", "password")


class ExportError(ValueError):
    """An export that cannot be read; `.code` for programs, the message for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def clean_name(name):
    """A member name as a safe relative POSIX path, or ExportError for absolute and ../ paths."""
    unified = name.replace("\\", "/")
    if "\x00" in unified or unified.startswith("/") or (len(unified) > 1 and unified[1] == ":"):
        raise ExportError("unsafe_path", "The ZIP holds a file with an absolute path; it was not opened.")
    parts = [part for part in unified.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise ExportError("unsafe_path", "The ZIP holds a file whose path climbs out of its folder (../); "
                                         "it was not opened.")
    return "/".join(parts)


def is_private(name):
    """True for a member inside (or named like) messages, comments, contacts, searches...

    Folders below a media folder are named after the user's own albums ("Friends
    2019"), so the check stops at the first media folder (itself checked:
    direct_messages_media is private).
    """
    for part in name.lower().split("/"):
        if part.startswith(PRIVATE_PREFIXES):
            return True
        if part in MEDIA_FOLDERS or part.endswith("_media"):
            return False
    return False


class SafeArchive:
    """A checked ZIP: `names` lists its files; `read(name, limit)` returns one member's bytes."""

    def __init__(self, path):
        try:
            count_entries(path)
            self._zip = zipfile.ZipFile(path)
        except ExportError:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error):
            raise ExportError("not_a_zip", "That file is not a ZIP archive (or it is damaged).") from None
        try:
            self._members = self._check(path)
        except BaseException:
            self._zip.close()
            raise
        self.names = sorted(self._members)

    def _check(self, path):
        infos = self._zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise too_many(len(infos))
        members, total = {}, 0
        for info in infos:
            name = clean_name(info.filename)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise ExportError("symlink", "The ZIP holds a symbolic link; exports never do, so it was not "
                                             "opened.")
            if info.is_dir() or not name:
                continue
            if name.lower().endswith(NESTED_SUFFIXES):
                raise ExportError("nested_archive", "The ZIP holds another archive inside it; upload the "
                                                    "platform's ZIP itself.")
            if info.flag_bits & 0x1:
                raise ExportError("encrypted", "The ZIP is password-protected; exports are not.")
            if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ExportError("zip_bomb", "A file in the ZIP expands more than "
                                              f"{MAX_RATIO} times: it looks like a zip bomb.")
            total += info.file_size
            members[name] = info
        if total > MAX_TOTAL_BYTES:
            raise ExportError("zip_bomb", f"The ZIP would expand to {total / 1024 ** 3:.1f} GB, over the "
                                          f"{MAX_TOTAL_BYTES // 1024 ** 3} GB an export is read up to.")
        size = max(os.stat(path).st_size, 1)
        if total > RATIO_FROM_BYTES and total > MAX_RATIO * size:
            raise ExportError("zip_bomb", f"The ZIP expands more than {MAX_RATIO} times its size: it looks "
                                          "like a zip bomb.")
        return members

    def size_of(self, name):
        return self._members[name].file_size

    def read(self, name, limit=MAX_INDEX_BYTES):
        """The bytes of one member, at most `limit` + 1 (so the caller sees it was over), or
        ExportError for a private or missing member."""
        if is_private(name):
            raise ExportError("private_file", "The export pointed at a private file (messages, comments, "
                                              "contacts or searches); it was not opened.")
        info = self._members.get(name)
        if info is None:
            raise ExportError("missing_file", "A file the export lists is missing from the ZIP.")
        try:
            with self._zip.open(info) as member:
                return member.read(limit + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
            raise ExportError("damaged", "A file in the ZIP is damaged and could not be read.") from None

    def read_text(self, name):
        """An index file (JSON, HTML, JS) as text; ExportError when it is over MAX_INDEX_BYTES."""
        data = self.read(name, MAX_INDEX_BYTES)
        if len(data) > MAX_INDEX_BYTES:
            raise ExportError("index_too_large", f"An index file of the export is over "
                                                 f"{MAX_INDEX_BYTES // 1024 ** 2} MB.")
        return data.decode("utf-8", errors="replace")

    def close(self):
        self._zip.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def too_many(count, more=False):
    return ExportError("too_many_entries", f"The ZIP holds {'over ' if more else ''}{count:,} files; an export "
                                           f"is read only up to {MAX_ENTRIES:,}.")


def count_entries(path):
    """The number of files in the ZIP at `path`, from its end record and then its file list
    walked a chunk at a time; ExportError past MAX_ENTRIES, before zipfile reads the list
    whole (a ZIP of nothing but 2,000,000 list entries is 103 MB).

    The count the end record gives is checked, and so is the list itself, which zipfile
    reads by its size whatever the count says.
    """
    with open(path, "rb") as stream:
        end = zipfile._EndRecData(stream)  # the stdlib's own reader of the end records (zip64 too)
        if not end:
            raise zipfile.BadZipFile("no end record")
        if end[zipfile._ECD_ENTRIES_TOTAL] > MAX_ENTRIES:
            raise too_many(end[zipfile._ECD_ENTRIES_TOTAL])
        size = end[zipfile._ECD_SIZE]
        if size > MAX_DIRECTORY_BYTES:
            raise too_many(MAX_ENTRIES, more=True)
        # Where zipfile looks for the list (an archive may have bytes prepended).
        start = end[zipfile._ECD_LOCATION] - size
        if end[zipfile._ECD_SIGNATURE] == zipfile.stringEndArchive64:
            start -= zipfile.sizeEndCentDir64 + zipfile.sizeEndCentDir64Locator
        stream.seek(max(start, 0))
        return _walk(stream, size)


def _walk(stream, size):
    """Count the headers of the file list (`size` bytes from the stream's position), one chunk
    in memory at a time, stopping at the first over MAX_ENTRIES."""
    count, offset, buffer, position = 0, 0, b"", 0
    while offset < size:
        if len(buffer) - position < _ENTRY.size:
            buffer, position = buffer[position:] + stream.read(DIRECTORY_CHUNK), 0
            if len(buffer) < _ENTRY.size:
                raise zipfile.BadZipFile("truncated file list")
        header = _ENTRY.unpack_from(buffer, position)
        if header[0] != zipfile.stringCentralDir:
            raise zipfile.BadZipFile("bad file list")
        step = _ENTRY.size + header[12] + header[13] + header[14]  # the header, name, extra field, comment
        count += 1
        if count > MAX_ENTRIES:
            raise too_many(MAX_ENTRIES, more=True)
        offset += step
        position += step
        if position > len(buffer):  # a long name or extra field: skip past it
            stream.seek(position - len(buffer), os.SEEK_CUR)
            buffer, position = b"", 0
    return count
