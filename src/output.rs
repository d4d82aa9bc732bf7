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

/// Remove what builds killed before the end left next to `out`: `.NAME.new-PID` and
/// `.NAME.old-PID` folders of processes that are no longer running.
fn remove_leftovers(out: &Path, parent: &Path) {
    let Some(name) = out.file_name().map(|n| n.to_string_lossy().to_string()) else {
        return;
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().to_string();
        let Some(rest) = file.strip_prefix(&format!(".{name}.")) else {
            continue;
        };
        let pid = match rest.split_once('-') {
            Some(("new" | "old", pid)) => pid.parse::<u32>().ok(),
            _ => None,
        };
        let Some(pid) = pid else { continue };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(not(target_os = "linux"))]
fn process_alive(_pid: u32) -> bool {
    // No cheap portable check: assume a leftover of a finished build.
    false
}

/// Atomically exchange two folders (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::{CString, c_char, c_int, c_uint};
    use std::os::unix::ffi::OsStrExt;
    unsafe extern "C" {
        fn renameat2(
            olddirfd: c_int,
            oldpath: *const c_char,
            newdirfd: c_int,
            newpath: *const c_char,
            flags: c_uint,
        ) -> c_int;
    }
    const AT_FDCWD: c_int = -100;
    const RENAME_EXCHANGE: c_uint = 2;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let r = unsafe { renameat2(AT_FDCWD, a.as_ptr(), AT_FDCWD, b.as_ptr(), RENAME_EXCHANGE) };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Write `items` as the new content of `out`, atomically replacing what was there.
pub fn write_atomic(out: &Path, items: &[Item]) -> io::Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    remove_leftovers(out, parent);
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
    // Swap: old → trash, new → out, then delete the trash. On Linux the two folders are
    // exchanged in one step, so `out` exists at every moment (a build killed between two
    // renames would otherwise leave no output at all).
    let trash = sibling(out, "old");
    let had_old = out.exists();
    if had_old && exchange(&tmp, out).is_ok() {
        // `tmp` now holds the previous output.
        fs::remove_dir_all(&tmp)?;
        return Ok(());
    }
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
