#!/usr/bin/env python3
"""The standard export of a model folder's weights, as an optimum user gets
it: a plain fp32 graph quantized with ONNX Runtime's `quantize_dynamic`
(QInt8 weights, one symmetric activation scale per tensor), for the bench's
peer "Python ORT on the standard export" (`cargo xtask bench`).

A model's recipe writes this file itself (de-news: `.cache/de-news/export/
model.dynamic_int8.onnx`), but only when it trains. So that a fresh clone can
measure the peer too, this script derives it from the committed graph:

  * newsner's per-token int8 projections (`recipe/rowwise_int8.py`: Abs,
    ReduceMax, Max, Mul, Div, QuantizeLinear, MatMulIntegerToFloat, Mul with
    the row scale) become one fp32 MatMul with the dequantized weight
    (int8 x column scale: exactly the weights the shipped graph multiplies);
  * the int8 word-embedding table (Gather int8 row, Gather its scale, Cast,
    Mul) becomes one fp32 Gather;
  * the nodes left without a consumer are dropped, the graph is checked, and
    `quantize_dynamic` writes the standard export.

A graph without those patterns is taken as a plain fp32 export and quantized
as it is; a graph with other quantized operators (MatMulNBits, QLinear*,
DynamicQuantize*) is refused: it has no standard export of its own weights.

Usage: standard_export.py MODEL.onnx OUT.onnx
"""
import os
import sys
import tempfile

import numpy as np
import onnx
from onnx import helper, numpy_helper

REFUSED = {"MatMulNBits", "QLinearMatMul", "DynamicQuantizeMatMul", "DynamicQuantizeLinear", "QAttention",
           "MatMulInteger"}


def dequantize(model):
    """Rewrites newsner's per-token int8 graph into fp32, in place; returns
    how many projections and embedding tables it restored."""
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    producer = {o: n for n in graph.node for o in n.output}
    consumers = {}
    for n in graph.node:
        for x in n.input:
            consumers.setdefault(x, []).append(n)
    replaced, restored = {}, {"matmul": 0, "gather": 0}
    new_inits = []
    for n in graph.node:
        if n.op_type != "MatMulIntegerToFloat":
            continue
        x_q, w_q, _a_scale, w_scale = n.input[:4]
        quantize = producer.get(x_q)
        scale_mul = consumers.get(n.output[0], [])
        if (quantize is None or quantize.op_type != "QuantizeLinear" or len(scale_mul) != 1
                or scale_mul[0].op_type != "Mul" or w_q not in inits or w_scale not in inits):
            raise SystemExit(f"MatMulIntegerToFloat {n.name or n.output[0]} is not newsner's per-token "
                             "pattern; no standard export can be derived from this graph")
        div = producer[quantize.input[0]]
        x = div.input[0]  # the fp32 activation the row quantization started from
        w = numpy_helper.to_array(inits[w_q]).astype(np.float32) * numpy_helper.to_array(inits[w_scale])
        name = w_q + "_fp32"
        new_inits.append(numpy_helper.from_array(w.astype(np.float32), name))
        replaced[scale_mul[0].name or scale_mul[0].output[0]] = helper.make_node(
            "MatMul", [x, name], [scale_mul[0].output[0]])
        restored["matmul"] += 1
    for n in graph.node:
        # Gather(int8 table) -> Cast -> Mul(Gather(row scales)) -> fp32 Gather.
        if n.op_type != "Gather" or n.input[0] not in inits or inits[n.input[0]].data_type != onnx.TensorProto.INT8:
            continue
        cast = consumers.get(n.output[0], [])
        if len(cast) != 1 or cast[0].op_type != "Cast":
            continue
        mul = consumers.get(cast[0].output[0], [])
        if len(mul) != 1 or mul[0].op_type != "Mul":
            continue
        other = [i for i in mul[0].input if i != cast[0].output[0]][0]
        scale_gather = producer.get(other)
        if scale_gather is None or scale_gather.op_type != "Gather" or scale_gather.input[0] not in inits:
            continue
        table = numpy_helper.to_array(inits[n.input[0]]).astype(np.float32)
        table *= numpy_helper.to_array(inits[scale_gather.input[0]])
        name = n.input[0] + "_fp32"
        new_inits.append(numpy_helper.from_array(table.astype(np.float32), name))
        replaced[mul[0].name or mul[0].output[0]] = helper.make_node(
            "Gather", [name, n.input[1]], [mul[0].output[0]], axis=0)
        restored["gather"] += 1
    nodes = [replaced.get(n.name or n.output[0], n) for n in graph.node]
    graph.ClearField("node")
    graph.node.extend(nodes)
    graph.initializer.extend(new_inits)
    prune(model)
    return restored


def prune(model):
    """Drops nodes and initializers nothing reads (walking back from the
    graph's outputs)."""
    graph = model.graph
    producer = {o: n for n in graph.node for o in n.output}
    needed, stack, live = set(), [o.name for o in graph.output], set()
    while stack:
        name = stack.pop()
        if name in needed:
            continue
        needed.add(name)
        node = producer.get(name)
        if node is not None and id(node) not in live:
            live.add(id(node))
            stack.extend(i for i in node.input if i)
    kept = [n for n in graph.node if id(n) in live]
    graph.ClearField("node")
    graph.node.extend(kept)
    inits = [i for i in graph.initializer if i.name in needed]
    graph.ClearField("initializer")
    graph.initializer.extend(inits)


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    src, out = sys.argv[1:]
    from onnxruntime.quantization import QuantType, quantize_dynamic
    model = onnx.load(src)
    ops = {n.op_type for n in model.graph.node}
    if ops & REFUSED:
        raise SystemExit(f"{src} already holds quantized operators ({', '.join(sorted(ops & REFUSED))}) "
                         "that are not newsner's per-token int8; it has no standard export")
    restored = dequantize(model) if "MatMulIntegerToFloat" in ops else {"matmul": 0, "gather": 0}
    left = {n.op_type for n in model.graph.node} & (REFUSED | {"MatMulIntegerToFloat", "QuantizeLinear"})
    if left:
        raise SystemExit(f"{src}: quantized operators left after dequantizing: {', '.join(sorted(left))}")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with tempfile.TemporaryDirectory(dir=os.path.dirname(os.path.abspath(out))) as tmp:
        fp32 = os.path.join(tmp, "model.fp32.onnx")
        onnx.save(model, fp32)
        onnx.checker.check_model(fp32)
        partial = os.path.join(tmp, "model.dynamic_int8.onnx")
        # The recipe's own standard export uses these options (export_onnx.py).
        quantize_dynamic(fp32, partial, weight_type=QuantType.QInt8, extra_options={"ActivationSymmetric": True})
        os.replace(partial, out)
    print(f"standard export of {src}: {restored['matmul']} projections and {restored['gather']} embedding "
          f"tables restored to fp32, then quantize_dynamic -> {out}")


if __name__ == "__main__":
    main()
