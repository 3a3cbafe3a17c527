//! The one-line reports of the commands that write files or change local
//! state (`init`, `export terraform`, `man --out`, `unlock`) and the lines of
//! `output NAME`: the commands say what happened, these word it.

use std::path::Path;

/// `init` wrote the seed stack.
pub fn seed_written(path: &Path) -> String {
    format!(
        "wrote {}: the seed architecture. Next: edit it, then `stackctl validate -f {}`",
        path.display(),
        path.display()
    )
}

/// `export terraform` wrote `files` (name, text) into `dir`.
pub fn terraform_written(dir: &Path, files: &[(String, String)]) -> String {
    let lines: usize = files.iter().map(|(_, text)| text.lines().count()).sum();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    format!(
        "wrote {} files ({lines} lines) into {}: {}\nNext: cd {} && terraform init && terraform plan",
        files.len(),
        dir.display(),
        names.join(", "),
        dir.display()
    )
}

/// `man --out` wrote `count` pages into `dir`.
pub fn man_pages_written(count: usize, dir: &Path) -> String {
    format!("Wrote {count} man pages to {}.", dir.display())
}

/// `unlock` removed another run's lock.
pub fn lock_removed(stack: &str, holder: &str, command: &str, since: &str) -> String {
    format!("Removed the lock of stack `{stack}` held by {holder} (`{command}` since {since}).")
}

/// How `output NAME` shows one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputStyle {
    /// `name = value`.
    Assignment,
    /// The value alone, for `$(stackctl output --raw NAME)`.
    Raw,
    /// A JSON string.
    Json,
}

/// One output as `output NAME` prints it.
pub fn one_output(name: &str, value: &str, style: OutputStyle) -> String {
    match style {
        OutputStyle::Assignment => format!("{name} = {value}"),
        OutputStyle::Raw => value.to_string(),
        OutputStyle::Json => serde_json::Value::String(value.to_string()).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_file_writing_commands_report() {
        let files = vec![
            ("main.tf".to_string(), "a\nb\n".to_string()),
            ("network.tf".to_string(), "c\n".to_string()),
        ];
        let text = [
            seed_written(Path::new("stack.yaml")),
            terraform_written(Path::new("tf"), &files),
            man_pages_written(14, Path::new("man1")),
            lock_removed("shop", "ci@runner-7", "apply", "2026-11-30 11:00:00 UTC"),
        ]
        .join("\n");
        insta::assert_snapshot!(text, @r"
        wrote stack.yaml: the seed architecture. Next: edit it, then `stackctl validate -f stack.yaml`
        wrote 2 files (3 lines) into tf: main.tf, network.tf
        Next: cd tf && terraform init && terraform plan
        Wrote 14 man pages to man1.
        Removed the lock of stack `shop` held by ci@runner-7 (`apply` since 2026-11-30 11:00:00 UTC).
        ");
    }

    #[test]
    fn one_output_in_each_style() {
        let value = "shop-alb-1.us-east-1.elb.amazonaws.com \"x\"";
        let text = [OutputStyle::Assignment, OutputStyle::Raw, OutputStyle::Json]
            .map(|s| one_output("alb_dns_name", value, s))
            .join("\n");
        insta::assert_snapshot!(text, @r#"
        alb_dns_name = shop-alb-1.us-east-1.elb.amazonaws.com "x"
        shop-alb-1.us-east-1.elb.amazonaws.com "x"
        "shop-alb-1.us-east-1.elb.amazonaws.com \"x\""
        "#);
    }
}
