//! Write stage: the whole site goes into a temporary folder next to the output folder,
//! and only when everything is written is it swapped into place. A failed or interrupted
//! build therefore never leaves a half-written site: the previous output stays as it was
//! until the final rename.
//!
//! The output the swap replaces is not deleted but kept beside it as `.NAME.prev`, and the
//! next build writes over it: its files are rewritten in place, the ones the build no
//! longer makes are removed, and it is swapped in again. A rebuild therefore creates and
//! deletes (almost) no files. That is cheaper on every file system, and on ext4 without a
//! journal much cheaper: there every new file looks past each inode freed in the last
//! minutes, so deleting a 30,000-file output and writing a new one took more time than the
//! build itself (10,000 pages: 84 % of the build's CPU time was that search).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
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

fn out_name(out: &Path) -> String {
    out.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into())
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    out.with_file_name(format!(".{}.{tag}-{}", out_name(out), std::process::id()))
}

/// Where the output a build replaced is kept for the next build to write over.
pub fn previous(out: &Path) -> PathBuf {
    out.with_file_name(format!(".{}.prev", out_name(out)))
}

/// The files and folders of a folder about to be written over (a previous output, a
/// generated corpus), relative to it, so that what the new content does not have can be
/// removed afterwards: files are rewritten in place instead of deleted and created again.
/// Anything else in it (a symbolic link, a socket, a name that is not UTF-8: nothing
/// tsunagu makes) is removed by the scan, so that writing never follows a link out.
#[derive(Default)]
pub struct Existing {
    files: Vec<String>,
    dirs: Vec<String>,
}

impl Existing {
    /// What `root` holds (nothing if it does not exist).
    pub fn scan(root: &Path) -> io::Result<Existing> {
        let mut found = Existing::default();
        if !root.is_dir() {
            return Ok(found);
        }
        let mut walk = walkdir::WalkDir::new(root).min_depth(1).into_iter();
        while let Some(entry) = walk.next() {
            let entry = entry.map_err(io::Error::other)?;
            let kind = entry.file_type();
            let rel = entry
                .path()
                .strip_prefix(root)
                .ok()
                .and_then(|r| r.to_str())
                .map(|r| r.replace(std::path::MAIN_SEPARATOR, "/"));
            match rel {
                Some(rel) if kind.is_file() => found.files.push(rel),
                Some(rel) if kind.is_dir() => found.dirs.push(rel),
                _ => {
                    if kind.is_dir() {
                        walk.skip_current_dir();
                        fs::remove_dir_all(entry.path())?;
                    } else {
                        fs::remove_file(entry.path())?;
                    }
                }
            }
        }
        Ok(found)
    }

    /// Remove the files `keep` does not name (relative paths with `/`), then the folders
    /// left empty.
    pub fn remove_unwritten(&self, root: &Path, keep: impl Fn(&str) -> bool) -> io::Result<()> {
        for rel in &self.files {
            let path = root.join(rel);
            // Not there any more, or a folder now (or inside what is a file now): the new
            // content's own.
            if !keep(rel) && fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir()) {
                fs::remove_file(&path)?;
            }
        }
        // A parent comes before its children in the walk; the reverse empties children
        // first. A folder still holding files fails to go, as it should.
        for rel in self.dirs.iter().rev() {
            let _ = fs::remove_dir(root.join(rel));
        }
        Ok(())
    }
}

/// Clear what builds killed before the end left next to `out`: `.NAME.new-PID` and
/// `.NAME.old-PID` folders of processes that are no longer running. The first becomes the
/// spare the next build writes over if there is none (its content does not matter: what
/// a build does not write is removed), the others are removed.
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
            keep_or_remove(&entry.path(), out);
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

/// The new content of an output folder while it is being written: a temporary folder
/// next to it (the previous build's output when there is one, written over), swapped into
/// place by [`Staging::commit`]. Dropped without a commit (a failed build), the temporary
/// folder goes back to being the previous output's spare, and the output stays as it was.
///
/// Files can be written one by one as they are made, from several threads at once, so a
/// build need not hold its whole site in memory; writing a path again replaces the file.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    /// Folders made so far (relative), so each is made once.
    dirs: Mutex<HashSet<String>>,
    /// Written over a previous output: what it held, and the files written since (what
    /// is not among them is removed before the swap).
    recycled: Option<(Existing, Mutex<HashSet<String>>)>,
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
        // The previous output, if it is there and no other build has taken it.
        let mut recycled = None;
        let prev = previous(out);
        let prev_is_dir = prev.symlink_metadata().is_ok_and(|m| m.is_dir());
        if prev_is_dir && fs::rename(&prev, &tmp).is_ok() {
            match Existing::scan(&tmp) {
                Ok(found) => recycled = Some((found, Mutex::new(HashSet::new()))),
                Err(_) => fs::remove_dir_all(&tmp)?,
            }
        }
        if recycled.is_none() {
            fs::create_dir_all(&tmp)?;
        }
        Ok(Staging {
            out: out.to_path_buf(),
            tmp,
            dirs: Mutex::new(HashSet::new()),
            recycled,
        })
    }

    /// The output folder this will replace.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// The folder of `rel`, made if needed; `rel` checked. Over a previous output, a file
    /// in the place of one of its folders is removed, as is a folder in the place of the
    /// file itself.
    fn prepare(&self, rel: &str) -> io::Result<PathBuf> {
        check_path(rel)?;
        if let Some((dir, _)) = rel.rsplit_once('/') {
            let known = self.dirs.lock().map(|d| d.contains(dir)).unwrap_or(false);
            if !known {
                if let Err(e) = fs::create_dir_all(self.tmp.join(dir)) {
                    if self.recycled.is_none() {
                        return Err(e);
                    }
                    let mut end = 0;
                    for part in dir.split('/') {
                        end += part.len();
                        let at = self.tmp.join(&dir[..end]);
                        if at.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
                            // Another thread writing into the same folder may have
                            // removed it a moment ago.
                            match fs::remove_file(&at) {
                                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                                _ => {}
                            }
                        }
                        end += 1;
                    }
                    fs::create_dir_all(self.tmp.join(dir))?;
                }
                if let Ok(mut d) = self.dirs.lock() {
                    d.insert(dir.to_string());
                }
            }
        }
        let dest = self.tmp.join(rel);
        if let Some((_, written)) = &self.recycled {
            match dest.symlink_metadata() {
                Ok(m) if m.is_dir() => fs::remove_dir_all(&dest)?,
                // A file with another name elsewhere (a copy made with `cp -al`): writing
                // over it would change that one too, so it is made anew.
                Ok(m) if links(&m) > 1 => fs::remove_file(&dest)?,
                _ => {}
            }
            if let Ok(mut w) = written.lock() {
                w.insert(rel.to_string());
            }
        }
        Ok(dest)
    }

    /// Write `bytes` as the file `rel` (a path relative to the output root).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let dest = self.prepare(rel)?;
        overwrite(&dest, |f| f.write_all(bytes).map(|()| bytes.len() as u64))
    }

    /// Copy the file `src` to `rel`.
    pub fn copy(&self, src: &Path, rel: &str) -> io::Result<()> {
        let dest = self.prepare(rel)?;
        let mut from = fs::File::open(src)?;
        overwrite(&dest, |to| io::copy(&mut from, to))
    }

    /// Over a previous output: remove the files this build did not write, then the
    /// folders left empty (deepest first).
    fn prune(&self) -> io::Result<()> {
        let Some((found, written)) = &self.recycled else {
            return Ok(());
        };
        let written = written.lock().map_err(|_| io::Error::other("poisoned"))?;
        found.remove_unwritten(&self.tmp, |rel| written.contains(rel))
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
        self.prune()?;
        swap_in(&self.tmp, &self.out)
    }
}

impl Drop for Staging {
    /// Not committed, or the swap failed: the folder becomes the spare the next build
    /// writes over (or goes, when another build has left one already). After a successful
    /// commit the temporary folder is gone already.
    fn drop(&mut self) {
        keep_or_remove(&self.tmp, &self.out);
    }
}

#[cfg(unix)]
fn links(m: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(m)
}

#[cfg(not(unix))]
fn links(_: &fs::Metadata) -> u64 {
    1
}

/// Write the file at `path` with `fill` (which writes from the start and says how many
/// bytes), over what it holds: not truncated first, but cut after the new end if it was
/// longer. Truncating first frees the file's blocks and allocates new ones as it is
/// written; on a file system mounted with `discard` (this machine's ext4), every
/// truncation also waits for the disk to discard the freed blocks.
fn overwrite(path: &Path, fill: impl FnOnce(&mut fs::File) -> io::Result<u64>) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    let end = fill(&mut file)?;
    if file.metadata()?.len() > end {
        file.set_len(end)?;
    }
    Ok(())
}

/// Keep `dir` as the previous output of `out`, or remove it if there is one already.
fn keep_or_remove(dir: &Path, out: &Path) {
    if dir.exists() && fs::rename(dir, previous(out)).is_err() {
        let _ = fs::remove_dir_all(dir);
    }
}

/// Write `items` as the new content of `out`, atomically replacing what was there.
pub fn write_atomic(out: &Path, items: &[Item]) -> io::Result<()> {
    let staging = Staging::new(out)?;
    staging.write_items(items)?;
    staging.commit()
}

/// Put the finished folder `tmp` in the place of `out` (`tmp` is gone afterwards, or left
/// for the caller's [`Staging`] to keep as the spare on an error).
fn swap_in(tmp: &Path, out: &Path) -> io::Result<()> {
    // Swap: old → trash, new → out, then the trash becomes the spare. On Linux the two
    // folders are exchanged in one step, so `out` exists at every moment (a build killed
    // between two renames would otherwise leave no output at all).
    let trash = sibling(out, "old");
    let had_old = out.exists();
    if had_old && exchange(tmp, out).is_ok() {
        // `tmp` now holds the previous output.
        keep_or_remove(tmp, out);
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
        keep_or_remove(&trash, out);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What is beside the output in `dir`, other than the output and its spare.
    fn temporary_folders(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n != "public" && n != ".public.prev")
            .collect()
    }

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
        assert_eq!(temporary_folders(dir.path()), Vec::<String>::new());
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
        assert_eq!(temporary_folders(dir.path()), Vec::<String>::new());
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
        assert_eq!(temporary_folders(dir.path()), Vec::<String>::new());
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
        assert_eq!(temporary_folders(dir.path()), Vec::<String>::new());
    }

    #[cfg(unix)]
    fn inode(p: &Path) -> u64 {
        std::os::unix::fs::MetadataExt::ino(&fs::symlink_metadata(p).unwrap())
    }

    #[test]
    #[cfg(unix)]
    fn a_build_writes_over_the_output_two_builds_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let page = |text: &'static str| Item::Bytes("a/index.html".into(), text.as_bytes().into());
        write_atomic(&out, &[page("one, the longest")]).unwrap();
        let first = inode(&out.join("a/index.html"));
        write_atomic(&out, &[page("two")]).unwrap();
        // The first build's output is kept beside the second's ...
        let kept = fs::read(previous(&out).join("a/index.html")).unwrap();
        assert_eq!(kept, b"one, the longest");
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"two");
        // ... and the third is written over it: the same file, not a new one, with
        // nothing of the longer old content after the new.
        write_atomic(&out, &[page("three")]).unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"three");
        assert_eq!(inode(&out.join("a/index.html")), first);
        let kept = fs::read(previous(&out).join("a/index.html")).unwrap();
        assert_eq!(kept, b"two");
        // Longer than what it is written over.
        write_atomic(&out, &[page("four, longer than two")]).unwrap();
        let now = fs::read(out.join("a/index.html")).unwrap();
        assert_eq!(now, b"four, longer than two");
        assert_eq!(temporary_folders(dir.path()), Vec::<String>::new());
    }

    #[test]
    #[cfg(unix)]
    fn what_a_build_over_a_previous_output_does_not_write_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let outside = dir.path().join("outside.txt");
        fs::write(&outside, "keep").unwrap();
        let bytes =
            |rel: &'static str, text: &'static str| Item::Bytes(rel.into(), text.as_bytes().into());
        let old = [
            bytes("gone/deep/index.html", "x"),
            bytes("kept/index.html", "x"),
            bytes("kept/gone.html", "x"),
            bytes("kept/linked.html", "x"),
            bytes("file-then-folder", "x"),
            bytes("folder-then-file/index.html", "x"),
        ];
        write_atomic(&out, &old).unwrap();
        write_atomic(&out, &[bytes("index.html", "x")]).unwrap();
        // Something no build makes, put in the spare by hand: a link out of it. Writing
        // over it must not follow it, and it must not reach the output.
        std::os::unix::fs::symlink(&outside, previous(&out).join("kept/link.html")).unwrap();
        std::os::unix::fs::symlink(&outside, previous(&out).join("index.html.lnk")).unwrap();
        fs::remove_file(previous(&out).join("kept/index.html")).unwrap();
        std::os::unix::fs::symlink(&outside, previous(&out).join("kept/index.html")).unwrap();
        // A file of it with a second name outside (`cp -al public backup`): the copy
        // keeps its content.
        let linked = dir.path().join("backup.html");
        fs::hard_link(previous(&out).join("kept/linked.html"), &linked).unwrap();
        let new = [
            bytes("kept/index.html", "new"),
            bytes("kept/linked.html", "new"),
            bytes("file-then-folder/index.html", "new"),
            bytes("folder-then-file", "new"),
        ];
        write_atomic(&out, &new).unwrap();
        let mut found: Vec<String> = walkdir::WalkDir::new(&out)
            .min_depth(1)
            .sort_by_file_name()
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                let rel = e
                    .path()
                    .strip_prefix(&out)
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                if e.file_type().is_dir() {
                    format!("{rel}/")
                } else {
                    rel
                }
            })
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                "file-then-folder/",
                "file-then-folder/index.html",
                "folder-then-file",
                "kept/",
                "kept/index.html",
                "kept/linked.html"
            ]
        );
        assert!(
            !fs::symlink_metadata(out.join("kept/index.html"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(out.join("kept/index.html")).unwrap(), b"new");
        assert_eq!(fs::read(&outside).unwrap(), b"keep");
        assert_eq!(fs::read(&linked).unwrap(), b"x");
        assert_eq!(fs::read(out.join("kept/linked.html")).unwrap(), b"new");
    }

    #[test]
    #[cfg(unix)]
    fn a_killed_builds_folder_becomes_the_spare() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let page = |text: &'static str| Item::Bytes("index.html".into(), text.as_bytes().into());
        write_atomic(&out, &[page("one")]).unwrap();
        // What a build killed while writing leaves (no process has that id).
        let left = dir.path().join(".public.new-999999999");
        fs::create_dir_all(left.join("a")).unwrap();
        fs::write(left.join("index.html"), "half").unwrap();
        fs::write(left.join("a/stale.html"), "half").unwrap();
        let reused = inode(&left.join("index.html"));
        write_atomic(&out, &[page("two")]).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"two");
        assert_eq!(inode(&out.join("index.html")), reused);
        assert!(!out.join("a").exists());
        assert_eq!(fs::read(previous(&out).join("index.html")).unwrap(), b"one");
        assert_eq!(temporary_folders(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_spare_that_is_not_a_folder_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::write(previous(&out), "not a folder").unwrap();
        write_atomic(&out, &[Item::Bytes("index.html".into(), b"x"[..].into())]).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"x");
        write_atomic(&out, &[Item::Bytes("index.html".into(), b"y"[..].into())]).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"y");
        assert_eq!(fs::read(previous(&out)).unwrap(), b"not a folder");
    }
}
