//! What plan, apply and destroy share: the loaded stack, the AWS connection,
//! the desired graph, discovery and the lock.

use std::path::Path;
use std::sync::Arc;

use super::{CommandError, certificates};
use crate::aws::{self, Aws, Connection};
use crate::cli::AwsArgs;
use crate::graph::{self, ExpandContext, ResourceGraph};
use crate::lock::Lock;
use crate::plan::{self, PlannedApply};
use crate::render;
use crate::stack::{self, LoadedStack};

pub struct Session {
    pub loaded: LoadedStack,
    pub aws: Arc<Aws>,
    pub graph: ResourceGraph,
}

impl Session {
    /// Loads and validates the stack file (before any AWS call), then connects.
    pub async fn open(file: &Path, args: &AwsArgs) -> Result<Session, CommandError> {
        let loaded = stack::load_file(file)?;
        render::print_warnings(&loaded);
        let s = &loaded.stack;
        let endpoint = args.endpoint_url.clone().or_else(|| {
            // AWS_ENDPOINT_URL, read by the SDK, wins over the stack file.
            if std::env::var_os("AWS_ENDPOINT_URL").is_some() {
                None
            } else {
                s.backend.as_ref().and_then(|b| b.endpoint.as_ref()).map(|e| e.value.clone())
            }
        });
        // The stack file's region is checked by validation; a --region flag is
        // checked here, before any AWS call.
        if let Some(region) = &args.region {
            stack::regions::check(region).map_err(|e| CommandError::UnknownRegion {
                message: e.message,
                help: e.help,
            })?;
        }
        let conn = Connection {
            region: args.region.clone().unwrap_or_else(|| s.region.value.clone()),
            profile: args.profile.clone(),
            endpoint,
            max_attempts: std::env::var("STACKCTL_MAX_ATTEMPTS").ok().and_then(|v| v.parse().ok()),
        };
        tracing::info!(
            "connecting to AWS: region {}, endpoint {}, profile {}",
            conn.region,
            conn.endpoint.as_deref().unwrap_or("AWS's own (or AWS_ENDPOINT_URL)"),
            conn.profile.as_deref().unwrap_or("none (the default chain)")
        );
        let aws = Aws::connect(&conn, &s.stack).await?;
        tracing::info!("connected: account {}", aws.account_id);
        let zones = match &s.network {
            Some(_) => Some(aws::offered_zones(&aws).await?),
            None => None,
        };
        if let Some(offered) = &zones {
            graph::zones_for(s, offered).map_err(|e| {
                let n = s.network.as_ref().expect("zones are read for a network");
                let listed = e.index().and_then(|i| n.zones.as_ref().and_then(|z| z.get(i)));
                let span = listed.map_or(n.availability_zones.span, |z| z.span).or(n.span);
                CommandError::Zones {
                    at: format!("{}:{span}", file.display()),
                    source: e,
                }
            })?;
        }
        let graph = graph::expand(
            s,
            &ExpandContext {
                account_id: Some(aws.account_id.clone()),
                zones,
            },
        );
        Ok(Session {
            loaded,
            aws: Arc::new(aws),
            graph,
        })
    }

    pub fn stack_name(&self) -> &str {
        &self.loaded.stack.stack
    }

    /// `backend.take_over_stale_locks`.
    pub fn take_over_stale_locks(&self) -> bool {
        self.loaded.stack.backend.as_ref().is_some_and(|b| b.take_over_stale_locks)
    }

    pub fn lock(&self, file: &Path) -> Lock {
        match self.loaded.stack.backend.as_ref().and_then(|b| b.lock_bucket.as_ref()) {
            Some(bucket) => Lock::s3(self.aws.s3.clone(), bucket, self.stack_name()),
            None => Lock::local(file, self.stack_name()),
        }
    }

    /// Reads the live state and diffs the desired graph against it. The graph
    /// planned keeps resources live under an older naming (`plan::adopt`).
    /// The certificates are checked first: a plan (so an apply) stops at the
    /// certificate's line before any change; destroy does not need them.
    pub async fn plan(&self, refresh: bool) -> Result<PlannedApply, CommandError> {
        certificates::check(&self.aws, &self.loaded.stack, &self.loaded.path).await?;
        let mut live = aws::discover(&self.aws, &self.graph, refresh).await?;
        let graph = plan::adopt::keep_live_names(&self.graph, &live);
        let stale = plan::needs_settings(&graph, &live);
        if !stale.is_empty() {
            tracing::info!("hash tag does not vouch for the settings of: {stale:?}; reading them");
            aws::read_settings(&self.aws, &mut live, &stale).await?;
        }
        let p = plan::diff(
            &graph,
            &live,
            &Aws::supports,
            (self.stack_name(), &self.aws.region, Some(&self.aws.account_id)),
        );
        if plan::upgrades::mysql_major_with_replicas(&p, &graph)
            && let Some(db) = &self.loaded.stack.database
        {
            return Err(CommandError::Refused {
                at: format!("{}:{}", self.loaded.path, db.engine_version.span),
                problem: "a MySQL major upgrade of a database with read replicas: RDS upgrades a MySQL source only after its replicas, which stackctl does not order yet".into(),
                help: "set `read_replicas: 0` and apply, upgrade, then add the replicas back (or upgrade the replicas first in the console)".into(),
            });
        }
        Ok(PlannedApply { plan: p, graph, live })
    }
}
