"""Lists a TensorBoard log directory as tests/pylib/test_tensorboard.c lists nnc's, one line
per event as written (no migration to newer summary forms), read with TensorBoard's own
event reader:

    /tmp/kv/bin/python tensorboard_list.py LOG_DIR

(python3 -m venv /tmp/kv && /tmp/kv/bin/pip install keras jax tensorflow-cpu tensorboard).
The file name's time, host and pid are left out; a scalar's value is printed with 5 significant digits; the
model's JSON as its class and layer count."""
import json
import os
import re
import sys

from tensorboard.backend.event_processing.event_file_loader import LegacyEventFileLoader
from tensorboard.compat.proto import types_pb2

NAME = re.compile(r"events\.out\.tfevents\.\d{10}\.[^.]+(\.[^.]+)*\.\d+\.(\d+)\.v2$")


def value_text(v):
    t = v.tensor
    if t.dtype == types_pb2.DT_FLOAT:
        import numpy as np
        return "%.5g" % float(np.frombuffer(t.tensor_content, "<f4")[0])
    j = json.loads(t.string_val[0])
    return "%s layers=%d" % (j["class_name"], len(j["config"]["layers"]))


def main(log_dir):
    for sub in ("train", "validation"):
        names = sorted(os.listdir(os.path.join(log_dir, sub)))
        for name in names:
            m = NAME.match(name)
            print(sub, "file", m.group(2) if m else "badly named " + name)
            loader = LegacyEventFileLoader(os.path.join(log_dir, sub, name))
            for e in loader.Load():
                if e.HasField("file_version"):
                    print(sub, e.file_version, e.source_metadata.writer,
                          "whole" if e.wall_time == int(e.wall_time) else "fraction")
                    continue
                for v in e.summary.value:
                    print(sub, e.step, v.tag, v.metadata.plugin_data.plugin_name,
                          repr(v.metadata.plugin_data.content),
                          types_pb2.DataType.Name(v.tensor.dtype),
                          len(v.tensor.tensor_shape.dim), value_text(v))


main(sys.argv[1])
