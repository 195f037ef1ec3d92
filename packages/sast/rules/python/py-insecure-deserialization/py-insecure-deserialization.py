import json
import marshal
import pickle
import pickle as pkl
import shelve
from pickle import Unpickler

import dill
import jsonpickle
import pandas as pd
import redis

cache = redis.Redis()


def get_session(session_id: str):
    raw = cache.get(f"session:{session_id}")
    if raw is None:
        return None
    # ruleid: py-insecure-deserialization
    return pickle.loads(raw)


def load_state(path):
    with open(path, "rb") as fh:
        # ruleid: py-insecure-deserialization
        state = pickle.load(fh)
    # ruleid: py-insecure-deserialization
    extra = dill.loads(state["extra"])
    return state, extra


def open_db(path):
    # ruleid: py-insecure-deserialization
    db = shelve.open(path)
    # ruleid: py-insecure-deserialization
    code = marshal.loads(db["bytecode"])
    return db, code


def import_job(payload: str):
    # ruleid: py-insecure-deserialization
    job = jsonpickle.decode(payload)
    # ruleid: py-insecure-deserialization
    frame = pd.read_pickle("/srv/data/frame.pkl")
    return job, frame


def read_cache(fh, blob):
    # ruleid: py-insecure-deserialization
    first = pkl.loads(blob)
    # ruleid: py-insecure-deserialization
    second = Unpickler(fh).load()
    return first, second


def safe_formats(payload: str, obj):
    # ok: py-insecure-deserialization
    data = json.loads(payload)
    # ok: py-insecure-deserialization
    blob = pickle.dumps(obj)
    # ok: py-insecure-deserialization
    text = jsonpickle.encode(obj)
    return data, blob, text
