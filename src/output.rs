//! Write stage: the whole site goes into a fresh temporary folder next to the output
//! folder, and only when everything is written is it swapped into place. A failed or
//! interrupted build therefore never leaves a half-written site: the previous output stays
//! as it was until the final rename.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A file to put in the output.
pub enum Item {
    /// Generated content.
    Bytes(String, Vec<u8>),
    /// A file copied from the site or theme.
    Copy(PathBuf, String),
}

impl Item {
    pub fn path(&self) -> &str {
        match self {
            Item::Bytes(p, _) | Item::Copy(_, p) => p,
        }
    }
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Write `items` as the new content of `out`, atomically replacing what was there.
pub fn write_atomic(out: &Path, items: &[Item]) -> io::Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let tmp = sibling(out, "new");
    if tmp.exists() {
        fs::remove_dir_all(&tmp)?;
    }
    let result = (|| {
        fs::create_dir_all(&tmp)?;
        for item in items {
            let rel = item.path();
            // Output paths are made by tsunagu from checked names; refuse anything else.
            if rel.split('/').any(|s| s == ".." || s.is_empty()) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("bad output path {rel}"),
                ));
            }
            let dest = tmp.join(rel);
            if let Some(d) = dest.parent() {
                fs::create_dir_all(d)?;
            }
            match item {
                Item::Bytes(_, bytes) => fs::write(&dest, bytes)?,
                Item::Copy(src, _) => {
                    fs::copy(src, &dest)?;
                }
            }
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    // Swap: old → trash, new → out, then delete the trash.
    let trash = sibling(out, "old");
    let had_old = out.exists();
    if had_old {
        if trash.exists() {
            fs::remove_dir_all(&trash)?;
        }
        fs::rename(out, &trash)?;
    }
    if let Err(e) = fs::rename(&tmp, out) {
        if had_old {
            let _ = fs::rename(&trash, out);
        }
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if had_old {
        fs::remove_dir_all(&trash)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_output_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomic(&out, &[Item::Bytes("a/index.html".into(), b"one".to_vec())]).unwrap();
        write_atomic(&out, &[Item::Bytes("b.html".into(), b"two".to_vec())]).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"two");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary folders left behind");
    }

    #[test]
    fn a_failed_write_leaves_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomic(&out, &[Item::Bytes("index.html".into(), b"old".to_vec())]).unwrap();
        let missing = dir.path().join("does-not-exist.css");
        let err = write_atomic(
            &out,
            &[
                Item::Bytes("index.html".into(), b"new".to_vec()),
                Item::Copy(missing, "style.css".into()),
            ],
        );
        assert!(err.is_err());
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
