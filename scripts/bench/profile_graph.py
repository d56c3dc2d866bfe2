#!/usr/bin/env python3
"""Where a model's ONNX graph spends its time, and how close it runs to the
machine's int8 peak (`cargo xtask bench` calls this after its rounds).

  * Operator profile: ONNX Runtime's own profiler over a batch of windows
    (--batch x --seq random token ids: an operator's time does not depend on
    the ids), the shipped graph's time summed per operator type, as shares.
  * FLOPs per token, counted from the graph: every MatMul-like node with a
    constant weight [K, N] costs 2*K*N per token; the attention products
    (scores and context, no constant operand) cost 2 * 2 * seq * hidden per
    token and layer, with hidden and layers from config.json and seq the
    bench's mean window length (--mean-seq).
  * Peak: ONNX Runtime's int8 GEMM (MatMulIntegerToFloat, the operator the
    shipped graph's projections use; uint8 x int8 as ONNX Runtime pairs them)
    on a [--batch*--seq, hidden] x [hidden, 4*hidden] product, timed here with
    the same threads: the best ops/s the runtime reaches on this CPU.
  * MFU = tokens/s (--tokens-per-s, measured by the bench) x FLOPs per token
    / peak.

Prints one JSON object.
"""
import argparse
import collections
import json
import os
import platform
import tempfile
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

MATMULS = {"MatMul", "MatMulInteger", "MatMulIntegerToFloat", "Gemm", "MatMulNBits", "DynamicQuantizeMatMul",
           "QLinearMatMul"}


def isa():
    try:
        flags = open("/proc/cpuinfo", encoding="utf-8").read()
    except OSError:
        return platform.machine()
    for name, flag in (("avx512vnni", "avx512_vnni"), ("avxvnni", "avx_vnni"), ("avx512", "avx512f"),
                       ("avx2", "avx2")):
        if flag in flags:
            return name
    return platform.machine()


def session(path, threads, profile_dir=None):
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    if profile_dir:
        opts.enable_profiling = True
        opts.profile_file_prefix = os.path.join(profile_dir, "ort")
    return ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])


def weight_flops_per_token(model):
    """2*K*N for every MatMul-like node whose second input is a constant."""
    shapes = {i.name: list(i.dims) for i in model.graph.initializer}
    total, nodes = 0, 0
    for node in model.graph.node:
        if node.op_type not in MATMULS or len(node.input) < 2:
            continue
        dims = shapes.get(node.input[1])
        if dims and len(dims) == 2:
            total += 2 * dims[0] * dims[1]
            nodes += 1
    return total, nodes


def operator_profile(path, threads, batch, seq, vocab, runs):
    with tempfile.TemporaryDirectory() as tmp:
        sess = session(path, threads, tmp)
        rng = np.random.default_rng(0)
        feed = {}
        for i in sess.get_inputs():
            if "mask" in i.name:
                feed[i.name] = np.ones((batch, seq), dtype=np.int64)
            elif "token_type" in i.name:
                # BERT-style graphs: one segment, as newsner feeds them.
                feed[i.name] = np.zeros((batch, seq), dtype=np.int64)
            elif "position" in i.name:
                feed[i.name] = np.tile(np.arange(seq, dtype=np.int64), (batch, 1))
            else:
                feed[i.name] = rng.integers(5, vocab, size=(batch, seq), dtype=np.int64)
        sess.run(None, feed)  # warm-up, not profiled apart: dropped below
        for _ in range(runs):
            sess.run(None, feed)
        trace = sess.end_profiling()
        events = json.load(open(trace))
    per_op = collections.Counter()
    per_run = [e for e in events if e.get("cat") == "Session" and e.get("name") == "model_run"]
    skip_until = per_run[0]["ts"] + per_run[0]["dur"] if per_run else 0
    for e in events:
        if e.get("cat") == "Node" and e.get("name", "").endswith("_kernel_time") and e["ts"] >= skip_until:
            per_op[e["args"].get("op_name", "?")] += e["dur"]
    total = sum(per_op.values()) or 1
    runs_us = [e["dur"] for e in per_run[1:]]
    return {
        "batch": batch, "seq": seq, "runs": runs,
        "run_ms_median": float(np.median(runs_us)) / 1000 if runs_us else None,
        "share_by_operator": {op: round(us / total, 4) for op, us in per_op.most_common()},
    }


def int8_peak(threads, m, k, n, runs):
    """Best ops/s of MatMulIntegerToFloat on [m,k] x [k,n] (2*m*k*n ops)."""
    rng = np.random.default_rng(1)
    a = helper.make_tensor_value_info("a", TensorProto.UINT8, [m, k])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [m, n])
    w = numpy_helper.from_array(rng.integers(-63, 64, size=(k, n), dtype=np.int8), "w")
    a_scale = numpy_helper.from_array(np.array(0.01, dtype=np.float32), "a_scale")
    w_scale = numpy_helper.from_array(np.full((n,), 0.01, dtype=np.float32), "w_scale")
    a_zero = numpy_helper.from_array(np.array(128, dtype=np.uint8), "a_zero")
    node = helper.make_node("MatMulIntegerToFloat", ["a", "w", "a_scale", "w_scale", "a_zero"], ["y"],
                            domain="com.microsoft")
    graph = helper.make_graph([node], "peak", [a], [y], [w, a_scale, w_scale, a_zero])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17),
                                                    helper.make_opsetid("com.microsoft", 1)], ir_version=8)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "peak.onnx")
        onnx.save(model, path)
        sess = session(path, threads)
        x = rng.integers(0, 256, size=(m, k), dtype=np.uint8)
        sess.run(None, {"a": x})
        best = float("inf")
        for _ in range(runs):
            t0 = time.perf_counter()
            sess.run(None, {"a": x})
            best = min(best, time.perf_counter() - t0)
    return 2 * m * k * n / best


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="model folder (config.json and the graph)")
    ap.add_argument("--onnx", default="model.onnx")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--mean-seq", type=float, default=None, help="mean window length of the bench's batches")
    ap.add_argument("--tokens-per-s", type=float, default=None, help="measured throughput, for the MFU")
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    path = os.path.join(args.model, args.onnx)
    cfg = json.load(open(os.path.join(args.model, "config.json")))
    hidden, layers = cfg["hidden_size"], cfg["num_hidden_layers"]
    model = onnx.load(path, load_external_data=False)
    weights, gemms = weight_flops_per_token(model)
    mean_seq = args.mean_seq or args.seq
    attention = 2 * 2 * mean_seq * hidden * layers
    flops = weights + attention
    peak = int8_peak(args.threads, args.batch * args.seq, hidden, 4 * hidden, args.runs)
    out = {
        "isa": isa(),
        "threads": args.threads,
        "onnxruntime": ort.__version__,
        "flops_per_token": {"weights": weights, "weight_gemms": gemms, "attention": attention,
                            "mean_seq": mean_seq, "total": flops},
        "int8_gemm_peak_ops_per_s": peak,
        "profile": operator_profile(path, args.threads, args.batch, args.seq, cfg["vocab_size"], args.runs),
    }
    if args.tokens_per_s:
        out["tokens_per_s"] = args.tokens_per_s
        out["achieved_ops_per_s"] = args.tokens_per_s * flops
        out["mfu"] = args.tokens_per_s * flops / peak
    json.dump(out, open(1, "w"), indent=1)


if __name__ == "__main__":
    main()
