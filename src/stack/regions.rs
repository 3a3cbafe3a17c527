//! The AWS regions stackctl knows, checked offline: a typo (`us-east-9`) is
//! refused by `validate` instead of failing later with an empty AWS error.
//!
//! The list is the partitions data the AWS SDK for Rust resolves endpoints with
//! (`partitions.json` embedded in every `aws-sdk-*` crate, 1.124 of
//! aws-sdk-sts), without the `*-global` pseudo-regions. The SDK keeps it
//! private, so it is copied here; a region AWS opens later needs a newer
//! stackctl, as it needs a newer SDK.

/// `(partition, regions)`.
pub const PARTITIONS: &[(&str, &[&str])] = &[
    (
        "aws",
        &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "mx-central-1",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
        ],
    ),
    ("aws-cn", &["cn-north-1", "cn-northwest-1"]),
    ("aws-eusc", &["eusc-de-east-1"]),
    ("aws-iso", &["us-iso-east-1", "us-iso-west-1"]),
    ("aws-iso-b", &["us-isob-east-1", "us-isob-west-1"]),
    ("aws-iso-e", &["eu-isoe-west-1"]),
    ("aws-iso-f", &["us-isof-east-1", "us-isof-south-1"]),
    ("aws-us-gov", &["us-gov-east-1", "us-gov-west-1"]),
];

/// Why `region` is not a region, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRegion {
    pub message: String,
    pub help: String,
}

/// Ok for a region of a partition the SDK knows.
pub fn check(region: &str) -> Result<(), UnknownRegion> {
    if PARTITIONS.iter().any(|(_, regions)| regions.contains(&region)) {
        return Ok(());
    }
    let shown = crate::stack::names::abbreviate(region);
    Err(UnknownRegion {
        message: format!("`{shown}` is not an AWS region known to this stackctl"),
        help: match similar(region).as_slice() {
            [] => "write a region such as `us-east-1` or `eu-west-1` (`aws ec2 describe-regions` lists your account's)".to_string(),
            near => format!(
                "write one of {}",
                near.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")
            ),
        },
    })
}

/// Regions that differ only in their number (`us-east-9` -> `us-east-1`,
/// `us-east-2`), or else in their last word's number and direction.
fn similar(region: &str) -> Vec<&'static str> {
    let stem = region.trim_end_matches(|c: char| c.is_ascii_digit());
    let all = PARTITIONS.iter().flat_map(|(_, regions)| regions.iter().copied());
    let same_stem: Vec<&str> = all.clone().filter(|r| !stem.is_empty() && r.starts_with(stem)).collect();
    if !same_stem.is_empty() {
        return same_stem;
    }
    let area = region.split('-').next().unwrap_or_default();
    all.filter(|r| area.len() >= 2 && r.split('-').next() == Some(area)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_regions_of_every_partition() {
        for r in ["us-east-1", "eu-west-3", "cn-north-1", "us-gov-west-1", "eusc-de-east-1"] {
            assert_eq!(check(r), Ok(()), "{r}");
        }
    }

    #[test]
    fn refuses_a_typo_suggesting_its_neighbours() {
        let e = check("us-east-9").unwrap_err();
        assert_eq!(e.message, "`us-east-9` is not an AWS region known to this stackctl");
        assert_eq!(e.help, "write one of `us-east-1`, `us-east-2`");
        let e = check("eu-middle-1").unwrap_err();
        assert!(e.help.contains("`eu-west-1`"), "{}", e.help);
        let e = check("bogus").unwrap_err();
        assert!(e.help.contains("describe-regions"), "{}", e.help);
    }
}
