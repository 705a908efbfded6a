"""PyTorch's first training step of a benchmark task in this fresh process (bench/compile.sh):
the time from building the model (torch_tasks.build) to the end of its first Adam step at
batch 32; `import torch` is before the clock, as loading libnnc is for nnc. Prints one JSON
line. Usage: torch_first_step.py [S|M|L]"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
from torch import nn  # noqa: E402
from torch_tasks import TASKS, build  # noqa: E402


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else "S"
    sizes, act, out, _ = TASKS[name]
    torch.set_num_threads(1)
    torch.manual_seed(1)
    x = torch.rand(32, 784)
    y = torch.randint(0, 2 if out == "bce" else 10, (32,))
    target = y.float().unsqueeze(1) if out == "bce" else y
    t0 = time.perf_counter()
    model = build(sizes, act, out)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.BCELoss() if out == "bce" else nn.CrossEntropyLoss()
    opt.zero_grad()
    loss = loss_fn(model(x), target)
    loss.backward()
    opt.step()
    loss.item()
    print(json.dumps({"task": name, "first_step_ms": (time.perf_counter() - t0) * 1e3}))


main()
