//! A pure-Rust f32 encoder: the same post-LayerNorm BERT layers as the ONNX graph of
//! [`super::onnx`], used when ONNX Runtime is absent or does not load.
//!
//! Per layer, for one sequence `x` of `[seq, hidden]` (no padding, so no mask):
//! `x1 = LN(x + AO(Attn(x)))`, `x2 = LN(x1 + FO(GELU(FI(x1))))` with exact (erf) GELU;
//! attention is `softmax(QKᵀ/√d)·V` per head. The Linears and both attention products are
//! `matrixmultiply::sgemm` calls on weights transposed at load from the file's `[out, in]` to
//! `[in, out]` row-major, Q, K and V side by side in one `[hidden, 3·hidden]` matrix.

use super::model::ModelFile;
use crate::EmbedError;

/// One encoder layer's weights, matrices `[in, out]` row-major.
struct Layer {
    qkv_w: Vec<f32>,
    qkv_b: Vec<f32>,
    ao_w: Vec<f32>,
    ao_b: Vec<f32>,
    aln_w: Vec<f32>,
    aln_b: Vec<f32>,
    fi_w: Vec<f32>,
    fi_b: Vec<f32>,
    fo_w: Vec<f32>,
    fo_b: Vec<f32>,
    oln_w: Vec<f32>,
    oln_b: Vec<f32>,
}

/// The encoder layers in f32.
pub struct CpuEncoder {
    layers: Vec<Layer>,
    hidden: usize,
    heads: usize,
    ffn: usize,
    eps: f32,
}

fn err(msg: impl Into<String>) -> EmbedError {
    EmbedError::Model(format!("cpu encoder: {}", msg.into()))
}

impl CpuEncoder {
    /// The layers of an opened model file (dequantised to f32).
    pub fn from_model(model: &ModelFile) -> Result<Self, EmbedError> {
        let d = model.dims;
        Self::from_weights(d.hidden, d.layers, d.heads, d.ffn, d.eps, &mut |name| model.tensor_f32(name))
    }

    /// The layers from `weight(name)`, which returns a tensor (`lN.q.w`, `lN.q.b`, … as in the
    /// model file) as f32, matrices `[out, in]` row-major.
    pub fn from_weights(
        hidden: usize,
        layers: usize,
        heads: usize,
        ffn: usize,
        eps: f32,
        weight: &mut dyn FnMut(&str) -> Result<Vec<f32>, EmbedError>,
    ) -> Result<Self, EmbedError> {
        let (h, f) = (hidden, ffn);
        if h == 0 || f == 0 || heads == 0 || !h.is_multiple_of(heads) {
            return Err(err("hidden size must be a positive multiple of heads"));
        }
        let mut fetch = |name: String, len: usize| -> Result<Vec<f32>, EmbedError> {
            let v = weight(&name)?;
            if v.len() != len {
                return Err(err(format!("tensor {name} has {} values, expected {len}", v.len())));
            }
            Ok(v)
        };
        // [out, in] -> [in, out].
        let t = |w: Vec<f32>, out: usize| -> Vec<f32> {
            let inp = w.len() / out;
            let mut r = vec![0f32; w.len()];
            for (o, row) in w.chunks_exact(inp).enumerate() {
                for (i, &v) in row.iter().enumerate() {
                    r[i * out + o] = v;
                }
            }
            r
        };
        let mut out = Vec::with_capacity(layers);
        for l in 0..layers {
            let mut qkv_w = Vec::with_capacity(3 * h * h);
            let mut qkv_b = Vec::with_capacity(3 * h);
            for part in ["q", "k", "v"] {
                qkv_w.extend(fetch(format!("l{l}.{part}.w"), h * h)?);
                qkv_b.extend(fetch(format!("l{l}.{part}.b"), h)?);
            }
            out.push(Layer {
                qkv_w: t(qkv_w, 3 * h),
                qkv_b,
                ao_w: t(fetch(format!("l{l}.ao.w"), h * h)?, h),
                ao_b: fetch(format!("l{l}.ao.b"), h)?,
                aln_w: fetch(format!("l{l}.aln.w"), h)?,
                aln_b: fetch(format!("l{l}.aln.b"), h)?,
                fi_w: t(fetch(format!("l{l}.fi.w"), f * h)?, f),
                fi_b: fetch(format!("l{l}.fi.b"), f)?,
                fo_w: t(fetch(format!("l{l}.fo.w"), h * f)?, h),
                fo_b: fetch(format!("l{l}.fo.b"), h)?,
                oln_w: fetch(format!("l{l}.oln.w"), h)?,
                oln_b: fetch(format!("l{l}.oln.b"), h)?,
            });
        }
        Ok(CpuEncoder { layers: out, hidden, heads, ffn, eps })
    }

    /// Applies all layers in place to `hidden`, the embedded (and LayerNormed) tokens of one
    /// sequence, `[seq, hidden]` row-major, every token attended (no padding).
    pub fn forward(&self, hidden: &mut [f32], seq: usize) {
        let (h, f) = (self.hidden, self.ffn);
        assert_eq!(hidden.len(), seq * h, "hidden must be [seq, hidden]");
        if seq == 0 {
            return;
        }
        let dh = h / self.heads;
        let scale = 1.0 / (dh as f32).sqrt();
        let mut qkv = vec![0f32; seq * 3 * h];
        let mut scores = vec![0f32; seq * seq];
        let mut ctx = vec![0f32; seq * h];
        let mut tmp = vec![0f32; seq * h];
        let mut inner = vec![0f32; seq * f];
        for layer in &self.layers {
            // Self-attention.
            linear(hidden, seq, h, &layer.qkv_w, &layer.qkv_b, 3 * h, &mut qkv);
            for head in 0..self.heads {
                let (q, k, v) = (head * dh, h + head * dh, 2 * h + head * dh);
                // scores[i, j] = scale · Σ_c q[i, c] k[j, c]
                // SAFETY: every index touched is inside `qkv` ([seq, 3h], columns < 3h since
                // the head offsets plus dh stay within their h-wide block) and `scores`
                // ([seq, seq]), both of the sizes allocated above.
                unsafe {
                    matrixmultiply::sgemm(
                        seq,
                        dh,
                        seq,
                        scale,
                        qkv.as_ptr().add(q),
                        (3 * h) as isize,
                        1,
                        qkv.as_ptr().add(k),
                        1,
                        (3 * h) as isize,
                        0.0,
                        scores.as_mut_ptr(),
                        seq as isize,
                        1,
                    );
                }
                for row in scores.chunks_exact_mut(seq) {
                    softmax(row);
                }
                // ctx[i, head·dh + c] = Σ_j p[i, j] v[j, c]
                // SAFETY: as above; `ctx` is [seq, h] and the head's columns are < h.
                unsafe {
                    matrixmultiply::sgemm(
                        seq,
                        seq,
                        dh,
                        1.0,
                        scores.as_ptr(),
                        seq as isize,
                        1,
                        qkv.as_ptr().add(v),
                        (3 * h) as isize,
                        1,
                        0.0,
                        ctx.as_mut_ptr().add(q),
                        h as isize,
                        1,
                    );
                }
            }
            linear(&ctx, seq, h, &layer.ao_w, &layer.ao_b, h, &mut tmp);
            add_layer_norm(&tmp, hidden, &layer.aln_w, &layer.aln_b, self.eps);

            // Feed-forward.
            linear(hidden, seq, h, &layer.fi_w, &layer.fi_b, f, &mut inner);
            inner.iter_mut().for_each(|x| *x = gelu(*x));
            linear(&inner, seq, f, &layer.fo_w, &layer.fo_b, h, &mut tmp);
            add_layer_norm(&tmp, hidden, &layer.oln_w, &layer.oln_b, self.eps);
        }
    }
}

/// `y = x · w + b` with `x` `[m, k]`, `w` `[k, n]`, `y` `[m, n]`, all row-major.
fn linear(x: &[f32], m: usize, k: usize, w: &[f32], b: &[f32], n: usize, y: &mut [f32]) {
    assert!(x.len() == m * k && w.len() == k * n && b.len() == n && y.len() == m * n);
    for row in y.chunks_exact_mut(n) {
        row.copy_from_slice(b);
    }
    // SAFETY: the lengths are checked above; the strides describe exactly those buffers
    // (all three row-major).
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            x.as_ptr(),
            k as isize,
            1,
            w.as_ptr(),
            n as isize,
            1,
            1.0,
            y.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

/// `x = LN(x + y)` row by row (rows of `w.len()`), in place in `x`.
fn add_layer_norm(y: &[f32], x: &mut [f32], w: &[f32], b: &[f32], eps: f32) {
    let h = w.len();
    for (xr, yr) in x.chunks_exact_mut(h).zip(y.chunks_exact(h)) {
        xr.iter_mut().zip(yr).for_each(|(a, b)| *a += b);
        let mean = xr.iter().sum::<f32>() / h as f32;
        let var = xr.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / h as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, w), b) in xr.iter_mut().zip(w).zip(b) {
            *v = (*v - mean) * inv * w + b;
        }
    }
}

/// Softmax in place.
fn softmax(row: &mut [f32]) {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0f32;
    for v in row.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    let inv = 1.0 / sum;
    row.iter_mut().for_each(|v| *v *= inv);
}

/// Exact GELU, `x · Φ(x) = x/2 · erfc(−x/√2)`.
pub fn gelu(x: f32) -> f32 {
    0.5 * x * erfc(-x * std::f32::consts::FRAC_1_SQRT_2)
}

/// The complementary error function with fractional error below 1.2e-7 everywhere
/// (Numerical Recipes' `erfcc`, a Chebyshev fit of `erfc(z)·exp(z²)` in `t = 1/(1 + z/2)`),
/// evaluated in f64.
pub fn erfc(x: f32) -> f32 {
    let x = f64::from(x);
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98 + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * (-z * z + poly).exp();
    (if x >= 0.0 { r } else { 2.0 - r }) as f32
}

/// The error function, `1 − erfc(x)` (absolute error below 1.2e-7).
pub fn erf(x: f32) -> f32 {
    1.0 - erfc(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// erf by its Maclaurin series in f64 (accurate to ~1e-12 for |x| ≤ 3).
    fn erf_series(x: f64) -> f64 {
        let mut term = x;
        let mut sum = x;
        for n in 1..200 {
            term *= -x * x / n as f64;
            sum += term / (2 * n + 1) as f64;
        }
        sum * 2.0 / std::f64::consts::PI.sqrt()
    }

    #[test]
    fn erf_is_accurate() {
        let mut worst = 0f64;
        for i in -3000..=3000 {
            let xf = i as f32 / 1000.0;
            let (x, want) = (f64::from(xf), erf_series(f64::from(xf)));
            // erfc relatively where it is small (x > 0.5), erf absolutely elsewhere.
            let e = if x > 0.5 {
                (f64::from(erfc(xf)) - (1.0 - want)).abs() / (1.0 - want)
            } else {
                (f64::from(erf(xf)) - want).abs()
            };
            worst = worst.max(e);
        }
        assert!(worst < 4e-7, "worst error {worst}");
        assert_eq!(erf(0.0), 0.0);
        assert!((erf(10.0) - 1.0).abs() < 1e-7 && (erf(-10.0) + 1.0).abs() < 1e-7);
        assert!(erfc(10.0) > 0.0 && erfc(10.0) < 1e-40);
        // GELU values (PyTorch exact GELU).
        assert!((gelu(1.0) - 0.841_344_7).abs() < 1e-6);
        assert!((gelu(-1.0) + 0.158_655_25).abs() < 1e-6);
        assert!((gelu(-5.0) + 1.433_3e-6).abs() < 1e-9);
        assert_eq!(gelu(0.0), 0.0);
    }

    /// Naive reference of one layer on a tiny model (hidden 4, 2 heads, ffn 8).
    #[test]
    fn matches_a_naive_layer() {
        let (h, heads, f, seq) = (4usize, 2usize, 8usize, 3usize);
        let val = |name: &str, i: usize| ((name.len() * 7 + i * 13) % 11) as f32 * 0.1 - 0.5;
        let mut weight = |name: &str| -> Result<Vec<f32>, EmbedError> {
            let n = match name.rsplit_once('.').map(|(a, b)| (a.rsplit('.').next().unwrap_or(""), b)) {
                Some(("fi", "w")) | Some(("fo", "w")) => h * f,
                Some(("fi", "b")) => f,
                Some(("aln" | "oln", _)) => h,
                Some((_, "w")) => h * h,
                _ => h,
            };
            Ok((0..n).map(|i| val(name, i)).collect())
        };
        let enc = CpuEncoder::from_weights(h, 1, heads, f, 1e-12, &mut weight).expect("builds");
        let x: Vec<f32> = (0..seq * h).map(|i| (i as f32 * 0.37).sin()).collect();
        let mut got = x.clone();
        enc.forward(&mut got, seq);

        // Naive reference.
        let w = |name: &str| weight(name).expect("weight");
        let lin = |x: &[f32], wname: &str, bname: &str, k: usize, n: usize| -> Vec<f32> {
            let (wm, b) = (w(wname), w(bname));
            let mut y = vec![0f32; seq * n];
            for i in 0..seq {
                for o in 0..n {
                    y[i * n + o] = b[o] + (0..k).map(|c| x[i * k + c] * wm[o * k + c]).sum::<f32>();
                }
            }
            y
        };
        let ln = |x: &mut [f32], wn: &str, bn: &str| {
            let (lw, lb) = (w(wn), w(bn));
            for r in x.chunks_exact_mut(h) {
                let m = r.iter().sum::<f32>() / h as f32;
                let v = r.iter().map(|a| (a - m) * (a - m)).sum::<f32>() / h as f32;
                for c in 0..h {
                    r[c] = (r[c] - m) / (v + 1e-12).sqrt() * lw[c] + lb[c];
                }
            }
        };
        let (q, k, v) =
            (lin(&x, "l0.q.w", "l0.q.b", h, h), lin(&x, "l0.k.w", "l0.k.b", h, h), lin(&x, "l0.v.w", "l0.v.b", h, h));
        let dh = h / heads;
        let mut ctx = vec![0f32; seq * h];
        for hd in 0..heads {
            for i in 0..seq {
                let s: Vec<f32> = (0..seq)
                    .map(|j| {
                        (0..dh).map(|c| q[i * h + hd * dh + c] * k[j * h + hd * dh + c]).sum::<f32>()
                            / (dh as f32).sqrt()
                    })
                    .collect();
                let mx = s.iter().copied().fold(f32::MIN, f32::max);
                let e: Vec<f32> = s.iter().map(|a| (a - mx).exp()).collect();
                let z: f32 = e.iter().sum();
                for c in 0..dh {
                    ctx[i * h + hd * dh + c] = (0..seq).map(|j| e[j] / z * v[j * h + hd * dh + c]).sum();
                }
            }
        }
        let mut x1: Vec<f32> = lin(&ctx, "l0.ao.w", "l0.ao.b", h, h).iter().zip(&x).map(|(a, b)| a + b).collect();
        ln(&mut x1, "l0.aln.w", "l0.aln.b");
        let u: Vec<f32> = lin(&x1, "l0.fi.w", "l0.fi.b", h, f).into_iter().map(gelu).collect();
        let mut x2: Vec<f32> = {
            let (wm, b) = (w("l0.fo.w"), w("l0.fo.b"));
            (0..seq * h)
                .map(|idx| {
                    let (i, o) = (idx / h, idx % h);
                    b[o] + (0..f).map(|c| u[i * f + c] * wm[o * f + c]).sum::<f32>() + x1[idx]
                })
                .collect()
        };
        ln(&mut x2, "l0.oln.w", "l0.oln.b");
        for (a, b) in got.iter().zip(&x2) {
            assert!((a - b).abs() < 1e-4, "{got:?} vs {x2:?}");
        }
    }

    #[test]
    fn rejects_bad_shapes() {
        assert!(CpuEncoder::from_weights(6, 1, 4, 8, 1e-12, &mut |_| Ok(vec![])).is_err());
        assert!(CpuEncoder::from_weights(4, 1, 2, 8, 1e-12, &mut |_| Ok(vec![0.0; 3])).is_err());
    }
}
