//! Plan files: `plan --out FILE` saves the plan with the graph it came from and
//! a fingerprint of the live state it was made against; `apply FILE` applies
//! exactly that plan, and refuses it when AWS changed in between.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{LiveState, Plan};
use crate::graph::{NodeId, ResourceGraph};

pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanFile {
    pub format_version: u32,
    pub stackctl_version: String,
    pub plan: Plan,
    pub graph: ResourceGraph,
    /// What each live resource looked like: physical id, tags and the settings
    /// that were read, hashed.
    pub live_fingerprint: BTreeMap<NodeId, String>,
    /// Resources whose settings the plan read, to read again when checking.
    pub read_settings: Vec<NodeId>,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanFileError {
    #[error("not a stackctl plan file: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("the plan file has format {found}, this stackctl reads format {FORMAT_VERSION}; make a new plan")]
    Format { found: u32 },
}

/// One line per live resource; equal fingerprints mean nothing changed.
pub fn fingerprint(live: &LiveState) -> BTreeMap<NodeId, String> {
    live.resources
        .iter()
        .map(|r| {
            let json = serde_json::to_vec(&(&r.physical_id, &r.tags, &r.props)).expect("live state serialises");
            (r.id.clone(), hex::encode(&Sha256::digest(&json)[..12]))
        })
        .collect()
}

impl PlanFile {
    pub fn new(plan: Plan, graph: ResourceGraph, live: &LiveState) -> Self {
        PlanFile {
            format_version: FORMAT_VERSION,
            stackctl_version: env!("CARGO_PKG_VERSION").to_string(),
            plan,
            graph,
            live_fingerprint: fingerprint(live),
            read_settings: live.resources.iter().filter(|r| r.props.is_some()).map(|r| r.id.clone()).collect(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("plan file serialises")
    }

    pub fn from_json(text: &str) -> Result<Self, PlanFileError> {
        #[derive(Deserialize)]
        struct Version {
            format_version: u32,
        }
        let v: Version = serde_json::from_str(text)?;
        if v.format_version != FORMAT_VERSION {
            return Err(PlanFileError::Format { found: v.format_version });
        }
        Ok(serde_json::from_str(text)?)
    }

    /// What changed in AWS since the plan was made: one line per resource.
    pub fn staleness(&self, now: &LiveState) -> Vec<String> {
        let current = fingerprint(now);
        let mut out = Vec::new();
        for (id, fp) in &self.live_fingerprint {
            match current.get(id) {
                None => out.push(format!("{id}: deleted since the plan was made")),
                Some(c) if c != fp => out.push(format!("{id}: changed since the plan was made")),
                Some(_) => {}
            }
        }
        for id in current.keys().filter(|id| !self.live_fingerprint.contains_key(*id)) {
            out.push(format!("{id}: created since the plan was made"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Kind;
    use crate::plan::LiveResource;

    fn live(id: &str, physical: &str) -> LiveResource {
        LiveResource {
            id: NodeId::new(id),
            kind: Kind::Queue,
            name: id.into(),
            physical_id: physical.into(),
            attrs: Default::default(),
            props: None,
            tags: Default::default(),
        }
    }

    fn plan() -> Plan {
        Plan {
            stack: "s".into(),
            region: "r".into(),
            account_id: None,
            resources: vec![],
            conflicts: vec![],
            unmanaged: vec![],
            refreshed: false,
        }
    }

    #[test]
    fn round_trips_through_json() {
        let state = LiveState {
            resources: vec![live("q", "url-1")],
            ..Default::default()
        };
        let file = PlanFile::new(plan(), ResourceGraph::new(), &state);
        let back = PlanFile::from_json(&file.to_json()).unwrap();
        assert_eq!(back.plan, file.plan);
        assert_eq!(back.live_fingerprint, file.live_fingerprint);
        assert!(back.staleness(&state).is_empty());
    }

    #[test]
    fn reports_every_change_since_the_plan() {
        let before = LiveState {
            resources: vec![live("a", "1"), live("b", "2")],
            ..Default::default()
        };
        let file = PlanFile::new(plan(), ResourceGraph::new(), &before);
        let mut changed = live("a", "1");
        changed.tags.insert("team".into(), "x".into());
        let after = LiveState {
            resources: vec![changed, live("c", "3")],
            ..Default::default()
        };
        assert_eq!(
            file.staleness(&after),
            vec![
                "a: changed since the plan was made",
                "b: deleted since the plan was made",
                "c: created since the plan was made"
            ]
        );
    }

    #[test]
    fn refuses_other_formats_and_garbage() {
        assert!(matches!(
            PlanFile::from_json("{\"format_version\": 99}"),
            Err(PlanFileError::Format { found: 99 })
        ));
        assert!(matches!(PlanFile::from_json("not json"), Err(PlanFileError::Parse(_))));
    }
}
