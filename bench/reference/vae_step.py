"""PyTorch reference for bench/: the same dense VAE step as bench/bench-vae.ts.

Encoder Linear+ReLU layers -> one Linear to (mu, log var); z = mu + exp(log var / 2) * eps;
mirrored decoder to logits; BCE on logits (summed over features) + beta * KL, averaged over the
batch; torch.optim.Adam (lr 1e-3, PyTorch's defaults). `models` independent VAEs are trained the
way a PyTorch user does it: one model and one optimizer each, stepped one after the other. Each
step draws a random mini-batch from the model's own 1000 rows and reads the loss back (.item()),
as augc's training loop does.

Usage: python3 vae_step.py '{"inputs":21,"hidden":[64,32],"latent":2,"batch":64,"models":1}'
Serves timing requests so bench/ can interleave them with its own samples (both sides see the
same machine load): prints {"ready": true, "torch": ..., "threads": 1, "blas": ...}, then for each
input line {"steps": n} runs n training steps and prints {"seconds": wall, "cpu_seconds": process CPU
time}. Ends at EOF.
"""
import json
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F


class Vae(nn.Module):
    def __init__(self, inputs, hidden, latent):
        super().__init__()
        widths = [inputs, *hidden]
        self.encoder = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths, widths[1:]))
        self.head = nn.Linear(hidden[-1], 2 * latent)
        back = [latent, *reversed(hidden), inputs]
        self.decoder = nn.ModuleList(nn.Linear(a, b) for a, b in zip(back, back[1:]))
        self.latent = latent

    def loss(self, x, beta=1.0):
        h = x
        for layer in self.encoder:
            h = F.relu(layer(h))
        mean, log_var = self.head(h).split(self.latent, dim=1)
        z = mean + torch.exp(0.5 * log_var) * torch.randn_like(mean)
        for i, layer in enumerate(self.decoder):
            z = layer(z)
            if i < len(self.decoder) - 1:
                z = F.relu(z)
        reconstruction = F.binary_cross_entropy_with_logits(z, x, reduction="sum")
        kl = 0.5 * torch.sum(mean.pow(2) + log_var.exp() - log_var - 1)
        return (reconstruction + beta * kl) / x.shape[0]


def main():
    config = json.loads(sys.argv[1])
    torch.set_num_threads(1)
    torch.manual_seed(1)
    models = [Vae(config["inputs"], config["hidden"], config["latent"]) for _ in range(config["models"])]
    optimizers = [torch.optim.Adam(m.parameters(), lr=1e-3) for m in models]
    rows = 1000
    data = [torch.rand(rows, config["inputs"]) for _ in models]

    def step():
        for model, optimizer, pool in zip(models, optimizers, data):
            x = pool[torch.randint(rows, (config["batch"],))]
            optimizer.zero_grad()
            loss = model.loss(x)
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


def blas_library():
    """The BLAS this process loaded (Debian's netlib reference BLAS is ~10x slower than OpenBLAS)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower()}
    except OSError:
        return "unknown"
    if any("openblas" in p for p in paths):
        return "openblas"
    if any("mkl" in p for p in paths):
        return "mkl"
    return "reference (netlib)" if paths else "unknown"


if __name__ == "__main__":
    main()
