//! The `kubernetes` section: the EKS cluster and its node groups.

use ipnet::Ipv4Net;

use super::Checker;
use crate::stack::model::{Kubernetes, NodeGroup};
use crate::stack::pos::Pos;
use crate::stack::{names, rules};

impl Checker<'_> {
    pub(super) fn kubernetes(&mut self) {
        self.needs_network(&self.stack.kubernetes, "kubernetes", 2, "an EKS cluster");
        let Some(k) = &self.stack.kubernetes else { return };
        let version_ok = k
            .version
            .split_once('.')
            .is_some_and(|(major, minor)| major == "1" && minor.parse::<u32>().is_ok());
        if !version_ok {
            self.error(
                k.version.span,
                "kubernetes.version",
                format!("`{}` is not an EKS Kubernetes version", k.version.value),
                "write a quoted minor version such as \"1.31\"",
            );
        }
        let cluster = names::eks_cluster(self.name());
        self.rule(
            k.span,
            "kubernetes",
            "cluster name",
            &cluster,
            rules::eks_cluster(&cluster),
            "shorten the stack name",
        );
        for role in [names::eks_cluster_role(self.name()), names::eks_node_role(self.name())] {
            self.rule(
                k.span,
                "kubernetes",
                "IAM role name",
                &role,
                rules::iam_role(&role),
                "shorten the stack name",
            );
        }
        self.cluster_access_and_logs(k);
        if k.node_groups.is_empty() {
            self.error(
                k.span,
                "kubernetes.node_groups",
                "the cluster has no node groups",
                "add at least one node group with `name`, `instance_types` and sizes",
            );
        }
        self.names_once("kubernetes.node_groups", &k.node_groups, |g| &g.name, "node group");
        for (i, g) in k.node_groups.iter().enumerate() {
            self.node_group(i, g);
        }
    }

    /// The public endpoint's ranges and the control-plane log types.
    fn cluster_access_and_logs(&mut self, k: &Pos<Kubernetes>) {
        for (i, cidr) in k.public_access_cidrs.iter().enumerate() {
            let key = format!("kubernetes.public_access_cidrs[{i}]");
            match cidr.parse::<Ipv4Net>() {
                Err(_) => self.error(
                    cidr.span,
                    key,
                    format!("`{}` is not an IPv4 CIDR", cidr.value),
                    "write a CIDR such as `203.0.113.0/24`",
                ),
                Ok(net) if net.prefix_len() == 0 => self.warn(
                    cidr.span,
                    key,
                    "the Kubernetes API is open to the whole internet",
                    "list only your office or CI ranges, or none for a private endpoint",
                ),
                Ok(_) => {}
            }
        }
        for (i, log) in k.logging.iter().enumerate() {
            let key = format!("kubernetes.logging[{i}]");
            self.one_of(log, log.span.or(k.span), key, rules::EKS_LOG_TYPES, "an EKS control-plane log type");
        }
    }

    /// `kubernetes.node_groups[i]`: its name, instance types and sizes.
    fn node_group(&mut self, i: usize, g: &Pos<NodeGroup>) {
        let key = |f: &str| format!("kubernetes.node_groups[{i}].{f}");
        self.rule(
            g.name.span,
            &key("name"),
            "node group name",
            &g.name,
            rules::component_name(&g.name).and(rules::eks_nodegroup(&g.name)),
            "use letters, digits and hyphens",
        );
        if g.instance_types.is_empty() {
            self.error(
                g.span,
                key("instance_types"),
                "no instance types",
                "list at least one, such as `[m6i.large]`",
            );
        }
        for (j, t) in g.instance_types.iter().enumerate() {
            let ok = t.split_once('.').is_some_and(|(family, size)| {
                !family.is_empty() && !size.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
            });
            if !ok {
                self.error(
                    t.span,
                    format!("kubernetes.node_groups[{i}].instance_types[{j}]"),
                    format!("`{}` is not an EC2 instance type", t.value),
                    "write a type such as `m6i.large`",
                );
            }
        }
        let (min, desired, max) = (*g.min_size, *g.desired_size, *g.max_size);
        if max == 0 {
            self.error(
                g.max_size.span,
                key("max_size"),
                "max_size is 0: the group could never run a node",
                "set max_size to 1 or more",
            );
        }
        if min > desired {
            self.error(
                g.desired_size.span,
                key("desired_size"),
                format!("desired_size {desired} is below min_size {min}"),
                format!("set desired_size to at least {min}"),
            );
        }
        if desired > max {
            self.error(
                g.desired_size.span,
                key("desired_size"),
                format!("desired_size {desired} is above max_size {max}"),
                format!("set desired_size to at most {max}, or raise max_size"),
            );
        }
        if !(1..=16384).contains(&*g.disk_size_gb) {
            self.error(
                g.disk_size_gb.span.or(g.span),
                key("disk_size_gb"),
                format!("disk size {} GiB is outside 1 to 16384", *g.disk_size_gb),
                "use a size such as 50",
            );
        }
    }
}
