//! CloudWatch metric alarms (`alarm.rs`) and the stack's dashboard
//! (`dashboard.rs`).

mod alarm;
mod dashboard;

crate::service!(CloudWatch: [alarm::Alarms, dashboard::Dashboards]);
