//! End-to-end tests: the real `stackctl` binary against moto (through
//! `tests/support/moto_server.py`), checked through the AWS API with the SDK.
//!
//! One test binary (every file under tests/ would otherwise link the whole AWS
//! SDK again). Tests share one moto server and keep apart by stack name: each
//! test uses its own `t-...` stack. Tests that count requests start their own.

mod access_logs;
mod backup;
mod cache_auth;
mod cache_users;
mod ci;
mod codecommit;
mod conventions;
mod crash;
mod crash_points;
mod credentials;
mod data;
mod edge;
mod eks;
mod examples;
mod export;
mod faults;
mod html;
mod import;
mod import_backup;
mod import_kinds;
mod import_kinds_data;
mod import_terraform;
mod lifecycle;
mod lock;
mod network_edge;
mod offline;
mod partial;
mod plan_file;
mod readiness;
mod requests;
mod secure;
mod secure_encryption;
mod secure_flow_logs;
mod secure_logs;
mod slow;
mod support;
mod user_output;
