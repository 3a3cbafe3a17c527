//! The stack's CloudWatch dashboard: its widgets.

use super::MetricLine;

crate::typed_props! {
    /// A dashboard as the stack wants it, and as its body reads back.
    pub struct DashboardProps for Dashboard {
        /// One time-series widget each, two per row, in this order.
        pub widgets: Vec<Widget>,
    }
}

crate::typed_props! {
    /// A time-series widget: its title, the region its metrics are in, and the
    /// lines it draws.
    pub struct Widget {
        pub title: String,
        pub region: String,
        pub metrics: Vec<MetricLine>,
    }
}
