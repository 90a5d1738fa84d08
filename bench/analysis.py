"""The analysis benchmark: the naive use of face_recognition against the project's pipeline.

Same photos, one run: the fixture photos, group photos composed from them and
resized copies, written to a temporary folder. The naive run is
load_image_file + face_locations + face_encodings with their defaults, in one
process (run in a child, so its memory is its own); the pipeline is
analyze_paths with its worker pool, warmed up first like the naive run's models.
Prints photos per second, ms per photo, their ratio, the pipeline's recall of the
naive run's faces of 80 px and more, and the pipeline's peak memory.
"""
import multiprocessing
import statistics
import tempfile
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MIN_RECALL_FACE_PX = 80
PIPELINE_RUNS = 3


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
        save(side_by_side(portraits[:4], height), f"group-{height}.jpg")
    save(side_by_side(portraits, 800), "group-wide.jpg")
    return paths


def side_by_side(images, height):
    """Several photos scaled to one height and put side by side: a group photo."""
    scaled = [im.resize((round(im.width * height / im.height), height), Image.LANCZOS) for im in images]
    canvas = Image.new("RGB", (sum(im.width for im in scaled), height), "white")
    x = 0
    for image in scaled:
        canvas.paste(image, (x, 0))
        x += image.width
    return canvas


def naive_run(paths):
    """The library used as its README shows: returns (seconds, faces per photo, peak kB)."""
    import resource
    import face_recognition
    found = []
    start = time.perf_counter()
    for path in paths:
        image = face_recognition.load_image_file(path)
        locations = face_recognition.face_locations(image)
        face_recognition.face_encodings(image)
        found.append(locations)
    seconds = time.perf_counter() - start
    return seconds, found, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def pipeline_run(paths):
    """The project's pipeline: returns (seconds, faces per photo as boxes)."""
    from backend import analysis
    start = time.perf_counter()
    result = analysis.analyze_paths([str(path) for path in paths])
    seconds = time.perf_counter() - start
    return seconds, [[tuple(face["box"]) for face in photo["faces"]] for photo in result["photos"]]


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
    area = lambda box: (box[1] - box[3]) * (box[2] - box[0])
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
    """Run both, print the figures."""
    import os
    from backend import analysis
    from backend.analysis import pool
    with tempfile.TemporaryDirectory() as folder:
        paths = make_photos(Path(folder))
        with multiprocessing.get_context("spawn").Pool(1) as child:
            naive_seconds, naive_faces, naive_kb = child.apply(naive_run, (paths,))
        analysis.analyze_paths([str(paths[0])])          # start the workers, load the models
        runs = [pipeline_run(paths) for _ in range(PIPELINE_RUNS)]
        pipeline_seconds = statistics.median(seconds for seconds, _ in runs)
        memory_kb = peak_kb([os.getpid()] + pool.worker_pids())
        workers = len(pool.worker_pids())
        analysis.shutdown()
    count = len(paths)
    share, wanted = recall(naive_faces, runs[0][1])
    print(f"photos: {count} ({sum(map(len, naive_faces))} faces found by the naive run), "
          f"{os.cpu_count()} cores, {workers} workers")
    print(f"naive:    {count / naive_seconds:6.2f} photos/s  {1000 * naive_seconds / count:7.1f} ms/photo"
          f"  (peak memory {naive_kb / 1024:.0f} MB)")
    print(f"pipeline: {count / pipeline_seconds:6.2f} photos/s  {1000 * pipeline_seconds / count:7.1f} ms/photo"
          f"  (median of {PIPELINE_RUNS} runs)")
    print(f"speed-up: {naive_seconds / pipeline_seconds:.1f}x")
    print(f"recall of the naive run's faces >= {MIN_RECALL_FACE_PX} px: {share:.1%} of {wanted}")
    print(f"pipeline peak memory (parent + workers): {memory_kb / 1024:.0f} MB")


if __name__ == "__main__":
    main()
