"""The analysis benchmark: the naive use of face_recognition against the project's pipeline.

Same photos, one run: the fixture photos, group photos composed from them and
resized copies, written to a temporary folder. The naive run is
load_image_file + face_locations + face_encodings with their defaults, in one
process (run in a child, so its memory is its own); the pipeline is
analyze_paths with its worker pool. Both are warmed up (models loaded) and run
alternately three times, so both see the same load on a shared machine; medians.
Prints photos per second, ms and CPU ms per photo, their ratios, the pipeline's
recall of the naive run's faces of 80 px and more, and peak memory. Then the
whole-process figure: `python -m backend analyze` against a script doing the
naive loop, each a fresh process (start-up and model loading included), on the
hard real photos when they are beside the project (bench/hard.py), else on the
same photos.
"""
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from tests.helpers.degrade import group_photo

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MIN_RECALL_FACE_PX = 80
RUNS = 3


def make_photos(folder):
    """Write the benchmark photos into folder and return their paths."""
    # Not astronaut.png: the naive run's 2x-upsampled detector reports its mission
    # patch as a face, and recall would then count agreement with a false positive.
    faces = [path for path in sorted((FIXTURES / "faces").glob("*.*g")) if path.stem != "astronaut"]
    faces += sorted((FIXTURES / "nofaces").glob("*.*g"))
    images = [Image.open(path).convert("RGB") for path in faces]
    paths = []

    def save(image, name):
        path = folder / name
        image.save(path, "JPEG", quality=88)
        paths.append(path)

    for path, image in zip(faces, images):
        save(image, f"{path.stem}.jpg")
        save(image.resize((image.width // 2, image.height // 2), Image.LANCZOS), f"{path.stem}-half.jpg")
    portraits = images[:5]
    for height in (600, 1000, 1400):
        save(group_photo(portraits[:4], height), f"group-{height}.jpg")
    save(group_photo(portraits, 800), "group-wide.jpg")
    return paths


def naive_run(paths):
    """The library used as its README shows: (seconds, CPU seconds, faces per photo, peak kB)."""
    import face_recognition
    found = []
    start, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        image = face_recognition.load_image_file(path)
        locations = face_recognition.face_locations(image)
        face_recognition.face_encodings(image)
        found.append(locations)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return seconds, cpu, found, peak_kb([os.getpid()])


def pipeline_run(paths):
    """The project's pipeline: (seconds, CPU seconds of parent and workers, faces per photo, faces encoded)."""
    from backend import analysis
    from backend.analysis import pool
    workers = pool.worker_pids()
    start, cpu = time.perf_counter(), time.process_time() + cpu_seconds(workers)
    result = analysis.analyze_paths([str(path) for path in paths])
    seconds = time.perf_counter() - start
    cpu = time.process_time() + cpu_seconds(workers) - cpu
    boxes = [[tuple(face["box"]) for face in photo["faces"]] for photo in result["photos"]]
    # A face has an identity only where it was encoded (with more than one photo).
    encoded = sum(face["identity"] is not None for photo in result["photos"] for face in photo["faces"])
    return seconds, cpu, boxes, encoded


def cpu_seconds(pids):
    """User plus system CPU time of other processes, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, IndexError, ValueError):
            pass
    return total


def recall(naive, pipeline):
    """Share of the naive run's faces of MIN_RECALL_FACE_PX and more that the pipeline found too."""
    wanted = hit = 0
    for reference, found in zip(naive, pipeline):
        for box in reference:
            if box[1] - box[3] < MIN_RECALL_FACE_PX:
                continue
            wanted += 1
            hit += any(overlap(box, other) >= 0.3 for other in found)
    return hit / wanted if wanted else 1.0, wanted


def overlap(a, b):
    """Intersection over union of two (top, right, bottom, left) boxes."""
    top, right = max(a[0], b[0]), min(a[1], b[1])
    bottom, left = min(a[2], b[2]), max(a[3], b[3])
    inter = max(0, right - left) * max(0, bottom - top)
    def area(box):
        return (box[1] - box[3]) * (box[2] - box[0])

    return inter / (area(a) + area(b) - inter) if inter else 0.0


def peak_kb(pids):
    """Sum of the peak resident memory (VmHWM) of the given processes, in kB."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def main():
    """Run both on two photo sets, alternating so both see the same load; print the figures."""
    from backend import analysis
    from backend.analysis import pool
    with tempfile.TemporaryDirectory() as folder:
        paths = make_photos(Path(folder))
        distinct = [path for path in paths if "-half" not in path.stem and not path.stem.startswith("group")]
        analysis.analyze_paths([str(paths[0])])          # start the workers, load the models
        with multiprocessing.get_context("spawn").Pool(1) as child:
            child.apply(naive_run, (paths[:1],))         # load the naive run's models too
            for title, chosen in (("distinct photos", distinct),
                                  ("the same plus resized copies and group photos made of them", paths)):
                naive, pipeline = [], []
                for _ in range(RUNS):
                    naive.append(child.apply(naive_run, (chosen,)))
                    pipeline.append(pipeline_run(chosen))
                report(title, len(chosen), naive, pipeline)
        memory_kb = peak_kb([os.getpid()] + pool.worker_pids())
        workers = len(pool.worker_pids())
        analysis.shutdown()
        print(f"{os.cpu_count()} cores, {workers} workers; peak memory: pipeline (parent + workers) "
              f"{memory_kb / 1024:.0f} MB, naive {naive[0][3] / 1024:.0f} MB")
        hard = hard_photos()
        if hard:
            report_whole_process("the hard real photos", hard)
        else:
            report_whole_process("the same plus resized copies and group photos made of them", paths)


def hard_photos():
    """The hard real photos beside the project, or []."""
    from bench import hard
    folder = hard.folder()
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in {".jpg", ".jpeg", ".png", ".webp"}) \
        if folder else []


NAIVE_SCRIPT = """
import sys, warnings
warnings.filterwarnings("ignore")
import face_recognition
for path in sys.argv[1:]:
    image = face_recognition.load_image_file(path)
    face_recognition.face_locations(image)
    face_recognition.face_encodings(image)
"""


def whole_process(paths, runs=RUNS):
    """Seconds (median) of a fresh naive process and of a fresh `analyze` process over paths.

    Wall-clock only: the analysis workers are the forkserver's children, so the
    caller's resource usage does not count their CPU.
    """
    naive_cmd = [sys.executable, "-c", NAIVE_SCRIPT, *map(str, paths)]
    pipeline_cmd = [sys.executable, "-m", "backend", "analyze", "--json", *map(str, paths)]
    times = {"naive": [], "pipeline": []}
    for _ in range(runs):
        for name, cmd in (("naive", naive_cmd), ("pipeline", pipeline_cmd)):
            start = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    return statistics.median(times["naive"]), statistics.median(times["pipeline"])


def report_whole_process(title, paths, runs=RUNS):
    """Print the whole-process throughput of both, start-up included."""
    naive, pipeline = whole_process(paths, runs)
    count = len(paths)
    print(f"-- whole process, start-up included: {count} photos, {title} (load average {os.getloadavg()[0]:.1f})")
    for name, seconds in (("naive", naive), ("pipeline", pipeline)):
        print(f"{name:9s} {1000 * seconds / count:7.1f} ms/photo  (median of {runs} runs)")
    print(f"speed-up: {naive / pipeline:.1f}x throughput, the whole `analyze` process")


def report(title, count, naive, pipeline):
    """Print one photo set's figures (medians of the runs)."""
    naive_seconds = statistics.median(run[0] for run in naive)
    pipeline_seconds = statistics.median(run[0] for run in pipeline)
    naive_cpu = statistics.median(run[1] for run in naive)
    pipeline_cpu = statistics.median(run[1] for run in pipeline)
    share, wanted = recall(naive[0][2], pipeline[0][2])
    print(f"-- {count} photos: {title} (load average {os.getloadavg()[0]:.1f})")
    for name, seconds, cpu in (("naive", naive_seconds, naive_cpu), ("pipeline", pipeline_seconds, pipeline_cpu)):
        print(f"{name:9s} {count / seconds:6.2f} photos/s  {1000 * seconds / count:7.1f} ms/photo"
              f"  {1000 * cpu / count:7.1f} CPU ms/photo  (median of {RUNS} runs)")
    print(f"speed-up: {naive_seconds / pipeline_seconds:.1f}x throughput, "
          f"{naive_cpu / pipeline_cpu:.1f}x less CPU per photo")
    faces = sum(map(len, pipeline[0][2]))
    print(f"encodings: naive {sum(map(len, naive[0][2]))}, pipeline {pipeline[0][3]} for {faces} faces "
          f"(not for low faces, nor for faces dlib's landmarks do not fit)")
    print(f"recall of the naive run's faces >= {MIN_RECALL_FACE_PX} px: {share:.1%} of {wanted}")


if __name__ == "__main__":
    main()
