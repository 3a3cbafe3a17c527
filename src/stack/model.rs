//! The typed model of `stack.yaml`: one struct per section, unknown keys refused.
//!
//! Defaults live here, as serde defaults, so that the model a stack is validated
//! and expanded from is the same one whatever the file left out. Every default is
//! the secure choice (see DESIGN.md, Secure defaults) and is visible in `plan`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::pos::Pos;

/// A whole stack file.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "stackctl stack file")]
pub struct Stack {
    /// Name of the stack: prefixes every AWS name and is the value of the
    /// `stackctl:stack` ownership tag. Lower case letters, digits and hyphens.
    pub stack: Pos<String>,
    /// AWS region of the stack, for example `us-east-1`.
    pub region: Pos<String>,
    /// Tags added to every resource, beside stackctl's ownership tags.
    #[serde(default)]
    pub tags: BTreeMap<String, Pos<String>>,
    /// Where stackctl talks to AWS: an endpoint override (for LocalStack or moto)
    /// and the lock used against concurrent applies.
    #[serde(default)]
    pub backend: Option<Pos<Backend>>,
    pub network: Option<Pos<Network>>,
    pub waf: Option<Pos<Waf>>,
    pub cdn: Option<Pos<Cdn>>,
    pub load_balancer: Option<Pos<LoadBalancer>>,
    pub kubernetes: Option<Pos<Kubernetes>>,
    pub database: Option<Pos<Database>>,
    pub cache: Option<Pos<Cache>>,
    /// AWS Backup for the stack's databases, off unless the section is given
    /// (README, "Backups (opt-in)").
    pub backup: Option<Pos<Backup>>,
    #[serde(default)]
    pub queues: Vec<Pos<Queue>>,
    #[serde(default)]
    pub buckets: Vec<Pos<Bucket>>,
    #[serde(default)]
    pub registries: Vec<Pos<Registry>>,
    pub monitoring: Option<Pos<Monitoring>>,
    #[serde(default)]
    pub repositories: Vec<Pos<Repository>>,
}

impl Stack {
    /// The bucket that receives the stack's logs (the trail's, the ALB's and
    /// the other buckets' access logs): `monitoring.cloudtrail_bucket`, when
    /// the stack has a bucket of that name.
    pub fn logs_bucket(&self) -> Option<&Pos<Bucket>> {
        let name = &self.monitoring.as_ref()?.cloudtrail_bucket;
        self.buckets.iter().find(|b| b.name.value == name.value)
    }
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Backend {
    /// Send every AWS call to this endpoint instead of AWS (LocalStack, moto).
    /// `AWS_ENDPOINT_URL` in the environment does the same and wins over this.
    pub endpoint: Option<Pos<String>>,
    /// A bucket (not managed by this stack) holding the team lock object
    /// `stackctl/<stack>.lock`, written with a conditional put. Without it the
    /// lock is a local file.
    pub lock_bucket: Option<Pos<String>>,
    /// Take over a local lock whose holder is gone (same host, its process no
    /// longer running) instead of refusing until `stackctl unlock`. Off by
    /// default: the run that was killed may have left changes half-made, which
    /// the next apply then finishes.
    #[serde(default)]
    pub take_over_stale_locks: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NatGateways {
    /// One NAT gateway in the first AZ: cheapest, one AZ's outage cuts egress.
    One,
    /// One NAT gateway per AZ: highly available egress.
    PerAz,
    /// No NAT: private subnets have no route to the internet.
    None,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// CIDR of the VPC, /16 to /24.
    #[serde(default = "default_cidr")]
    pub cidr: Pos<String>,
    /// How many AZs (1 to 6): the first ones the region offers the account
    /// (read with DescribeAvailabilityZones at plan time).
    #[serde(default = "default_azs")]
    pub availability_zones: Pos<u32>,
    /// The AZs to use instead, in order, by name (`ap-northeast-1a`) or by id
    /// (`apne1-az4`, the same physical zone in every account).
    pub zones: Option<Vec<Pos<String>>>,
    /// Public subnet CIDRs, one per AZ. Default: carved from the VPC CIDR.
    pub public_subnets: Option<Vec<Pos<String>>>,
    /// Private subnet CIDRs, one per AZ. Default: carved from the VPC CIDR.
    pub private_subnets: Option<Vec<Pos<String>>>,
    #[serde(default = "default_nat")]
    pub nat_gateways: Pos<NatGateways>,
    /// Remove every rule of the VPC's default security group (AWS's lets its
    /// members reach each other and everything out); `false` gives them back.
    #[serde(default = "default_true")]
    pub restrict_default_security_group: Pos<bool>,
    /// Narrow the inbound rules of the VPC's default network ACL, which every
    /// subnet uses (AWS's lets every protocol in from anywhere); `false` gives
    /// AWS's rule back.
    #[serde(default = "default_true")]
    pub restrict_default_network_acl: Pos<bool>,
    /// A flow log of the VPC (accepted and rejected traffic) into the stack's
    /// logs bucket (`monitoring.cloudtrail_bucket`).
    #[serde(default = "default_true")]
    pub flow_logs: Pos<bool>,
}

impl Network {
    /// How many AZs the network spans: the listed `zones`, or the count.
    pub fn az_count(&self) -> u32 {
        self.zones.as_ref().map_or(*self.availability_zones, |z| z.len() as u32)
    }
}

fn default_cidr() -> Pos<String> {
    Pos::default_value("10.0.0.0/16".to_string())
}
fn default_azs() -> Pos<u32> {
    Pos::default_value(2)
}
fn default_nat() -> Pos<NatGateways> {
    Pos::default_value(NatGateways::One)
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waf {
    /// AWS managed rule groups, by name (vendor AWS).
    #[serde(default = "default_managed_rules")]
    pub managed_rules: Vec<Pos<String>>,
    /// Requests per 5 minutes per client IP before it is blocked (10 to 2,000,000,000).
    #[serde(default = "default_rate_limit")]
    pub rate_limit_per_5min: Pos<u64>,
    /// Each web ACL logs every request it inspects to a log group of its own,
    /// `aws-waf-logs-<stack>-<regional|cloudfront>` (the CloudFront one in
    /// us-east-1), with the `authorization` and `cookie` headers redacted.
    #[serde(default = "default_true")]
    pub logging: Pos<bool>,
}

fn default_managed_rules() -> Vec<Pos<String>> {
    vec![Pos::default_value("AWSManagedRulesCommonRuleSet".to_string())]
}
fn default_rate_limit() -> Pos<u64> {
    Pos::default_value(2000)
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cdn {
    /// PriceClass_100, PriceClass_200 or PriceClass_All.
    #[serde(default = "default_price_class")]
    pub price_class: Pos<String>,
    /// A bucket of this stack served under `/static/*`.
    pub static_assets_bucket: Option<Pos<String>>,
    /// ACM certificate ARN (us-east-1) for custom domain names.
    pub certificate_arn: Option<Pos<String>>,
    /// Custom domain names (CNAMEs); need `certificate_arn`.
    #[serde(default)]
    pub aliases: Vec<Pos<String>>,
}

fn default_price_class() -> Pos<String> {
    Pos::default_value("PriceClass_100".to_string())
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancer {
    /// Port the targets (the EKS nodes) listen on.
    #[serde(default = "default_target_port")]
    pub target_port: Pos<u32>,
    #[serde(default = "default_health_path")]
    pub health_check_path: Pos<String>,
    /// ACM certificate ARN: adds an HTTPS listener, and HTTP redirects to it.
    pub certificate_arn: Option<Pos<String>>,
    /// With `cdn` and `certificate_arn`: the name CloudFront calls the ALB by,
    /// over HTTPS only. The certificate must cover it and DNS must point it at
    /// the ALB (a CNAME or alias to its DNS name, `stackctl output`).
    pub domain_name: Option<Pos<String>>,
    /// AWS refuses to delete the load balancer while this is on; `destroy
    /// --delete-protected` turns it off first.
    #[serde(default = "default_true")]
    pub deletion_protection: Pos<bool>,
    /// Access logs of the load balancer into the stack's logs bucket
    /// (`monitoring.cloudtrail_bucket`), under `alb/`.
    #[serde(default = "default_true")]
    pub access_logs: Pos<bool>,
}

fn default_target_port() -> Pos<u32> {
    Pos::default_value(8080)
}
fn default_health_path() -> Pos<String> {
    Pos::default_value("/".to_string())
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kubernetes {
    /// EKS Kubernetes version, quoted: "1.31".
    pub version: Pos<String>,
    /// CIDRs that may reach the API endpoint publicly. Empty (the default):
    /// the endpoint is private only.
    #[serde(default)]
    pub public_access_cidrs: Vec<Pos<String>>,
    /// Control-plane log types sent to CloudWatch Logs (default: all five;
    /// CloudWatch Logs bills their ingestion and storage).
    #[serde(default = "default_cluster_logs")]
    pub logging: Vec<Pos<String>>,
    pub node_groups: Vec<Pos<NodeGroup>>,
}

fn default_cluster_logs() -> Vec<Pos<String>> {
    super::rules::EKS_LOG_TYPES
        .iter()
        .map(|s| Pos::default_value(s.to_string()))
        .collect()
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeGroup {
    pub name: Pos<String>,
    pub instance_types: Vec<Pos<String>>,
    pub min_size: Pos<u32>,
    pub desired_size: Pos<u32>,
    pub max_size: Pos<u32>,
    #[serde(default = "default_disk")]
    pub disk_size_gb: Pos<u32>,
    #[serde(default)]
    pub labels: BTreeMap<String, Pos<String>>,
    /// Leave `desired_size` to the cluster autoscaler after creation: a
    /// difference in it is shown but never applied.
    #[serde(default)]
    pub ignore_desired_size: Pos<bool>,
}

fn default_disk() -> Pos<u32> {
    Pos::default_value(50)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Engine {
    Postgres,
    Mysql,
}

impl Engine {
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Postgres => "postgres",
            Engine::Mysql => "mysql",
        }
    }
    pub fn port(self) -> u32 {
        match self {
            Engine::Postgres => 5432,
            Engine::Mysql => 3306,
        }
    }
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Database {
    pub engine: Pos<Engine>,
    /// Engine version, quoted: "16.4".
    pub engine_version: Pos<String>,
    pub instance_class: Pos<String>,
    /// Allocated storage in GiB (20 to 65536).
    #[serde(default = "default_storage")]
    pub storage_gb: Pos<u32>,
    #[serde(default = "default_true")]
    pub multi_az: Pos<bool>,
    #[serde(default)]
    pub read_replicas: Pos<u32>,
    /// Days of automated backups (0 to 35); read replicas need at least 1.
    #[serde(default = "default_backup_days")]
    pub backup_retention_days: Pos<u32>,
    /// On the primary and every read replica: AWS refuses to delete them while
    /// it is on; `destroy --delete-protected` turns it off first.
    #[serde(default = "default_true")]
    pub deletion_protection: Pos<bool>,
    /// IAM database authentication (tokens from `rds generate-db-auth-token`
    /// beside the master password), on the primary and the replicas.
    #[serde(default = "default_true")]
    pub iam_authentication: Pos<bool>,
    /// Engine logs exported to CloudWatch Logs. Default: `postgresql` and
    /// `upgrade` for PostgreSQL, `error` and `slowquery` for MySQL. `[]` exports none.
    pub log_exports: Option<Vec<Pos<String>>>,
    /// Take a final snapshot when the primary is deleted.
    #[serde(default = "default_true")]
    pub final_snapshot: Pos<bool>,
    /// Name of the master user; its password is generated and kept in Secrets
    /// Manager by RDS, never written in the stack file or printed.
    #[serde(default = "default_master_user")]
    pub master_username: Pos<String>,
    /// The RDS certificate authority that signs the server certificate of the
    /// primary and the replicas (clients verify TLS against it).
    #[serde(default = "default_db_ca")]
    pub ca_certificate: Pos<String>,
}

impl Database {
    /// The log types exported to CloudWatch Logs: the stack's, or the engine's defaults.
    pub fn log_exports(&self) -> Vec<String> {
        match &self.log_exports {
            Some(l) => l.iter().map(|s| s.value.clone()).collect(),
            None => match *self.engine {
                Engine::Postgres => vec!["postgresql".into(), "upgrade".into()],
                Engine::Mysql => vec!["error".into(), "slowquery".into()],
            },
        }
    }
}

fn default_storage() -> Pos<u32> {
    Pos::default_value(20)
}
fn default_true() -> Pos<bool> {
    Pos::default_value(true)
}
fn default_backup_days() -> Pos<u32> {
    Pos::default_value(7)
}
fn default_master_user() -> Pos<String> {
    Pos::default_value("app_admin".to_string())
}
/// RDS's default CA for new instances since 2024, valid until 2061.
pub const DEFAULT_DB_CA: &str = "rds-ca-rsa2048-g1";
fn default_db_ca() -> Pos<String> {
    Pos::default_value(DEFAULT_DB_CA.to_string())
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cache {
    pub node_type: Pos<String>,
    /// Redis engine version, quoted.
    #[serde(default = "default_redis_version")]
    pub engine_version: Pos<String>,
    /// Replicas of the primary node (0 to 5). With at least one, automatic
    /// failover and multi-AZ are on.
    #[serde(default)]
    pub replicas: Pos<u32>,
    /// Encryption at rest; it can only be set at creation (a change replaces).
    #[serde(default = "default_true")]
    pub encryption_at_rest: Pos<bool>,
    #[serde(default = "default_true")]
    pub encryption_in_transit: Pos<bool>,
    /// Days of automatic daily snapshots kept (0 turns them off, at most 35).
    #[serde(default = "default_backup_days")]
    pub snapshot_retention_days: Pos<u32>,
    /// Who may connect: `iam` (an application user that signs in with IAM,
    /// the default user switched off) or `none` (Redis without AUTH).
    #[serde(default = "default_cache_auth")]
    pub auth: Pos<CacheAuth>,
}

/// How clients authenticate to Redis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CacheAuth {
    /// ElastiCache RBAC: a user group with an application user that
    /// authenticates with an IAM token (Redis 7 or later, TLS), and the
    /// `default` user switched off. No password exists anywhere.
    Iam,
    /// No AUTH: anyone who reaches the port may run any command.
    None,
}

fn default_cache_auth() -> Pos<CacheAuth> {
    Pos::default_value(CacheAuth::Iam)
}

/// AWS Backup of the stack's RDS instances: a vault under a KMS key of the
/// stack, a plan with one rule, and a selection of the primary and replicas.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    /// When AWS Backup starts a backup: a cron expression in UTC.
    #[serde(default = "default_backup_schedule")]
    pub schedule: Pos<String>,
    /// Days a recovery point is kept (at least 1).
    #[serde(default = "default_backup_retention")]
    pub retention_days: Pos<u32>,
    /// Days after which a recovery point moves to cold storage; AWS then keeps
    /// it at least 90 days more, so `retention_days` must be this plus 90 or
    /// more. Resources without cold storage (RDS among them) ignore it.
    pub cold_storage_after_days: Option<Pos<u32>>,
}

pub const DEFAULT_BACKUP_SCHEDULE: &str = "cron(0 5 * * ? *)";
fn default_backup_schedule() -> Pos<String> {
    Pos::default_value(DEFAULT_BACKUP_SCHEDULE.to_string())
}
fn default_backup_retention() -> Pos<u32> {
    Pos::default_value(35)
}

fn default_redis_version() -> Pos<String> {
    Pos::default_value("7.1".to_string())
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    /// Queue name within the stack; a `.fifo` suffix makes a FIFO queue.
    pub name: Pos<String>,
    #[serde(default = "default_visibility")]
    pub visibility_timeout_s: Pos<u32>,
    #[serde(default = "default_retention")]
    pub message_retention_s: Pos<u32>,
    pub dead_letter: Option<Pos<DeadLetter>>,
}

fn default_visibility() -> Pos<u32> {
    Pos::default_value(30)
}
fn default_retention() -> Pos<u32> {
    Pos::default_value(345_600)
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadLetter {
    /// Receives before a message moves to the dead-letter queue (1 to 1000).
    pub max_receives: Pos<u32>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bucket {
    /// Bucket name within the stack; the AWS name is
    /// `<stack>-<name>-<region>-<account id>`.
    pub name: Pos<String>,
    #[serde(default = "default_true")]
    pub versioning: Pos<bool>,
    /// Empty the bucket (every object version) on destroy. Without it, destroy
    /// stops at a bucket that still holds objects. Default: false, but true
    /// for the logs bucket (`monitoring.cloudtrail_bucket`), which holds only
    /// the logs the stack's services write.
    #[serde(default)]
    pub force_destroy: Pos<bool>,
    /// S3 server access logs of this bucket into the stack's logs bucket
    /// (`monitoring.cloudtrail_bucket`), under `s3-access/<name>/`. The logs
    /// bucket itself never logs into itself.
    #[serde(default = "default_true")]
    pub access_logs: Pos<bool>,
    /// Default encryption: `kms`, under the stack's bucket key
    /// `alias/<stack>-buckets` with an S3 Bucket Key, or `s3`, S3's own keys
    /// (SSE-S3). Default: `kms`, but `s3` for the logs bucket, into which
    /// Elastic Load Balancing and S3 deliver access logs only under SSE-S3.
    pub encryption: Option<Pos<String>>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Registry {
    pub name: Pos<String>,
    /// Keep at most this many images; older ones expire.
    #[serde(default = "default_keep_images")]
    pub keep_images: Pos<u32>,
    #[serde(default = "default_true")]
    pub immutable_tags: Pos<bool>,
    #[serde(default = "default_true")]
    pub scan_on_push: Pos<bool>,
    /// Delete the repository with its images on destroy.
    #[serde(default)]
    pub force_destroy: Pos<bool>,
}

fn default_keep_images() -> Pos<u32> {
    Pos::default_value(100)
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    /// Retention of the stack's log groups, in days (a value CloudWatch accepts).
    #[serde(default = "default_log_retention")]
    pub log_retention_days: Pos<u32>,
    /// Encrypt the log groups and the trail with a KMS key of the stack.
    #[serde(default = "default_true")]
    pub encrypt_logs: Pos<bool>,
    #[serde(default)]
    pub alarms: Alarms,
    /// Who hears of every alarm (ALARM and OK): email addresses, subscribed
    /// to the stack's SNS topic, and SNS topic ARNs, notified beside it.
    #[serde(default)]
    pub notify: Vec<Pos<String>>,
    #[serde(default = "default_true")]
    pub dashboard: Pos<bool>,
    #[serde(default = "default_true")]
    pub cloudtrail: Pos<bool>,
    /// Bucket of this stack that receives CloudTrail logs.
    #[serde(default = "default_trail_bucket")]
    pub cloudtrail_bucket: Pos<String>,
}

fn default_log_retention() -> Pos<u32> {
    // A year: what auditors ask for (Prowler's threshold is 365 days).
    Pos::default_value(365)
}
fn default_trail_bucket() -> Pos<String> {
    Pos::default_value("logs".to_string())
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alarms {
    /// Alarm when ALB 5xx responses exceed this share of requests (percent).
    pub alb_5xx_percent: Option<Pos<f64>>,
    /// Alarm when the database primary's CPU exceeds this (percent).
    pub db_cpu_percent: Option<Pos<f64>>,
    /// Alarm when a queue's oldest message is older than this (seconds).
    pub queue_oldest_message_s: Option<Pos<u32>>,
    /// Alarm when Redis engine CPU exceeds this (percent).
    pub cache_cpu_percent: Option<Pos<f64>>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    /// CodeCommit repository name within the stack.
    pub name: Pos<String>,
    #[serde(default)]
    pub description: Pos<String>,
}
