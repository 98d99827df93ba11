"""PyTorch reference for bench/: the same downstream-classifier training step as augc's
trainClassifier (src/runtime/models/classifier-network.ts), written the way a researcher writes it.

  mlp: per hidden width Linear -> activation -> BatchNorm1d (optional) -> Dropout (optional); Linear
  cnn: per conv block Conv2d 3x3 'same' -> activation -> MaxPool2d 2 (ceil_mode: TF's 'same' pooling
       of an odd size) -> Dropout; flatten; then the mlp part; Linear
Softmax cross-entropy (F.cross_entropy), torch.optim.Adam (lr 1e-3, PyTorch's defaults), shuffled
mini-batches of the model's own rows (a fresh permutation each epoch), loss.item() every step as
augc reads its loss back.

Usage: python3 classifier_step.py '{"kind":"mlp","features":21,"image":null,"hidden":[128,256,512],
  "conv":[],"classes":3,"activation":"leaky_relu","batch_norm":true,"dropout":0.1,"batch":32,"rows":1600}'
Serves timing requests like vae_step.py: prints {"ready": true, ...}, then for each input line
{"steps": n} runs n training steps and prints {"seconds": wall, "cpu_seconds": process CPU time}.
"""
import json
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F

from vae_step import blas_library


def activation(name):
    # augc's leaky_relu slope is 0.01, PyTorch's default
    return nn.LeakyReLU(0.01) if name == "leaky_relu" else nn.ReLU()


def build(config):
    layers = []
    width = config["features"]
    if config["kind"] == "cnn":
        channels, height, wide = config["image"][2], config["image"][0], config["image"][1]
        layers.append(nn.Unflatten(1, (height, wide, channels)))
        layers.append(Permute())
        for filters in config["conv"]:
            layers += [nn.Conv2d(channels, filters, 3, padding=1), activation(config["activation"]),
                       nn.MaxPool2d(2, ceil_mode=True)]
            if config["dropout"] > 0:
                layers.append(nn.Dropout(config["dropout"]))
            channels, height, wide = filters, (height + 1) // 2, (wide + 1) // 2
        layers.append(nn.Flatten())
        width = channels * height * wide
    for units in config["hidden"]:
        layers += [nn.Linear(width, units), activation(config["activation"])]
        if config["batch_norm"]:
            layers.append(nn.BatchNorm1d(units))
        if config["dropout"] > 0:
            layers.append(nn.Dropout(config["dropout"]))
        width = units
    layers.append(nn.Linear(width, config["classes"]))
    return nn.Sequential(*layers)


class Permute(nn.Module):
    """NHWC rows (augc's layout) to the NCHW that Conv2d takes."""

    def forward(self, x):
        return x.permute(0, 3, 1, 2)


def main():
    config = json.loads(sys.argv[1])
    torch.set_num_threads(1)
    torch.manual_seed(1)
    model = build(config)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    rows, batch = config["rows"], config["batch"]
    x = torch.rand(rows, config["features"])
    y = torch.randint(config["classes"], (rows,))
    state = {"order": torch.randperm(rows), "at": 0}

    def step():
        if state["at"] + batch > rows:
            state["order"], state["at"] = torch.randperm(rows), 0
        index = state["order"][state["at"]:state["at"] + batch]
        state["at"] += batch
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x[index]), y[index])
        loss.backward()
        optimizer.step()
        loss.item()

    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blas": blas_library()}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(request["steps"]):
            step()
        print(json.dumps({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - start_cpu}), flush=True)


if __name__ == "__main__":
    main()
