//! Engine versions as RDS upgrades them.
//!
//! With `AutoMinorVersionUpgrade` on, AWS moves an instance to newer minor
//! versions of its major version by itself, and RDS refuses any downgrade
//! (`InvalidParameterCombination: Cannot upgrade postgres from 16.6 to 16.4`).
//! So the version a stack names is a floor within its major version: `"16"`
//! pins the major only (any 16.x satisfies it), `"16.4"` asks for 16.4 or a
//! newer 16.x. A live version below the floor is upgraded; a different major
//! version is a major upgrade. A plan never proposes going back.
//! <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html>

/// How many dot-separated parts make an engine's major version: MySQL and
/// MariaDB say `8.0` (`8.0.39`), PostgreSQL says `16` (`16.4`).
fn major_parts(engine: &str) -> usize {
    if engine.starts_with("mysql") || engine.starts_with("mariadb") {
        2
    } else {
        1
    }
}

/// The major version: `16` of `16.4`, `8.0` of `8.0.39`.
pub fn major_version(engine: &str, version: &str) -> String {
    version.split('.').take(major_parts(engine)).collect::<Vec<_>>().join(".")
}

/// The numeric parts of a version, for ordering (`16.10` after `16.9`).
fn key(version: &str) -> Vec<u64> {
    version.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// Whether a live version satisfies the version the stack names: the same
/// major version, and no older than what the stack names within it.
pub fn satisfies(engine: &str, pinned: &str, live: &str) -> bool {
    if pinned.is_empty() || live.is_empty() {
        return pinned == live;
    }
    major_version(engine, pinned) == major_version(engine, live) && key(live) >= key(pinned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_versions_per_engine() {
        assert_eq!(major_version("postgres", "16.4"), "16");
        assert_eq!(major_version("mysql", "8.0.39"), "8.0");
        assert_ne!(major_version("postgres", "15.7"), major_version("postgres", "16.4"));
    }

    #[test]
    fn a_newer_minor_of_the_same_major_satisfies_the_pin() {
        assert!(satisfies("postgres", "16.4", "16.4"));
        assert!(satisfies("postgres", "16.4", "16.6"));
        assert!(satisfies("postgres", "16.4", "16.10"));
        assert!(satisfies("postgres", "16", "16.6"));
        assert!(satisfies("mysql", "8.0.36", "8.0.39"));
        assert!(satisfies("mysql", "8.0", "8.0.39"));
    }

    #[test]
    fn an_older_minor_or_another_major_does_not() {
        assert!(!satisfies("postgres", "16.6", "16.4"), "an upgrade to the pinned minor");
        assert!(!satisfies("postgres", "17.2", "16.6"), "a major upgrade");
        assert!(!satisfies("postgres", "16.4", "17.2"), "another major, never silently accepted");
        assert!(!satisfies("mysql", "8.4.3", "8.0.39"));
    }
}
