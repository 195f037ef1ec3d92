import joblib
import numpy as np
import torch
from safetensors.torch import load_file


def load_checkpoint(path: str, device: str = "cpu"):
    # ruleid: py-ml-model-pickle-load
    state = torch.load(path, map_location=device)
    # ruleid: py-ml-model-pickle-load
    optimizer = torch.load(path + ".opt", weights_only=False)
    return state, optimizer


def load_features(path):
    # ruleid: py-ml-model-pickle-load
    feats = np.load(path, allow_pickle=True)
    # ruleid: py-ml-model-pickle-load
    clf = joblib.load("model.joblib")
    return feats, clf


def safe_loading(path, device="cpu"):
    # ok: py-ml-model-pickle-load
    weights = torch.load(path, map_location=device, weights_only=True)
    # ok: py-ml-model-pickle-load
    arr = np.load(path)
    # ok: py-ml-model-pickle-load
    arr2 = np.load(path, allow_pickle=False)
    # ok: py-ml-model-pickle-load
    tensors = load_file("model.safetensors")
    # ok: py-ml-model-pickle-load
    torch.save(weights, path)
    return weights, arr, arr2, tensors
