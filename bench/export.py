"""Export benchmark: a generated 2 GB Instagram export through `python -m backend audit --export`.

`python -m bench` (or `python -m bench.export`). Prints the peak memory of the
whole process tree (the CLI and its analysis workers: summed RSS, and PSS, which
counts shared pages once) against the 600 MB budget, the time, and the photos
read out of those found, and each process's own peak (VmHWM): the command, the
forkserver and the analysis worker (`audit --export` runs one; the models are
about 260 MB of a worker, the detector's working memory most of the rest). The
export is mostly videos, as real ones are: they must be streamed past, never loaded.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.helpers.live_server import PeakMemory, descendants  # noqa: E402 - the tree's memory, as the other benchmarks read it

TARGET_BYTES = 2 * 1024 ** 3
PHOTOS = 60
VIDEO_BYTES = 64 * 1024 ** 2
BUDGET_MB = 600
FACES = ("obama.jpg", "obama2.jpg", "obama3.jpg", "biden.jpg", "obama_partial_face.jpg", "obama_partial_face2.jpg")


def build(path, target=TARGET_BYTES):
    """Write the export at `path`, streaming each member; returns (size in bytes, photos)."""
    faces = [(ROOT / "tests" / "fixtures" / "faces" / name).read_bytes() for name in FACES]
    block = os.urandom(4 * 1024 ** 2)  # incompressible, like video
    posts = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for i in range(PHOTOS):
            name = f"media/posts/2025{i % 12 + 1:02d}/{1000 + i}.jpg"
            archive.writestr(name, faces[i % len(faces)])
            posts.append({"media": [{"uri": name, "creation_timestamp": 1735689600 + i * 86400}]})
        videos, written = [], sum(len(faces[i % len(faces)]) for i in range(PHOTOS))
        while written < target:
            name = f"media/reels/2025/{len(videos)}.mp4"
            with archive.open(name, "w", force_zip64=True) as out:
                for _ in range(VIDEO_BYTES // len(block)):
                    out.write(block)
            videos.append({"media": [{"uri": name, "creation_timestamp": 1735689600}]})
            written += VIDEO_BYTES
        archive.writestr("your_instagram_activity/media/posts_1.json", json.dumps(posts))
        archive.writestr("your_instagram_activity/media/reels.json", json.dumps({"ig_reels_media": videos}))
        archive.writestr("your_instagram_activity/messages/inbox/friend/message_1.json", b"{not json")
    return path.stat().st_size, PHOTOS


def main():
    """Audit the 2 GB export and the same photos without the videos; print both figures and
    what the export's size adds (the rest is the face analysis's own models and workers)."""
    peaks = [run(target) for target in (TARGET_BYTES, 0)]
    if all(peaks):
        print(f"export, what 2 GB of export adds to the peak: {(peaks[0] - peaks[1]) / 1024 ** 2:+.0f} MB PSS "
              f"(analysis workers: {os.environ.get('EXPOSURE_ANALYSIS_WORKERS', '1, the default of audit --export')})")


def run(target):
    """Build one export, audit it, print the figures."""
    with tempfile.TemporaryDirectory(prefix="exposure-bench-export-") as scratch:
        export = Path(scratch) / "export.zip"
        size, photos = build(export, target)
        env = dict(os.environ, EXPOSURE_DATA_DIR=scratch)
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "backend", "audit", "--export", str(export), "--json"],
                                   cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        with PeakMemory(process.pid, every_s=0.1) as peak, ProcessPeaks(process.pid) as each:
            output, _ = process.communicate()
        seconds = time.perf_counter() - started
    document = json.loads(output) if output.strip() else {}
    progress = document.get("progress", {})
    if process.returncode != 0 or document.get("status") != "done":
        print(f"export, {size / 1024 ** 3:.2f} GB Instagram export: the audit FAILED (exit {process.returncode}, "
              f"status {document.get('status')}); no figure")
        return None
    verdict = "within" if peak.pss < BUDGET_MB * 1024 ** 2 else "OVER"
    print(f"export, {size / 1024 ** 3:.2f} GB Instagram export ({photos} photos"
          f"{', the rest videos' if target else ', no videos'}): peak memory {peak.pss / 1024 ** 2:.0f} MB PSS "
          f"({peak.rss / 1024 ** 2:.0f} MB summed RSS) of the whole process tree, {verdict} the {BUDGET_MB} MB "
          f"budget; {seconds:.0f} s; photos read {progress.get('photos_analyzed')}/{progress.get('photos_found')}, "
          f"status {document.get('status')}, exit {process.returncode}")
    print(f"export, each process's own peak (VmHWM, shared pages in each): {each.summary()}")
    return peak.pss


class ProcessPeaks(PeakMemory):
    """`with ProcessPeaks(pid) as each:` the highest VmHWM of each process of the tree, by role."""

    def __init__(self, pid):
        super().__init__(pid, every_s=0.1)
        self.peaks = {}

    def _sample(self):
        while not self._stop.wait(self.every_s):
            for pid in {self.pid} | descendants(self.pid):
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                    command = Path(f"/proc/{pid}/cmdline").read_bytes()
                except OSError:
                    continue  # ended meanwhile
                if not command:
                    continue  # a zombie (ended, not yet reaped) has no command line left
                high = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
                self.peaks[pid] = (max(high, self.peaks.get(pid, (0, ""))[0]), role(pid, command, self.pid))

    def summary(self):
        return ", ".join(f"{name} {high // 1024} MB" for high, name in sorted(self.peaks.values(), key=lambda p: p[1]))


def role(pid, command, top):
    """What a process of the audit's tree is, from its command line."""
    if pid == top:
        return "command"
    if b"resource_tracker" in command:
        return "resource tracker"
    if b"backend.export.isolated" in command:
        return "export listing"  # the index files' own process (backend/export/isolated.py)
    if b"forkserver" in command:
        parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        return "forkserver" if parent == top else "analysis worker"
    return "other"


if __name__ == "__main__":
    main()
