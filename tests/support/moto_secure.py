"""What AWS refuses around the secure defaults of a stack (issue 10), where moto 5.2.1
accepts it, so that a test fails the day stackctl stops honouring the rule.

- DeleteLoadBalancer of a load balancer whose `deletion_protection.enabled` attribute is
  `true` is refused with HTTP 400 `OperationNotPermitted`, "Load balancer 'ARN' cannot be
  deleted because deletion protection is enabled"; moto deletes it. The attribute has to
  be turned off first (ModifyLoadBalancerAttributes).
  https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#deletion-protection
  https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteLoadBalancer.html
"""


def patch_load_balancer_protection() -> None:
    from moto.elbv2.exceptions import ELBClientError
    from moto.elbv2.models import ELBv2Backend

    original_delete = ELBv2Backend.delete_load_balancer

    def delete_load_balancer(self, arn):
        lb = self.load_balancers.get(arn)
        if lb is not None and lb.attrs.get("deletion_protection.enabled") == "true":
            raise ELBClientError(
                "OperationNotPermitted",
                f"Load balancer '{arn}' cannot be deleted because deletion protection is enabled",
            )
        return original_delete(self, arn)

    ELBv2Backend.delete_load_balancer = delete_load_balancer


def patch_secure_defaults() -> None:
    patch_load_balancer_protection()
