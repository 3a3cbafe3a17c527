use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use super::CommandError;

/// The seed architecture, the same file as stack.yaml at the repository root.
pub const SEED_STACK: &str = include_str!("../../stack.yaml");

pub fn run(dir: &Path) -> Result<u8, CommandError> {
    let path = dir.join("stack.yaml");
    let write_err = |source| CommandError::Write {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(write_err)?;
    // create_new: refuse atomically, even if another process races us.
    let mut file = match OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(CommandError::AlreadyExists(path)),
        Err(e) => return Err(write_err(e)),
    };
    file.write_all(SEED_STACK.as_bytes()).map_err(write_err)?;
    crate::outln!("{}", crate::render::notices::seed_written(&path));
    Ok(0)
}
