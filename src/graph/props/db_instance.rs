//! The stack's DB instances: the primary and its read replicas. RDS describes
//! both alike; the settings they share are one struct, [`DbSettings`], in the
//! same property map as each kind's own.

use super::{MapProps, PropsError, Reader};
use crate::graph::node::Kind;
use crate::graph::value::{Props, Value};

crate::typed_props! {
    /// What a primary and a replica both have.
    pub struct DbSettings {
        pub instance_class: String,
        pub storage_encrypted: bool,
        pub publicly_accessible: bool,
        /// References in the graph, ids once resolved.
        pub vpc_security_group_ids: Vec<Value>,
        /// A reference to the stack's group, its name once resolved.
        pub db_parameter_group_name: Value,
        pub auto_minor_version_upgrade: bool,
        pub deletion_protection: bool,
        pub iam_database_authentication: bool,
        /// The log types published to CloudWatch Logs.
        pub cloudwatch_logs_exports: Vec<String>,
        /// The CA that signs the server certificate; none (or empty) leaves RDS's
        /// default for new instances.
        pub ca_certificate_identifier: Option<String>,
    }
}

crate::typed_props! {
    /// The primary instance.
    pub struct DbInstanceProps for DbInstance {
        pub settings as ..: DbSettings,
        pub engine: String,
        /// A floor within its major version (see `aws::rds::version`).
        pub engine_version: String,
        /// GiB.
        pub allocated_storage: u32,
        pub storage_type: String,
        pub multi_az: bool,
        /// Days of automated backups.
        pub backup_retention_period: u32,
        /// Whether deleting the primary takes a final snapshot: no AWS setting,
        /// carried by a tag (`aws::rds::FINAL_SNAPSHOT_TAG`).
        pub final_snapshot: bool,
        pub master_username: String,
        /// RDS generates the password and keeps it in Secrets Manager.
        pub manage_master_user_password: bool,
        /// A reference to the stack's subnet group, its name once resolved.
        pub db_subnet_group_name: Value,
        pub copy_tags_to_snapshot: bool,
    }
}

crate::typed_props! {
    /// A read replica of the primary.
    pub struct DbReplicaProps for DbReplica {
        pub settings as ..: DbSettings,
        /// A reference to the primary's identifier; as AWS reports it, the
        /// identifier (same region) or ARN (another region).
        pub source_db_instance_identifier: Value,
    }
}

impl DbSettings {
    /// The shared settings of either kind's property map.
    pub fn of(kind: Kind, p: &Props) -> Result<DbSettings, PropsError> {
        DbSettings::read_map(&Reader::new(kind, p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::props::error_after;

    fn settings() -> DbSettings {
        DbSettings {
            instance_class: "db.t3.micro".into(),
            storage_encrypted: true,
            publicly_accessible: false,
            vpc_security_group_ids: vec![Value::str("sg-1")],
            db_parameter_group_name: Value::str("shop-db-postgres16"),
            auto_minor_version_upgrade: true,
            deletion_protection: true,
            iam_database_authentication: false,
            cloudwatch_logs_exports: vec!["postgresql".into()],
            ca_certificate_identifier: Some("rds-ca-rsa2048-g1".into()),
        }
    }

    fn primary() -> DbInstanceProps {
        DbInstanceProps {
            settings: settings(),
            engine: "postgres".into(),
            engine_version: "16".into(),
            allocated_storage: 20,
            storage_type: "gp3".into(),
            multi_az: true,
            backup_retention_period: 7,
            final_snapshot: true,
            master_username: "app".into(),
            manage_master_user_password: true,
            db_subnet_group_name: Value::str("shop-db"),
            copy_tags_to_snapshot: true,
        }
    }

    #[test]
    fn props_round_trip_through_the_property_map() {
        assert_eq!(DbInstanceProps::try_from(&Props::from(primary())), Ok(primary()));
        let replica = DbReplicaProps {
            settings: DbSettings {
                ca_certificate_identifier: None,
                ..settings()
            },
            source_db_instance_identifier: Value::str("shop-db"),
        };
        let props = Props::from(replica.clone());
        assert!(!props.contains_key("engine") && !props.contains_key("ca_certificate_identifier"));
        assert_eq!(DbReplicaProps::try_from(&props), Ok(replica));
    }

    #[test]
    fn a_missing_or_mistyped_setting_is_an_error_naming_it() {
        let e = error_after(primary(), |props| {
            props.remove("instance_class");
        });
        assert_eq!(e, "aws_db_instance props: `instance_class` is missing");
        let mut props = Props::from(primary());
        props.insert("allocated_storage".into(), Value::str("20"));
        let e = DbInstanceProps::try_from(&props).unwrap_err();
        assert_eq!(e.key, "allocated_storage");
        let e = DbReplicaProps::try_from(&Props::from(primary())).unwrap_err();
        assert_eq!(
            e.to_string(),
            "aws_db_instance_replica props: `source_db_instance_identifier` is missing"
        );
    }
}
