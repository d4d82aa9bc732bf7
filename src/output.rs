//! Write stage: the whole site goes into a fresh temporary folder next to the output
//! folder, and only when everything is written is it swapped into place. A failed or
//! interrupted build therefore never leaves a half-written site: the previous output stays
//! as it was until the final rename.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

/// A file to put in the output. Generated content may be borrowed (the pages of a build
/// are written from where they are, not copied once more).
pub enum Item<'a> {
    /// Generated content.
    Bytes(Cow<'a, str>, Cow<'a, [u8]>),
    /// A file copied from the site or theme.
    Copy(PathBuf, String),
}

impl Item<'_> {
    pub fn path(&self) -> &str {
        match self {
            Item::Bytes(p, _) => p,
            Item::Copy(_, p) => p,
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

/// Output paths are made by tsunagu from checked names; refuse anything else.
fn check_path(rel: &str) -> io::Result<()> {
    if rel.split('/').any(|s| s == ".." || s.is_empty()) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("bad output path {rel}"),
        ));
    }
    Ok(())
}

/// Writes `items` into the fresh folder `tmp`: every folder created once (parents first),
/// then the files in parallel. When two items have the same path the later one wins.
fn write_all(tmp: &Path, items: &[Item]) -> io::Result<()> {
    let mut last: HashMap<&str, usize> = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let rel = item.path();
        check_path(rel)?;
        last.insert(rel, i);
    }
    // Every folder an item needs, ancestors included; sorted, a folder comes before the
    // folders inside it.
    let mut dirs: BTreeSet<&str> = BTreeSet::new();
    for rel in last.keys() {
        let mut end = rel.len();
        while let Some(slash) = rel[..end].rfind('/') {
            if !dirs.insert(&rel[..slash]) {
                break;
            }
            end = slash;
        }
    }
    for d in &dirs {
        match fs::create_dir(tmp.join(d)) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
            _ => {}
        }
    }
    items
        .par_iter()
        .enumerate()
        .filter(|(i, item)| last.get(item.path()) == Some(i))
        .try_for_each(|(_, item)| {
            let dest = tmp.join(item.path());
            match item {
                Item::Bytes(_, bytes) => fs::File::create(&dest)?.write_all(bytes),
                Item::Copy(src, _) => fs::copy(src, &dest).map(|_| ()),
            }
        })
}

/// The new content of an output folder while it is being written: a fresh temporary
/// folder next to it, swapped into place by [`Staging::commit`]. Dropped without a commit
/// (a failed build), the temporary folder is removed and the output stays as it was.
///
/// Files can be written one by one as they are made, from several threads at once, so a
/// build need not hold its whole site in memory; writing a path again replaces the file.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    /// Folders made so far (relative), so each is made once.
    dirs: Mutex<HashSet<String>>,
}

impl Staging {
    /// Start the new content of `out` (removing what killed builds left next to it).
    pub fn new(out: &Path) -> io::Result<Staging> {
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
        fs::create_dir_all(&tmp)?;
        Ok(Staging {
            out: out.to_path_buf(),
            tmp,
            dirs: Mutex::new(HashSet::new()),
        })
    }

    /// The output folder this will replace.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// The folder of `rel`, made if needed; `rel` checked.
    fn prepare(&self, rel: &str) -> io::Result<PathBuf> {
        check_path(rel)?;
        if let Some((dir, _)) = rel.rsplit_once('/') {
            let known = self.dirs.lock().map(|d| d.contains(dir)).unwrap_or(false);
            if !known {
                fs::create_dir_all(self.tmp.join(dir))?;
                if let Ok(mut d) = self.dirs.lock() {
                    d.insert(dir.to_string());
                }
            }
        }
        Ok(self.tmp.join(rel))
    }

    /// Write `bytes` as the file `rel` (a path relative to the output root).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let dest = self.prepare(rel)?;
        fs::File::create(&dest)?.write_all(bytes)
    }

    /// Copy the file `src` to `rel`.
    pub fn copy(&self, src: &Path, rel: &str) -> io::Result<()> {
        let dest = self.prepare(rel)?;
        fs::copy(src, &dest).map(|_| ())
    }

    /// Write `items` (in parallel; of two items with the same path the later one wins).
    pub fn write_items(&self, items: &[Item]) -> io::Result<()> {
        let mut last: HashMap<&str, usize> = HashMap::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            last.insert(item.path(), i);
        }
        items
            .par_iter()
            .enumerate()
            .filter(|(i, item)| last.get(item.path()) == Some(i))
            .try_for_each(|(_, item)| match item {
                Item::Bytes(rel, bytes) => self.write(rel, bytes),
                Item::Copy(src, rel) => self.copy(src, rel),
            })
    }

    /// Swap the new content into place.
    pub fn commit(self) -> io::Result<()> {
        swap_in(&self.tmp, &self.out)
    }
}

impl Drop for Staging {
    /// Not committed, or the swap failed: the new content goes (after a successful
    /// commit the temporary folder is gone already).
    fn drop(&mut self) {
        if self.tmp.exists() {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Write `items` as the new content of `out`, atomically replacing what was there.
pub fn write_atomic(out: &Path, items: &[Item]) -> io::Result<()> {
    let staging = Staging::new(out)?;
    write_all(&staging.tmp, items)?;
    staging.commit()
}

/// Put the finished folder `tmp` in the place of `out` (`tmp` is gone afterwards, or left
/// for the caller to remove on an error).
fn swap_in(tmp: &Path, out: &Path) -> io::Result<()> {
    // Swap: old → trash, new → out, then delete the trash. On Linux the two folders are
    // exchanged in one step, so `out` exists at every moment (a build killed between two
    // renames would otherwise leave no output at all).
    let trash = sibling(out, "old");
    let had_old = out.exists();
    if had_old && exchange(tmp, out).is_ok() {
        // `tmp` now holds the previous output.
        fs::remove_dir_all(tmp)?;
        return Ok(());
    }
    if had_old {
        if trash.exists() {
            fs::remove_dir_all(&trash)?;
        }
        fs::rename(out, &trash)?;
    }
    if let Err(e) = fs::rename(tmp, out) {
        if had_old {
            let _ = fs::rename(&trash, out);
        }
        let _ = fs::remove_dir_all(tmp);
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
        write_atomic(
            &out,
            &[Item::Bytes("a/index.html".into(), b"one"[..].into())],
        )
        .unwrap();
        write_atomic(&out, &[Item::Bytes("b.html".into(), b"two"[..].into())]).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"two");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary folders left behind");
    }

    #[test]
    fn nested_folders_and_the_later_of_two_same_paths() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomic(
            &out,
            &[
                Item::Bytes("a/b/c/index.html".into(), b"first"[..].into()),
                Item::Bytes("a/index.html".into(), b"a"[..].into()),
                Item::Bytes("a/b/c/index.html".into(), b"second"[..].into()),
                Item::Bytes("z.txt".into(), b"z"[..].into()),
            ],
        )
        .unwrap();
        assert_eq!(fs::read(out.join("a/b/c/index.html")).unwrap(), b"second");
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"a");
        assert_eq!(fs::read(out.join("z.txt")).unwrap(), b"z");
        let bad = write_atomic(&out, &[Item::Bytes("a/../x".into(), b"x"[..].into())]);
        assert!(bad.is_err());
        assert_eq!(fs::read(out.join("z.txt")).unwrap(), b"z");
    }

    #[test]
    fn a_failed_write_leaves_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomic(&out, &[Item::Bytes("index.html".into(), b"old"[..].into())]).unwrap();
        let missing = dir.path().join("does-not-exist.css");
        let err = write_atomic(
            &out,
            &[
                Item::Bytes("index.html".into(), b"new"[..].into()),
                Item::Copy(missing, "style.css".into()),
            ],
        );
        assert!(err.is_err());
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_staging_dropped_without_commit_leaves_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomic(&out, &[Item::Bytes("index.html".into(), b"old"[..].into())]).unwrap();
        let staging = Staging::new(&out).unwrap();
        staging.write("index.html", b"new").unwrap();
        staging.write("a/b/index.html", b"deep").unwrap();
        assert!(staging.write("../escape.html", b"x").is_err());
        drop(staging);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        assert!(!out.join("a").exists());
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary folder"
        );
    }

    #[test]
    fn files_written_from_many_threads_are_swapped_in_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomic(&out, &[Item::Bytes("stale.html".into(), b"old"[..].into())]).unwrap();
        let staging = Staging::new(&out).unwrap();
        staging
            .write_items(&[
                Item::Bytes("style.css".into(), b"static"[..].into()),
                Item::Bytes("x/index.html".into(), b"static page"[..].into()),
            ])
            .unwrap();
        (0..200usize).into_par_iter().for_each(|i| {
            let rel = format!("p/{}/{i}/index.html", i % 7);
            staging.write(&rel, i.to_string().as_bytes()).unwrap();
        });
        // A page written after a static file of the same path replaces it.
        staging.write("x/index.html", b"page").unwrap();
        assert!(!out.join("p").exists(), "nothing visible before the commit");
        staging.commit().unwrap();
        for i in [0usize, 6, 7, 199] {
            let rel = format!("p/{}/{i}/index.html", i % 7);
            assert_eq!(fs::read(out.join(rel)).unwrap(), i.to_string().as_bytes());
        }
        assert_eq!(fs::read(out.join("x/index.html")).unwrap(), b"page");
        assert_eq!(fs::read(out.join("style.css")).unwrap(), b"static");
        assert!(!out.join("stale.html").exists());
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary folder"
        );
    }
}
