"""Giving memory back to the system: an audit's photos are large and short-lived.

glibc keeps what Python frees in its heap, and by default raises its threshold for
giving large blocks their own mapping each time one is freed; an idle server stayed at
1.5 GB after one large audit, and an analysis worker kept the 250 MB of its largest
photo between photos. These two calls are all the process tree needs (glibc only;
elsewhere they do nothing and the memory is reused instead).
"""
import ctypes
import gc

M_MMAP_THRESHOLD = -3  # malloc.h
LARGE_BLOCK = 1024 * 1024


def _libc():
    try:
        return ctypes.CDLL("libc.so.6")
    except (OSError, AttributeError):
        return None


def map_large_blocks():
    """Give every block over 1 MB (a photo's bytes, a decoded photo) its own mapping, so freeing it
    hands it back at once; a fixed threshold also stops glibc from raising it after each free."""
    libc = _libc()
    if libc is not None:
        libc.mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)


def trim():
    """Collect cycles and hand glibc's free pages back to the kernel."""
    gc.collect()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
