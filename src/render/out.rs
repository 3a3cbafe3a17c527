//! The one way stackctl writes to stdout (cargo's `Shell` idea): a reader that
//! goes away (`stackctl schema | head -1`) closes the pipe, and the next write
//! fails with EPIPE. Rust ignores SIGPIPE, so `println!` would panic there;
//! here the write is dropped quietly, like other command-line tools do, and the
//! command goes on to its normal end (an apply still releases its lock).

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once stdout's reader has gone; later writes are skipped.
static CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes formatted text to stdout and flushes it; a closed pipe is not an
/// error. Other write errors (a full disk behind a redirect) are not silently
/// lost either: they are reported once on stderr.
pub fn write_fmt(args: std::fmt::Arguments<'_>) {
    if CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    let result = out.write_fmt(args).and_then(|()| out.flush());
    if let Err(e) = result {
        CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write to stdout: {e}");
        }
    }
}

/// `std::io::Write` over [`write_fmt`], for renderers that take a writer.
pub struct Stdout;

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        write_fmt(format_args!("{}", String::from_utf8_lossy(buf)));
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `print!` through [`write_fmt`].
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::render::out::write_fmt(format_args!($($arg)*))
    };
}

/// `println!` through [`write_fmt`].
#[macro_export]
macro_rules! outln {
    () => {
        $crate::render::out::write_fmt(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::render::out::write_fmt(format_args!("{}\n", format_args!($($arg)*)))
    };
}
