#!/usr/bin/python3
"""Generate PyTorch reference fixtures for convbp's back-propagation tests.

Run with Debian's interpreter (it has torch; CI does not, so the outputs are
committed):

    /usr/bin/python3 tests/data/make_torch_fixtures.py

For every case NAME this writes, next to this script:

  NAME.case.json      a CASE.json problem (input, weight, bias, stride,
                      optional padding, optional grad_output or target)
  NAME.expected.json  reference forward/backward results and intermediates

Conventions: one sample (no batch axis), float64 everywhere, PyTorch conv2d
semantics (cross-correlation), weight layout OIHW.  Every gradient is computed
three ways (torch.nn.grad helpers, autograd, and the explicit
dilate/pad/rot180 construction) and the results are asserted equal.
"""

import json
import math
import os
import sys

import torch
import torch.nn.functional as F

DTYPE = torch.float64
TOL = 1e-12
OUT_DIR = os.path.dirname(os.path.abspath(__file__))


# --------------------------------------------------------------------------
# cases
# --------------------------------------------------------------------------
# values: "int" -> small integers, "uniform" -> U[-2, 2]
# loss:   "grad_output" | "target" | None (default loss 1/2 ||z||^2)
# padding: None means "omit the key from CASE.json" (defaults to 0)
CASES = [
    dict(name="seed_5x5_k3_s2", seed=101, c_in=1, hw=(5, 5), c_out=1,
         k=(3, 3), s=(2, 2), p=None, values="int", loss="grad_output"),
    dict(name="remainder_both_axes", seed=102, c_in=2, hw=(6, 8), c_out=3,
         k=(3, 3), s=(2, 2), p=None, values="uniform", loss="target"),
    dict(name="rect_kernel_rect_stride", seed=103, c_in=2, hw=(5, 7), c_out=2,
         k=(2, 3), s=(1, 2), p=None, values="uniform", loss=None),
    dict(name="padding_asymmetric", seed=104, c_in=2, hw=(5, 5), c_out=2,
         k=(3, 3), s=(2, 2), p=(1, 2), values="uniform", loss="grad_output"),
    dict(name="cin_ne_cout", seed=105, c_in=3, hw=(6, 6), c_out=5,
         k=(3, 3), s=(1, 1), p=(0, 0), values="int", loss="grad_output"),
    dict(name="kernel_1x1", seed=106, c_in=3, hw=(5, 5), c_out=2,
         k=(1, 1), s=(2, 2), p=None, values="uniform", loss=None),
    dict(name="kernel_equals_input", seed=107, c_in=2, hw=(4, 4), c_out=3,
         k=(4, 4), s=(1, 1), p=(0, 0), values="uniform", loss="target"),
    # H=9, W=10 (not 8x8): with k=2, s=3 an 8-wide input has no remainder;
    # 9 and 10 give gap rows/cols *and* rho = (1, 2).
    dict(name="stride_gt_kernel", seed=108, c_in=2, hw=(9, 10), c_out=2,
         k=(2, 2), s=(3, 3), p=None, values="uniform", loss="grad_output"),
    dict(name="padding_remainder_rect", seed=109, c_in=2, hw=(7, 6), c_out=3,
         k=(3, 2), s=(3, 2), p=(2, 1), values="uniform", loss="target"),
    dict(name="stride_gt_kernel_with_padding", seed=110, c_in=2, hw=(7, 7),
         c_out=2, k=(1, 1), s=(3, 3), p=(1, 1), values="uniform", loss=None),
    # ---- dilation and groups (d: dilation, g: groups; written only when given)
    dict(name="dilation_no_remainder", seed=111, c_in=1, hw=(7, 7), c_out=2,
         k=(3, 3), s=(1, 1), p=None, d=(2, 2), values="int", loss="grad_output"),
    dict(name="dilation_remainder", seed=112, c_in=2, hw=(10, 9), c_out=2,
         k=(3, 2), s=(2, 2), p=None, d=(2, 3), values="uniform", loss="target"),
    # rho1 = 3 >= D1 = 2: weight_positions beyond k1 (positions of no weight)
    dict(name="dilation_remainder_ge_dilation", seed=113, c_in=2, hw=(14, 11),
         c_out=2, k=(2, 2), s=(4, 3), p=None, d=(2, 2), values="uniform",
         loss=None),
    dict(name="groups_2", seed=114, c_in=4, hw=(6, 6), c_out=6, k=(3, 3),
         s=(1, 1), p=(0, 0), g=2, values="int", loss="grad_output"),
    dict(name="depthwise", seed=115, c_in=3, hw=(7, 6), c_out=3, k=(3, 3),
         s=(2, 1), p=(1, 1), g=3, values="uniform", loss="target"),
    dict(name="dilation_groups_padding", seed=116, c_in=4, hw=(8, 9), c_out=4,
         k=(3, 3), s=(2, 2), p=(2, 1), d=(2, 2), g=2, values="uniform",
         loss="grad_output"),
    dict(name="rect_everything", seed=117, c_in=6, hw=(9, 11), c_out=3,
         k=(2, 3), s=(2, 3), p=(1, 2), d=(3, 2), g=3, values="uniform",
         loss="target"),
]

# ConvTranspose2d cases: input x [C_in][H][W], weight [C_in][C_out/g][k1][k2],
# output_padding op < max(s, D). "mode": "transposed" in CASE.json.
TRANSPOSED_CASES = [
    dict(name="transposed_s3_op0", seed=201, c_in=2, hw=(3, 4), c_out=3,
         k=(3, 2), s=(3, 3), p=(1, 0), op=(0, 0), d=(1, 1), g=1,
         values="uniform", loss="target"),
    dict(name="transposed_s3_op1", seed=202, c_in=2, hw=(3, 4), c_out=3,
         k=(3, 2), s=(3, 3), p=(1, 0), op=(1, 1), d=(1, 1), g=1,
         values="uniform", loss="grad_output"),
    dict(name="transposed_s3_op2", seed=203, c_in=2, hw=(3, 4), c_out=3,
         k=(3, 2), s=(3, 3), p=(1, 0), op=(2, 2), d=(1, 1), g=1,
         values="int", loss=None),
    dict(name="transposed_dilation_groups", seed=204, c_in=4, hw=(4, 3),
         c_out=6, k=(3, 3), s=(2, 1), p=(1, 1), op=(1, 0), d=(2, 2), g=2,
         values="uniform", loss="target"),
    # op1 = 1 >= s1 = 1 is allowed because D1 = 2 > s1
    dict(name="transposed_op_ge_stride", seed=205, c_in=2, hw=(4, 4), c_out=2,
         k=(2, 3), s=(1, 1), p=(0, 1), op=(1, 2), d=(2, 3), g=2,
         values="uniform", loss="grad_output"),
]


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def draw(gen, shape, values, lo=-2, hi=2):
    if values == "int":
        return torch.randint(lo, hi + 1, shape, generator=gen).to(DTYPE)
    return torch.rand(shape, generator=gen, dtype=DTYPE) * (hi - lo) + lo


def assert_close(name, a, b, tol=TOL):
    assert a.shape == b.shape, f"{name}: shape {tuple(a.shape)} vs {tuple(b.shape)}"
    err = (a - b).abs().max().item() if a.numel() else 0.0
    assert err <= tol, f"{name}: max abs diff {err:g} > {tol:g}"


def to_list(t):
    """Nested Python floats; -0.0 normalised to 0.0; finite values only."""
    t = t.detach().to(DTYPE) + 0.0
    assert torch.isfinite(t).all(), "non-finite value in fixture"
    return t.tolist()


def dumps(obj, indent=0):
    """JSON with the innermost number lists on one line (small, readable).

    Floats go through json.dumps -> repr, which round-trips exactly."""
    pad = " " * indent
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f'{pad} {json.dumps(k)}: {dumps(v, indent + 1).lstrip()}'
                 for k, v in obj.items()]
        return pad + "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list) and any(isinstance(v, (list, dict)) for v in obj):
        items = [dumps(v, indent + 1) for v in obj]
        return pad + "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return pad + json.dumps(obj, allow_nan=False)


def write(path, obj):
    text = dumps(obj) + "\n"
    json.loads(text)  # sanity: valid JSON
    with open(path, "w") as f:
        f.write(text)
    return len(text)


def swap_in_out(wt, g):
    """[C_out][C_in/g][k1][k2] -> [C_in][C_out/g][k1][k2], group by group:
    the kernel of the correlation that runs from C_out channels back to C_in."""
    c_out, cig, k1, k2 = wt.shape
    cog = c_out // g
    return (wt.reshape(g, cog, cig, k1, k2).transpose(1, 2)
            .reshape(g * cig, cog, k1, k2).contiguous())


def loss_and_delta(kind, z, extra):
    if kind == "grad_output":
        return (z * extra).sum(), extra.clone()
    if kind == "target":
        return 0.5 * ((z - extra) ** 2).sum(), z - extra
    return 0.5 * (z ** 2).sum(), z.clone()


# --------------------------------------------------------------------------
# one case
# --------------------------------------------------------------------------
def build(case):
    gen = torch.Generator().manual_seed(case["seed"])
    c_in, c_out = case["c_in"], case["c_out"]
    H, W = case["hw"]
    k1, k2 = case["k"]
    s1, s2 = case["s"]
    p1, p2 = case["p"] if case["p"] is not None else (0, 0)
    D1, D2 = case.get("d", (1, 1))
    g = case.get("g", 1)
    vals = case["values"]

    Hp, Wp = H + 2 * p1, W + 2 * p2
    K1, K2 = (k1 - 1) * D1 + 1, (k2 - 1) * D2 + 1  # dilated kernel extent
    Ho, Wo = (Hp - K1) // s1 + 1, (Wp - K2) // s2 + 1
    rho1, rho2 = (Hp - K1) % s1, (Wp - K2) % s2
    stride, padding, dilation = (s1, s2), (p1, p2), (D1, D2)
    cig, cog = c_in // g, c_out // g
    conv = dict(stride=stride, padding=padding, dilation=dilation, groups=g)

    x = draw(gen, (c_in, H, W), vals, -3, 3)
    w = draw(gen, (c_out, cig, k1, k2), vals)
    b = draw(gen, (c_out,), vals)
    extra = None
    if case["loss"] is not None:
        extra = draw(gen, (c_out, Ho, Wo), vals)

    # ---- forward ---------------------------------------------------------
    # conv2d accepts unbatched (C,H,W) input in torch >= 1.13
    z = F.conv2d(x, w, b, **conv)
    assert z.shape == (c_out, Ho, Wo), z.shape
    z4 = F.conv2d(x[None], w, b, **conv)[0]
    assert_close("z unbatched vs batched", z, z4, 0.0)

    if case["loss"] == "grad_output":
        delta = extra.clone()
        loss = (z * delta).sum()
    elif case["loss"] == "target":
        delta = z - extra
        loss = 0.5 * ((z - extra) ** 2).sum()
    else:
        delta = z.clone()
        loss = 0.5 * (z ** 2).sum()

    # ---- torch.nn.grad helpers (need a batch axis) -----------------------
    gi = torch.nn.grad.conv2d_input((1, c_in, H, W), w, delta[None],
                                    stride, padding, dilation, g)[0]
    gw = torch.nn.grad.conv2d_weight(x[None], w.shape, delta[None],
                                     stride, padding, dilation, g)
    gb = delta.sum(dim=(1, 2))

    # ---- autograd --------------------------------------------------------
    xa = x.clone().requires_grad_(True)
    wa = w.clone().requires_grad_(True)
    ba = b.clone().requires_grad_(True)
    za = F.conv2d(xa, wa, ba, **conv)
    if case["loss"] == "grad_output":
        La = (za * extra).sum()
    elif case["loss"] == "target":
        La = 0.5 * ((za - extra) ** 2).sum()
    else:
        La = 0.5 * (za ** 2).sum()
    La.backward()
    assert abs(La.item() - loss.item()) <= TOL * max(1.0, abs(loss.item()))
    assert_close("grad_input helper vs autograd", gi, xa.grad)
    assert_close("grad_weight helper vs autograd", gw, wa.grad)
    assert_close("grad_bias vs autograd", gb, ba.grad)

    # ---- explicit intermediates -----------------------------------------
    # input_padded: zeros with x in the interior
    xp = torch.zeros(c_in, Hp, Wp, dtype=DTYPE)
    xp[:, p1:p1 + H, p2:p2 + W] = x
    assert_close("input_padded vs F.pad", xp, F.pad(x, (p2, p2, p1, p1)), 0.0)
    assert_close("conv(input_padded) == z",
                 F.conv2d(xp, w, b, stride=stride, dilation=dilation, groups=g), z)

    # dilated delta: delta[d,i,j] at [d, i*s1, j*s2]
    Hd, Wd = (Ho - 1) * s1 + 1, (Wo - 1) * s2 + 1
    dil = torch.zeros(c_out, Hd, Wd, dtype=DTYPE)
    dil[:, ::s1, ::s2] = delta
    assert dil.shape == (c_out, Hd, Wd)
    assert Hd == Hp - K1 - rho1 + 1 and Wd == Wp - K2 - rho2 + 1

    # padded delta: (K-1) zeros on every side, plus rho at bottom / right
    Hpd, Wpd = Hp + K1 - 1, Wp + K2 - 1
    pdel = torch.zeros(c_out, Hpd, Wpd, dtype=DTYPE)
    pdel[:, K1 - 1:K1 - 1 + Hd, K2 - 1:K2 - 1 + Wd] = dil
    assert Hpd == 2 * (K1 - 1) + Hd + rho1 and Wpd == 2 * (K2 - 1) + Wd + rho2
    assert_close("pdel vs F.pad(dil)", pdel,
                 F.pad(dil, (K2 - 1, K2 - 1 + rho2, K1 - 1, K1 - 1 + rho1)), 0.0)

    # rot180 of every kernel slice, same OIHW layout
    wrot = torch.zeros_like(w)
    for m in range(k1):
        for n in range(k2):
            wrot[:, :, m, n] = w[:, :, k1 - 1 - m, k2 - 1 - n]
    assert_close("rot180 vs flip", wrot, torch.flip(w, dims=(2, 3)), 0.0)

    # full correlation: pdel (*) dilated rot180(W), in/out swapped within
    # each group -> C_in x Hp x Wp
    gip = F.conv2d(pdel, swap_in_out(wrot, g), dilation=dilation, groups=g)
    assert gip.shape == (c_in, Hp, Wp), gip.shape
    assert_close("grad_input_padded interior == grad_input",
                 gip[:, p1:p1 + H, p2:p2 + W], gi)
    # gradient w.r.t. the padded input via autograd
    xpa = xp.clone().requires_grad_(True)
    F.conv2d(xpa, w, b, stride=stride, dilation=dilation, groups=g).backward(delta)
    assert_close("grad_input_padded vs autograd on input_padded", gip, xpa.grad)
    # positions of the padded input never read by any window get zero gradient
    row_read = torch.zeros(Hp, dtype=torch.bool)
    col_read = torch.zeros(Wp, dtype=torch.bool)
    for i in range(Ho):
        row_read[i * s1:i * s1 + K1:D1] = True
    for j in range(Wo):
        col_read[j * s2:j * s2 + K2:D2] = True
    assert (gip[:, ~row_read, :] == 0).all() and (gip[:, :, ~col_read] == 0).all()
    assert not row_read[Hp - rho1:].any() and not col_read[Wp - rho2:].any()

    # grad_weight via the dilated delta slid over input_padded with stride D
    # (stride and dilation swap roles): corr(input_padded[c], dil[o])
    gw2 = torch.zeros_like(w)
    for o in range(c_out):
        group = xp[o // cog * cig:(o // cog + 1) * cig]
        pos = F.conv2d(group[:, None], dil[o][None, None], stride=dilation)
        gw2[o] = pos[:, 0, :k1, :k2]
    assert_close("grad_weight via dilated delta", gw2, gw)

    # ---- serialise -------------------------------------------------------
    case_json = {
        "input": to_list(x),
        "weight": to_list(w),
        "bias": to_list(b),
        "stride": [s1, s2],
    }
    if case["p"] is not None:
        case_json["padding"] = [p1, p2]
    if "d" in case:
        case_json["dilation"] = [D1, D2]
    if "g" in case:
        case_json["groups"] = g
    if case["loss"] is not None:
        case_json[case["loss"]] = to_list(extra)

    expected = {
        "shapes": {
            "input": [c_in, H, W],
            "input_padded": [c_in, Hp, Wp],
            "weight": [c_out, cig, k1, k2],
            "output": [c_out, Ho, Wo],
            "grad_output_dilated": [c_out, Hd, Wd],
            "grad_output_padded": [c_out, Hpd, Wpd],
        },
        "remainder": [rho1, rho2],
        "loss": loss.item() + 0.0,
        "output": to_list(z),
        "grad_output": to_list(delta),
        "grad_output_dilated": to_list(dil),
        "grad_output_padded": to_list(pdel),
        "weight_rot180": to_list(wrot),
        "input_padded": to_list(xp),
        "grad_input_padded": to_list(gip),
        "grad_input": to_list(gi),
        "grad_weight": to_list(gw),
        "grad_bias": to_list(gb),
    }
    assert math.isfinite(expected["loss"])

    n1 = write(os.path.join(OUT_DIR, case["name"] + ".case.json"), case_json)
    n2 = write(os.path.join(OUT_DIR, case["name"] + ".expected.json"), expected)
    assert n1 < 50_000 and n2 < 50_000, (n1, n2)

    print(f"{case['name']:32s} in={c_in}x{H}x{W} k={k1}x{k2} s={s1},{s2} "
          f"p={p1},{p2} D={D1},{D2} g={g} out={c_out}x{Ho}x{Wo} rho={rho1},{rho2} "
          f"loss={case['loss'] or 'default'}:{loss.item():.6g} "
          f"({n1 + n2} bytes) OK")


# --------------------------------------------------------------------------
# one transposed case
# --------------------------------------------------------------------------
def build_transposed(case):
    """ConvTranspose2d; its forward is eq 8 of the adjoint conv applied to x:
    zero insertion, the (K-1) frame plus op at the bottom/right, the rotated
    dilated kernel, the slide, then the crop of eq 9."""
    gen = torch.Generator().manual_seed(case["seed"])
    c_in, c_out, g = case["c_in"], case["c_out"], case["g"]
    H, W = case["hw"]
    k1, k2 = case["k"]
    s1, s2 = case["s"]
    p1, p2 = case["p"]
    o1, o2 = case["op"]
    D1, D2 = case["d"]
    vals = case["values"]
    K1, K2 = (k1 - 1) * D1 + 1, (k2 - 1) * D2 + 1
    Ho = (H - 1) * s1 - 2 * p1 + K1 + o1
    Wo = (W - 1) * s2 - 2 * p2 + K2 + o2
    args = dict(stride=(s1, s2), padding=(p1, p2), output_padding=(o1, o2),
                groups=g, dilation=(D1, D2))

    x = draw(gen, (c_in, H, W), vals, -3, 3)
    w = draw(gen, (c_in, c_out // g, k1, k2), vals)
    b = draw(gen, (c_out,), vals)
    extra = draw(gen, (c_out, Ho, Wo), vals) if case["loss"] else None

    y = F.conv_transpose2d(x[None], w, b, **args)[0]
    assert y.shape == (c_out, Ho, Wo), y.shape
    loss, gy = loss_and_delta(case["loss"], y, extra)

    xa = x.clone().requires_grad_(True)
    wa = w.clone().requires_grad_(True)
    ba = b.clone().requires_grad_(True)
    ya = F.conv_transpose2d(xa[None], wa, ba, **args)[0]
    La, _ = loss_and_delta(case["loss"], ya, extra)
    La.backward()
    assert abs(La.item() - loss.item()) <= TOL * max(1.0, abs(loss.item()))

    # The adjoint conv: input C_out x (Ho+2p) x (Wo+2p), output channels C_in.
    Hp, Wp = Ho + 2 * p1, Wo + 2 * p2
    rho1, rho2 = (Hp - K1) % s1, (Wp - K2) % s2
    Hc, Wc = (Hp - K1) // s1 + 1, (Wp - K2) // s2 + 1  # H + op div s
    xd = torch.zeros(c_in, Hc, Wc, dtype=DTYPE)
    xd[:, :H, :W] = x
    Hd, Wd = (Hc - 1) * s1 + 1, (Wc - 1) * s2 + 1
    dil = torch.zeros(c_in, Hd, Wd, dtype=DTYPE)
    dil[:, ::s1, ::s2] = xd
    framed = F.pad(dil, (K2 - 1, K2 - 1 + rho2, K1 - 1, K1 - 1 + rho1))
    wrot = torch.flip(w, dims=(2, 3))
    before_crop = F.conv2d(framed, swap_in_out(wrot, g), dilation=(D1, D2),
                           groups=g)
    assert before_crop.shape == (c_out, Hp, Wp)
    assert_close("crop(before_crop) + b == y",
                 before_crop[:, p1:p1 + Ho, p2:p2 + Wo] + b[:, None, None], y)
    # dL/dx is a plain strided conv of dL/dy (the adjoint conv's forward)
    gx = F.conv2d(gy, w, None, stride=(s1, s2), padding=(p1, p2),
                  dilation=(D1, D2), groups=g)[:, :H, :W]
    assert_close("grad_input: strided conv of grad_output", gx, xa.grad)

    case_json = {
        "mode": "transposed",
        "input": to_list(x),
        "weight": to_list(w),
        "bias": to_list(b),
        "stride": [s1, s2],
        "padding": [p1, p2],
        "output_padding": [o1, o2],
        "dilation": [D1, D2],
        "groups": g,
    }
    if case["loss"] is not None:
        case_json[case["loss"]] = to_list(extra)
    expected = {
        "mode": "transposed",
        "shapes": {
            "input": [c_in, H, W],
            "weight": [c_in, c_out // g, k1, k2],
            "output": [c_out, Ho, Wo],
        },
        "loss": loss.item() + 0.0,
        "output": to_list(y),
        "grad_output": to_list(gy),
        "grad_input": to_list(xa.grad),
        "grad_weight": to_list(wa.grad),
        "grad_bias": to_list(ba.grad),
        "input_dilated": to_list(dil),
        "input_framed": to_list(framed),
        "weight_rot180": to_list(wrot),
        "output_before_crop": to_list(before_crop),
    }
    n1 = write(os.path.join(OUT_DIR, case["name"] + ".case.json"), case_json)
    n2 = write(os.path.join(OUT_DIR, case["name"] + ".expected.json"), expected)
    assert n1 < 50_000 and n2 < 50_000, (n1, n2)
    print(f"{case['name']:32s} transposed in={c_in}x{H}x{W} k={k1}x{k2} "
          f"s={s1},{s2} p={p1},{p2} op={o1},{o2} D={D1},{D2} g={g} "
          f"out={c_out}x{Ho}x{Wo} ({n1 + n2} bytes) OK")


def main():
    torch.set_default_dtype(DTYPE)
    print(f"torch {torch.__version__}, python {sys.version.split()[0]}")
    names = [c["name"] for c in CASES + TRANSPOSED_CASES]
    assert len(set(names)) == len(names)
    for case in CASES:
        build(case)
    for case in TRANSPOSED_CASES:
        build_transposed(case)
    print(f"{len(names)} cases written to {OUT_DIR}")


if __name__ == "__main__":
    main()
