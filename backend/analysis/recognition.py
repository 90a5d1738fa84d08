"""Who a face is: an ArcFace-style network's 512-d encoding of the aligned face (runs in a worker).

dlib's recognition network, trained mostly on Western adults, put 97% of pairs of
two different East Asian women under its own limit; this network (the
`fr_feature.onnx` of the faceplugin-face-recognition-js npm package, vendored in
models/ with its licence and provenance: models/README.md) tells them apart
(THRESHOLDS.md, "Who is who"). onnxruntime runs it, as it runs the detector.

The face is aligned the way ArcFace networks were trained: a similarity transform
of its five points (eye centres, nose tip, mouth corners) onto a fixed 112 px
template. (Averaging each face with its mirror image, as the package's demo does
not, found 83.9% of same-person pairs at 1 false match in 1,000 against 84.0%
without, for twice the time: it is not done.) Encodings live in memory only;
nothing about a face is written anywhere.
"""
import hashlib
from pathlib import Path

import numpy as np
from PIL import Image

from . import runtime
from .onnxwire import FLOAT, fields, length_field, node, rewrite

MODEL = Path(__file__).parent / "models" / "fr_feature.onnx"
MODEL_SHA256 = "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581"
CHIP_PX = 112
# Where the five points sit in the 112 px crop (insightface's arcface_dst, the same in the package's code).
TEMPLATE = np.array([[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366],
                     [41.5493, 92.3655], [70.7299, 92.2041]])
MEAN, SCALE = 127.0, 128.0    # the package's own input normalisation

_session = None


def session():
    """The onnxruntime session, made once per process after checking the file is the one measured."""
    global _session
    if _session is None:
        data = MODEL.read_bytes()
        if hashlib.sha256(data).hexdigest() != MODEL_SHA256:
            raise RuntimeError(f"{MODEL.name} is not the model the limits were measured on")
        _session = runtime.session(without_prelu(data))
    return _session


def similarity(source, target):
    """The 2x3 similarity transform (rotation, one scale, shift) taking source points nearest target (Umeyama)."""
    source, target = np.asarray(source, float), np.asarray(target, float)
    mean_s, mean_t = source.mean(axis=0), target.mean(axis=0)
    centred_s, centred_t = source - mean_s, target - mean_t
    u, singular, vt = np.linalg.svd(centred_t.T @ centred_s / len(source))
    flip = np.diag([1.0, -1.0 if np.linalg.det(u) * np.linalg.det(vt) < 0 else 1.0])
    rotation = u @ flip @ vt
    scale = (singular * np.diag(flip)).sum() / (centred_s ** 2).sum(axis=1).mean()
    return np.hstack([scale * rotation, (mean_t - scale * rotation @ mean_s)[:, None]])


def align(rgb, points):
    """The 112 px crop of the face whose five points are given (an RGB uint8 array)."""
    forward = np.vstack([similarity(points, TEMPLATE), [0.0, 0.0, 1.0]])
    inverse = np.linalg.inv(forward)[:2].ravel()    # Pillow maps each output pixel back to the input
    crop = Image.fromarray(rgb).transform((CHIP_PX, CHIP_PX), Image.AFFINE, data=tuple(inverse),
                                          resample=Image.BILINEAR)
    return np.asarray(crop)


def encode(chips):
    """Unit 512-d encodings (float64) of aligned 112 px chips.

    One run a chip: the exported graph reshapes to a batch of one.
    """
    model = session()
    encodings = []
    for chip in chips:
        blob = ((np.asarray(chip, dtype=np.float32) - MEAN) / SCALE).transpose(2, 0, 1)[None]
        vector = model.run(None, {"input": blob})[0][0].astype(np.float64)
        encodings.append(vector / np.linalg.norm(vector))
    return encodings


# --- PRelu, said again in operators onnxruntime runs fast (on the protobuf wire format, onnxwire.py). ---
# onnxruntime's PRelu took 63% of the network's time: it is not run in the convolutions'
# blocked layout, so each of the 33 is a pass of its own with two layout changes around it.
# The same function in Mul and Max (or Relu, Mul and Sub) stays in that layout: the same
# encodings, bit for bit, in 55% of the time. GraphProto: node 1, initializer 5;
# NodeProto: input 1, output 2, op_type 4; TensorProto: data_type 2, float_data 4, name 8, raw_data 9.


def without_prelu(model):
    """The model's bytes with each PRelu(x, a) replaced by the same function:
    Max(x, a * x) where every slope a is at most 1, else Relu(x) - a * Relu(-x)."""
    return rewrite(model, {7: _graph_without_prelu})


def _graph_without_prelu(graph):
    largest = {name: values.max() for name, values in _float_tensors(graph) if values.size}
    out = bytearray()
    for number, kind, value, raw in fields(graph):
        if number == 1 and kind == 2 and _strings(value, 4) == ["PRelu"]:
            (x, slope), (y,) = _strings(value, 1), _strings(value, 2)
            out += b"".join(length_field(1, part) for part in prelu_nodes(x, slope, y, largest.get(slope)))
        else:
            out += raw
    return bytes(out)


def prelu_nodes(x, slope, y, largest):
    """NodeProtos computing y = PRelu(x, slope); `largest`: the slope's largest value, None if unknown."""
    if largest is not None and largest <= 1.0:
        # a <= 1: for x > 0, a*x <= x; for x < 0, a*x >= x. So the larger of the two is PRelu's.
        return [node("Mul", [x, slope], [f"{y}/ax"]), node("Max", [x, f"{y}/ax"], [y])]
    return [node("Relu", [x], [f"{y}/pos"]), node("Neg", [x], [f"{y}/neg"]), node("Relu", [f"{y}/neg"], [f"{y}/rneg"]),
            node("Mul", [f"{y}/rneg", slope], [f"{y}/arneg"]), node("Sub", [f"{y}/pos", f"{y}/arneg"], [y])]


def _strings(message, number):
    return [bytes(value).decode() for n, kind, value, _ in fields(message) if n == number and kind == 2]


def _float_tensors(graph):
    """(name, float32 values) of the graph's float initializers."""
    for number, kind, tensor, _ in fields(graph):
        if number != 5 or kind != 2:
            continue
        parts = {n: value for n, _, value, _ in fields(tensor)}
        if parts.get(2) != FLOAT or 8 not in parts:
            continue
        data = parts.get(9) if parts.get(9) is not None else parts.get(4)   # raw_data, else packed float_data
        if data is not None:
            yield bytes(parts[8]).decode(), np.frombuffer(bytes(data), dtype="<f4")
