"""Exports MLPs from PyTorch (Debian's python3-torch) with torch.onnx.export, for
tests/keras/test_onnx_import.c: each NAME.onnx beside NAME_x.npy and NAME_pred.npy (PyTorch's
output on those inputs, in eval mode). Usage: /usr/bin/python3 torch_mlps.py DIR"""
import sys

import numpy as np
import onnx
import torch
from torch import nn

out = sys.argv[1]
torch.manual_seed(0)


def export(name, model, shape):
    model.eval()
    x = torch.randn(*shape)
    torch.onnx.export(model, x, f"{out}/{name}.onnx", input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=17)
    np.save(f"{out}/{name}_x.npy", x.numpy().reshape(shape[0], -1))
    with torch.no_grad():
        np.save(f"{out}/{name}_pred.npy", model(x).numpy())


# Gemm + Relu, Gemm + Softmax
export("mlp", nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 4), nn.Softmax(dim=1)),
       (9, 6))
# Flatten of [N, 2, 3], BatchNormalization (running statistics made non-trivial), Tanh,
# Dropout, LeakyReLU, a Linear without bias (MatMul), Sigmoid
bn = nn.BatchNorm1d(8)
with torch.no_grad():
    bn.running_mean.uniform_(-1, 1)
    bn.running_var.uniform_(0.5, 2)
    bn.weight.uniform_(0.5, 1.5)
    bn.bias.uniform_(-0.5, 0.5)
export("bn", nn.Sequential(nn.Flatten(), nn.Linear(6, 8), bn, nn.Tanh(), nn.Dropout(0.3),
                           nn.Linear(8, 8, bias=False), nn.LeakyReLU(0.1), nn.Linear(8, 1),
                           nn.Sigmoid()), (7, 2, 3))
# every single-op activation the importer maps to a Keras one
layers = []
for act in [nn.ELU(0.7), nn.SELU(), nn.Softplus(), nn.Hardsigmoid(),
            nn.Hardswish(), nn.CELU(1.3)]:
    layers += [nn.Linear(8 if layers else 6, 8), act]
export("acts", nn.Sequential(*layers, nn.Linear(8, 4), nn.LogSoftmax(dim=1)), (11, 6))
# MatMul then Add of a constant vector (as TensorFlow's and Keras's exporters write Dense),
# with the bias on the left of the Add, written with onnx.helper; predictions from numpy
from onnx import TensorProto, helper, numpy_helper
rng = np.random.default_rng(0)
w1, b1 = rng.standard_normal((5, 7), np.float32), rng.standard_normal(7, np.float32)
w2, b2 = rng.standard_normal((7, 2), np.float32), rng.standard_normal(2, np.float32)
graph = helper.make_graph(
    [helper.make_node("MatMul", ["x", "w1"], ["h"]), helper.make_node("Add", ["b1", "h"], ["z"]),
     helper.make_node("Relu", ["z"], ["r"]), helper.make_node("MatMul", ["r", "w2"], ["z2"]),
     helper.make_node("Add", ["z2", "b2"], ["y"])], "matmul_add",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 5])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 2])],
    [numpy_helper.from_array(a, n) for a, n in ((w1, "w1"), (b1, "b1"), (w2, "w2"), (b2, "b2"))])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
onnx.checker.check_model(model)
onnx.save(model, f"{out}/matmul_add.onnx")
x = rng.standard_normal((8, 5), np.float32)
np.save(f"{out}/matmul_add_x.npy", x)
np.save(f"{out}/matmul_add_pred.npy", np.maximum(x @ w1 + b1, 0) @ w2 + b2)

# something that is not an MLP: refused by node name and op type
export("conv", nn.Sequential(nn.Conv1d(2, 2, 2), nn.Flatten(), nn.Linear(4, 1)), (3, 2, 3))
