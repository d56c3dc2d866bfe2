"""int8 quantization whose result for one token does not depend on any other
token: the batch-invariant export of de-news.

ONNX Runtime's dynamic quantization (`quantize_dynamic`) computes ONE
activation scale per input tensor, i.e. per batch: the logits of a window
then depend on which other windows share its batch (measured on de-news:
up to 2.1 in logit, entities that come and go with the neighbours). This transform gives
each token row its own scale instead ("per-token" activation quantization):

    s      = max(|x|, over the row) / 127            one scale per token
    x_q    = int8(round(x / s))
    y      = float(MatMulInteger(x_q, W_q)) * (s * w_scale) + bias

for every MatMul with a constant weight W ([K, N], quantized symmetric int8,
one scale per output column). Pad rows, other windows and batch size cannot
change a token's scale, so a window's logits depend on that window only;
ONNX Runtime's fp32 kernels for the rest (LayerNorm, attention, GELU) are
row-independent too (checked by `evaluate.batch_invariance`). The word
embedding table is stored as int8 with one scale per vocabulary row
(Gather int8 row, Gather its scale, multiply).

The product runs in ONNX Runtime's MatMulIntegerToFloat (com.microsoft),
with A scale 1 and the per-column weight scales, followed by one Mul with the
row scales. Measured on de-news (validation micro F1, fp32 0.8264): per-column
weight scales 0.8263, one weight scale per tensor 0.8194. The extra
element-wise work makes it slower than quantize_dynamic's fused graph, which
is not batch-invariant (ONNX Runtime profile, batch 8 x 200: 11,000-14,000
against 13,300-15,000 tokens/s; see BENCHMARKS.md for newsner itself).
"""
import numpy as np


def _symmetric_int8(w, axis=None, keepdims=False):
    """Symmetric int8 with one scale per slice along `axis` (None: one per
    tensor); an all-zero slice gets scale 1."""
    amax = np.abs(w).max(axis=axis, keepdims=keepdims)
    scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
    return q, scale


def rowwise_int8(model, min_weight_elems=4096, embeddings=True, per_channel=True):
    """Rewrites an fp32 ONNX ModelProto in place (see the module docstring).
    MatMuls whose weight has fewer than `min_weight_elems` elements (the
    9-label classifier) stay fp32. Returns counts of rewritten nodes."""
    from onnx import TensorProto, helper, numpy_helper
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    consumers = {}
    for n in graph.node:
        for x in n.input:
            consumers[x] = consumers.get(x, 0) + 1
    new_nodes, new_inits, removed = [], [], set()
    quantized_inputs = {}  # activation name -> (x_q, s): Q/K/V share one quantization
    counts = {"matmul": 0, "gather": 0}
    new_inits += [numpy_helper.from_array(np.array(1e-12, np.float32), "rowwise_eps"),
                  numpy_helper.from_array(np.array(1.0 / 127.0, np.float32), "rowwise_inv127"),
                  numpy_helper.from_array(np.array(128, np.uint8), "rowwise_zero_point"),
                  numpy_helper.from_array(np.array(1.0, np.float32), "rowwise_one")]

    def quantize_rows(x):
        if x in quantized_inputs:
            return quantized_inputs[x], []
        p = f"{x}_rowq"
        nodes = [
            helper.make_node("Abs", [x], [p + "_abs"]),
            helper.make_node("ReduceMax", [p + "_abs"], [p + "_max"], axes=[-1], keepdims=1),
            helper.make_node("Max", [p + "_max", "rowwise_eps"], [p + "_maxe"]),
            helper.make_node("Mul", [p + "_maxe", "rowwise_inv127"], [p + "_scale"]),
            helper.make_node("Div", [x, p + "_scale"], [p + "_div"]),
            # Round, shift by the zero point 128 and saturate to uint8 in one
            # op: uint8 with zero point 128 is int8 symmetric, in the form
            # MLAS's fast u8 x s8 kernels (AVX2 / AVX-512 VNNI) take.
            helper.make_node("QuantizeLinear", [p + "_div", "rowwise_one", "rowwise_zero_point"], [p + "_q"]),
        ]
        quantized_inputs[x] = (p + "_q", p + "_scale")
        return quantized_inputs[x], nodes

    for n in graph.node:
        w = inits.get(n.input[1]) if n.op_type == "MatMul" and len(n.input) == 2 else None
        if w is not None and len(w.dims) == 2 and w.dims[0] * w.dims[1] >= min_weight_elems:
            (x_q, s), qnodes = quantize_rows(n.input[0])
            new_nodes += qnodes
            # One scale per output column, or per tensor.
            wq, wscale = _symmetric_int8(numpy_helper.to_array(w), axis=0 if per_channel else None)
            wq_name = n.input[1] + "_int8"
            new_inits.append(numpy_helper.from_array(wq, wq_name))
            ws_name = n.input[1] + "_scale"
            new_inits.append(numpy_helper.from_array(wscale, ws_name))
            p = n.output[0]
            # MatMulIntegerToFloat (ONNX Runtime contrib op) does the integer
            # product, the cast and the weight scale in one kernel; its A
            # scale is a scalar (1 here), the per-row scale follows as one Mul.
            new_nodes += [
                helper.make_node("MatMulIntegerToFloat",
                                 [x_q, wq_name, "rowwise_one", ws_name, "rowwise_zero_point"],
                                 [p + "_unscaled"], domain="com.microsoft"),
                helper.make_node("Mul", [p + "_unscaled", s], [p]),
            ]
            if consumers.get(n.input[1], 0) == 1:
                removed.add(n.input[1])
            counts["matmul"] += 1
            continue
        emb = inits.get(n.input[0]) if n.op_type == "Gather" else None
        if embeddings and emb is not None and emb.dims[0] * emb.dims[1] >= 1_000_000:
            q, scales = _symmetric_int8(numpy_helper.to_array(emb), axis=1, keepdims=True)  # per row
            qn, sn = n.input[0] + "_int8", n.input[0] + "_rowscale"
            new_inits += [numpy_helper.from_array(q, qn), numpy_helper.from_array(scales, sn)]
            p = n.output[0]
            new_nodes += [
                helper.make_node("Gather", [qn, n.input[1]], [p + "_q"], axis=0),
                helper.make_node("Gather", [sn, n.input[1]], [p + "_s"], axis=0),
                helper.make_node("Cast", [p + "_q"], [p + "_f"], to=TensorProto.FLOAT),
                helper.make_node("Mul", [p + "_f", p + "_s"], [p]),
            ]
            if consumers.get(n.input[0], 0) == 1:
                removed.add(n.input[0])
            counts["gather"] += 1
            continue
        new_nodes.append(n)
    graph.ClearField("node")
    graph.node.extend(new_nodes)
    if counts["matmul"] and not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    kept = [i for i in graph.initializer if i.name not in removed]
    graph.ClearField("initializer")
    graph.initializer.extend(kept + new_inits)
    return counts


def reduce_weight_range(model):
    """Requantizes the int8 weights of every MatMulIntegerToFloat to 7 bits
    (-63..63, one scale per output column), in place; returns the count.

    Why: on x86 CPUs without VNNI (AVX2, and AVX-512 without VNNI), MLAS
    multiplies uint8 activations by int8 weights with VPMADDUBSW, which adds
    pairs of products in saturating int16: 255 x 127 x 2 overflows, so the
    int32 sums (and the logits) differ from those of a VNNI CPU. With 7-bit
    weights (255 x 63 x 2 = 32,130) no pair can saturate, the integer
    products are exact on every CPU, and a document gets the same logits on
    every machine, as shards of one corpus must. Measured on the GermEval
    2014 test split through newsner (AVX2 machine): 8-bit weights 0.8124
    micro F1 (0.816 on a VNNI machine), 7-bit 0.8139.

    Derived from the 8-bit weights (dequantized, then rounded to the 7-bit
    grid), so the committed 8-bit file and an fp32 export give the same
    result."""
    from onnx import numpy_helper
    inits = {i.name: i for i in model.graph.initializer}
    count = 0
    for n in model.graph.node:
        if n.op_type != "MatMulIntegerToFloat":
            continue
        q = numpy_helper.to_array(inits[n.input[1]]).astype(np.float32)
        scale = numpy_helper.to_array(inits[n.input[3]]).astype(np.float32)
        w = q * scale
        amax = np.abs(w).max(axis=0)
        s7 = np.where(amax > 0, amax / 63.0, 1.0).astype(np.float32)
        q7 = np.clip(np.round(w / s7), -63, 63).astype(np.int8)
        inits[n.input[1]].CopyFrom(numpy_helper.from_array(q7, n.input[1]))
        inits[n.input[3]].CopyFrom(numpy_helper.from_array(s7, n.input[3]))
        count += 1
    return count


def main():
    import argparse
    import onnx
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--reduce-range", action="store_true",
                    help="7-bit weights (what ships; see reduce_weight_range)")
    a = ap.parse_args()
    ap_reduce = a.reduce_range
    m = onnx.load(a.src)
    if not any(n.op_type == "MatMulIntegerToFloat" for n in m.graph.node):
        print(rowwise_int8(m))
    if ap_reduce:
        print("7-bit weights:", reduce_weight_range(m))
    onnx.save(m, a.dst)


if __name__ == "__main__":
    main()
