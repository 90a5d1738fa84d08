"""ONNX models on the protobuf wire format: just enough of ONNX's schema to read
and write the two models here, so the 31 MB `onnx` package is not needed.

Field numbers are onnx.proto's. ModelProto: ir_version 1, graph 7, opset_import 8.
GraphProto: node 1, name 2, initializer 5, input 11, output 12. NodeProto: input 1,
output 2, op_type 4, attribute 5. AttributeProto: name 1, i 3, ints 8, type 20.
TensorProto: dims 1, data_type 2, name 8, raw_data 9. ValueInfoProto: name 1, type 2;
TypeProto.tensor_type 1; its elem_type 1, shape 2; TensorShapeProto.dim 1;
Dimension: dim_value 1, dim_param 2.
"""
import numpy as np

FLOAT, UINT8, INT64 = 1, 2, 7                 # TensorProto.DataType
ATTRIBUTE_INT, ATTRIBUTE_INTS = 2, 7          # AttributeProto.AttributeType
IR_VERSION = 8                                # the format of opset 17's models
TYPES = {np.dtype(np.float32): FLOAT, np.dtype(np.uint8): UINT8, np.dtype(np.int64): INT64}


def model(nodes, initializers, inputs, outputs, opset=17, name="model"):
    """A ModelProto's bytes from its parts' bytes."""
    graph = b"".join([*(length_field(1, node) for node in nodes), length_field(2, name.encode()),
                      *(length_field(5, tensor) for tensor in initializers),
                      *(length_field(11, value) for value in inputs),
                      *(length_field(12, value) for value in outputs)])
    opset_id = length_field(1, b"") + int_field(2, opset)
    return int_field(1, IR_VERSION) + length_field(7, graph) + length_field(8, opset_id)


def node(op, inputs, outputs, **attributes):
    """A NodeProto; attributes are ints or lists of ints."""
    parts = [length_field(1, name.encode()) for name in inputs]
    parts += [length_field(2, name.encode()) for name in outputs]
    parts.append(length_field(4, op.encode()))
    for key, value in attributes.items():
        if isinstance(value, (list, tuple)):
            body = b"".join(int_field(8, item) for item in value) + int_field(20, ATTRIBUTE_INTS)
        else:
            body = int_field(3, value) + int_field(20, ATTRIBUTE_INT)
        parts.append(length_field(5, length_field(1, key.encode()) + body))
    return b"".join(parts)


def tensor(name, array):
    """A TensorProto holding the array's values (float32, uint8 or int64)."""
    array = np.ascontiguousarray(array)
    dims = b"".join(int_field(1, size) for size in array.shape)
    return dims + int_field(2, TYPES[array.dtype]) + length_field(8, name.encode()) \
        + length_field(9, array.astype(array.dtype.newbyteorder("<")).tobytes())


def value_info(name, elem_type, dims):
    """A ValueInfoProto of a tensor; a dim that is a string is a free (named) one."""
    shape = b"".join(length_field(1, length_field(2, dim.encode()) if isinstance(dim, str) else int_field(1, dim))
                     for dim in dims)
    tensor_type = int_field(1, elem_type) + length_field(2, shape)
    return length_field(1, name.encode()) + length_field(2, length_field(1, tensor_type))


def int_field(number, value):
    return to_varint(number << 3) + to_varint(value & (2 ** 64 - 1))


def rewrite(message, editors):
    """The message with each length-delimited field whose number is in editors replaced by
    editors[n](payload), or left out where that is None."""
    out = bytearray()
    for number, kind, value, raw in fields(message):
        if kind == 2 and number in editors:
            edited = editors[number](value)
            out += length_field(number, edited) if edited is not None else b""
        else:
            out += raw
    return bytes(out)


def fields(message):
    """(number, wire type, value, raw bytes) for each field of a protobuf message: the value is
    the integer of a varint, the payload of a length-delimited field, else None."""
    message = memoryview(message)
    i = 0
    while i < len(message):
        start = i
        key, i = varint(message, i)
        number, kind = key >> 3, key & 7
        value = None
        if kind == 0:
            value, i = varint(message, i)
        elif kind == 1:
            i += 8
        elif kind == 5:
            i += 4
        elif kind == 2:
            size, i = varint(message, i)
            value, i = message[i:i + size], i + size
        else:
            raise ValueError("unsupported protobuf wire type")
        yield number, kind, value, message[start:i]


def varint(data, i):
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def to_varint(value):
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def length_field(number, payload):
    return to_varint(number << 3 | 2) + to_varint(len(payload)) + bytes(payload)
